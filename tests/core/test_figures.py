"""The figures cache: off without a shared cache; per municipality; every change invalidates."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from koersvast.core import figures
from koersvast.portfolio.models import Initiative
from tests.conftest import SHARED_CACHES
from tests.factories import DomainFactory, InitiativeFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


class Counter:
    """`compute` for cached(): counts how often it really ran."""

    def __init__(self, value: Any = "figure") -> None:
        self.value, self.calls = value, 0

    def __call__(self) -> Any:
        self.calls += 1
        return self.value


def test_without_a_shared_cache_every_call_computes() -> None:
    assert not figures.enabled()  # the zero-setup default
    compute = Counter()
    figures.cached("x", 1, (), compute)
    figures.cached("x", 1, (), compute)
    assert compute.calls == 2


def test_a_figure_is_computed_once(shared_cache) -> None:
    compute = Counter()
    assert figures.cached("x", 1, ("a",), compute) == "figure"
    assert figures.cached("x", 1, ("a",), compute) == "figure"
    assert compute.calls == 1
    figures.cached("x", 1, ("b",), compute)  # other parameters, other figure
    assert compute.calls == 2


def test_keys_are_per_municipality(shared_cache) -> None:
    a, b = MunicipalityFactory(), MunicipalityFactory()
    assert figures.cached("x", a.pk, (), lambda: "of a") == "of a"
    assert figures.cached("x", b.pk, (), lambda: "of b") == "of b"
    assert figures.cached("x", a.pk, (), lambda: "recomputed") == "of a"
    assert figures.cached("x", b.pk, (), lambda: "recomputed") == "of b"


def test_the_language_is_part_of_the_key(shared_cache) -> None:
    from django.utils import translation

    with translation.override("nl"):
        figures.cached("x", 1, (), lambda: "Nederlands")
    with translation.override("en"):
        assert figures.cached("x", 1, (), lambda: "English") == "English"


@pytest.mark.parametrize(
    "change",
    ["create", "save", "delete", "queryset update", "bulk_create", "bulk_update"],
)
def test_every_kind_of_write_invalidates(
    shared_cache, municipality, change, django_capture_on_commit_callbacks
) -> None:
    existing = InitiativeFactory(municipality=municipality, title="Oud")
    domain = existing.domain
    compute = Counter()
    figures.cached("x", municipality.pk, (), compute)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "create":
            InitiativeFactory(municipality=municipality, domain=domain)
        elif change == "save":
            existing.title = "Nieuw"
            existing.save()
        elif change == "delete":
            existing.delete()
        elif change == "queryset update":
            Initiative.objects.filter(pk=existing.pk).update(title="Nieuw")
        elif change == "bulk_create":
            Initiative.objects.bulk_create(
                [Initiative(municipality=municipality, domain=domain, reference="B-1", title="B")]
            )
        else:
            existing.title = "Nieuw"
            Initiative.objects.bulk_update([existing], ["title"])
    figures.cached("x", municipality.pk, (), compute)
    assert compute.calls == 2


def test_a_change_in_one_municipality_keeps_the_others_figures(
    shared_cache, municipality, other_municipality, django_capture_on_commit_callbacks
) -> None:
    compute_a, compute_b = Counter("a"), Counter("b")
    figures.cached("x", municipality.pk, (), compute_a)
    figures.cached("x", other_municipality.pk, (), compute_b)
    with django_capture_on_commit_callbacks(execute=True):
        DomainFactory(municipality=municipality)
    figures.cached("x", municipality.pk, (), compute_a)
    figures.cached("x", other_municipality.pk, (), compute_b)
    assert (compute_a.calls, compute_b.calls) == (2, 1)


def test_a_queryset_update_invalidates_only_its_municipalities_and_only_on_a_change(
    shared_cache, municipality, other_municipality, django_capture_on_commit_callbacks
) -> None:
    """Optimiser progress writes are queryset updates: they used to empty every municipality."""
    existing = InitiativeFactory(municipality=municipality, title="Oud")
    compute_a, compute_b = Counter("a"), Counter("b")
    figures.cached("x", municipality.pk, (), compute_a)
    figures.cached("x", other_municipality.pk, (), compute_b)
    with django_capture_on_commit_callbacks(execute=True):
        Initiative.objects.filter(pk=existing.pk).update(title="Nieuw")
        Initiative.objects.filter(pk=-1).update(title="niets")  # 0 rows: nothing changed
    figures.cached("x", municipality.pk, (), compute_a)
    figures.cached("x", other_municipality.pk, (), compute_b)
    assert (compute_a.calls, compute_b.calls) == (2, 1)
    with django_capture_on_commit_callbacks(execute=True):
        Initiative.objects.filter(pk=-1).update(title="niets")
    figures.cached("x", municipality.pk, (), compute_a)
    assert compute_a.calls == 2


def test_a_user_change_invalidates_every_municipality(
    shared_cache, municipality, other_municipality, django_capture_on_commit_callbacks
) -> None:
    user = get_user_model().objects.create(username="jan")
    compute = Counter()
    figures.cached("x", municipality.pk, (), compute)
    figures.cached("x", other_municipality.pk, (), compute)
    with django_capture_on_commit_callbacks(execute=True):
        user.first_name = "Jan"
        user.save()
    figures.cached("x", municipality.pk, (), compute)
    figures.cached("x", other_municipality.pk, (), compute)
    assert compute.calls == 4


def test_nothing_changes_before_the_commit(shared_cache, municipality) -> None:
    """Invalidation waits for the commit: a rolled-back write leaves the figures as they were."""
    compute = Counter()
    figures.cached("x", municipality.pk, (), compute)
    DomainFactory(municipality=municipality)  # the test's transaction never commits
    figures.cached("x", municipality.pk, (), compute)
    assert compute.calls == 1


def test_an_unreachable_cache_computes(settings) -> None:
    settings.CACHES = {
        **SHARED_CACHES,
        "figures": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    assert figures.cached("x", 1, (), lambda: "computed") == "computed"
