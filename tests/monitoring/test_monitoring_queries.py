"""Monitoring pages keep a constant number of queries whatever the portfolio's size."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koersvast.monitoring.models import ProgrammeInitiative
from tests.factories import (
    BenefitFactory,
    BudgetLineFactory,
    InitiativeFactory,
    ProgrammeFactory,
    ProgressReportFactory,
    RiskFactory,
)


def _populate(municipality, size: int) -> None:
    programmes = [ProgrammeFactory(municipality=municipality) for _ in range(max(1, size // 5))]
    for n in range(size):
        initiative = InitiativeFactory(municipality=municipality, state="in_uitvoering")
        ProgrammeInitiative.objects.create(
            municipality=municipality,
            programme=programmes[n % len(programmes)],
            initiative=initiative,
        )
        for quarter in (1, 2):
            ProgressReportFactory(initiative=initiative, quarter=quarter, status="ingediend")
        RiskFactory(initiative=initiative, probability=1 + n % 5)
        benefit = BenefitFactory(initiative=initiative)
        benefit.measurements.create(municipality=municipality, measured_on="2026-01-01", value=15)
        BudgetLineFactory(initiative=initiative)


PAGES = [
    "monitoring:index",
    "monitoring:programmes",
    "monitoring:risks",
    "monitoring:benefits",
    "monitoring:budget",
]


@pytest.mark.parametrize("name", PAGES)
def test_query_count_does_not_grow(name, municipality, pm_client, django_assert_max_num_queries):
    url = reverse(name)
    _populate(municipality, 3)
    with django_assert_max_num_queries(20) as small:
        assert pm_client.get(url).status_code == 200
    _populate(municipality, 30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert pm_client.get(url).status_code == 200


def test_programme_detail_and_initiative_page(
    municipality, pm_client, django_assert_max_num_queries
):
    _populate(municipality, 3)
    programme = ProgrammeFactory._meta.model.objects.first()
    initiative = programme.links.first().initiative
    urls = [programme.get_absolute_url(), reverse("monitoring:initiative", args=[initiative.pk])]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(30) as captured:
            assert pm_client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    _populate(municipality, 25)
    for i in range(3):
        ProgressReportFactory(initiative=initiative, year=2025, quarter=i + 1, status="ingediend")
        RiskFactory(initiative=initiative)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert pm_client.get(url).status_code == 200
