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


def test_programme_report_and_opgave_pages(
    municipality, personas, pm_client, django_assert_max_num_queries
):
    """Issue 17: drawing up a programme report, reading it and the opgave page stay constant."""
    from koersvast.monitoring.models import Opgave, ProgrammeReport
    from koersvast.monitoring.services.programme_reports import programme_report_save
    from koersvast.tenancy.choices import Role

    _populate(municipality, 3)
    programme = ProgrammeFactory._meta.model.objects.first()
    programme.opgave = Opgave.objects.create(municipality=municipality, name="Wonen")
    programme.save()

    def report(quarter):
        return programme_report_save(
            report=ProgrammeReport(
                municipality=municipality,
                programme=programme,
                year=2026,
                quarter=quarter,
                rag="groen",
                summary="Op koers.",
            ),
            by=personas[Role.PORTFOLIO_MANAGER],
        )

    urls = [report(1).get_absolute_url(), programme.opgave.get_absolute_url()]
    counts = []
    for url in urls:
        with django_assert_max_num_queries(30) as captured:
            assert pm_client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    _populate(municipality, 25)
    half = ProgrammeInitiative.objects.order_by("pk")[::2]
    ProgrammeInitiative.objects.filter(pk__in=[link.pk for link in half]).update(
        programme=programme
    )
    for other in ProgrammeFactory._meta.model.objects.exclude(pk=programme.pk):
        other.opgave = programme.opgave
        other.save()
    urls[0] = report(2).get_absolute_url()  # a snapshot of a larger programme
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert pm_client.get(url).status_code == 200
