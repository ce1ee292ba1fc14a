"""Initiative references: one scheme per municipality (prefix-number), safe under concurrency."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from koersvast.intake.services.submission import initiative_save
from koersvast.portfolio.models import Initiative
from koersvast.portfolio.references import next_reference
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory


def _submit(municipality: Any, by: Any, domain: Any, title: str = "Nieuw") -> Initiative:
    return initiative_save(
        initiative=Initiative(municipality=municipality, domain=domain, title=title), by=by
    )


@pytest.mark.django_db
def test_new_initiatives_follow_the_municipality_prefix(
    municipality, other_municipality, personas, outsider
) -> None:
    submitter = personas[Role.SUBMITTER]
    domain = DomainFactory(municipality=municipality)
    assert municipality.reference_prefix == "KV"
    assert _submit(municipality, submitter, domain).reference == "KV-001"
    assert _submit(municipality, submitter, domain).reference == "KV-002"
    # References of another scheme (the old year numbers) and of another town do not count.
    InitiativeFactory(municipality=municipality, reference="2026-041")
    InitiativeFactory(municipality=other_municipality, reference="KV-900")
    assert _submit(municipality, submitter, domain).reference == "KV-003"
    elsewhere = DomainFactory(municipality=other_municipality)
    assert _submit(other_municipality, outsider, elsewhere).reference == "KV-901"


@pytest.mark.django_db
def test_given_references_are_respected_and_a_new_prefix_starts_at_one(
    municipality, personas
) -> None:
    submitter = personas[Role.SUBMITTER]
    domain = DomainFactory(municipality=municipality)
    InitiativeFactory(municipality=municipality, reference="KV-050")
    InitiativeFactory(municipality=municipality, reference="KV-0x1")  # not a number: ignored
    assert next_reference(municipality) == "KV-051"
    municipality.reference_prefix = "UTR"
    municipality.save()
    assert _submit(municipality, submitter, domain).reference == "UTR-001"
    assert Initiative.objects.filter(reference="KV-050").exists()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_get_different_references(municipality, personas) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite has one writer at a time)")
    submitter = personas[Role.SUBMITTER]
    domain = DomainFactory(municipality=municipality)
    count = 8
    start = threading.Barrier(count)
    errors: list[BaseException] = []

    def submit(n: int) -> None:
        try:
            start.wait()
            _submit(municipality, submitter, domain, title=f"Gelijktijdig {n}")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    references = sorted(Initiative.objects.values_list("reference", flat=True))
    assert references == [f"KV-{n:03d}" for n in range(1, count + 1)]
