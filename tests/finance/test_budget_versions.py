"""Budget versions: the primitieve begroting adopted by the raad, the draft begrotingswijziging
per P&C moment and its adoption, the actuele begroting, and the meerjarenraming that shows
which version it uses and its difference with the previous one."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from koersvast.finance import services
from koersvast.finance.choices import BudgetVersionKind, Nature, Side
from koersvast.finance.models import BudgetVersion, BudgetVersionLine, ExploitationLine
from koersvast.finance.selectors.amendment import amendment_draft
from koersvast.finance.selectors.estimate import default_budget_year
from koersvast.finance.selectors.versions import versioned_raming
from koersvast.tenancy.choices import Role
from tests.factories import BudgetLineFactory, DecisionBodyFactory, InitiativeFactory

pytestmark = pytest.mark.django_db
YEAR = default_budget_year()


def raad(municipality):
    return DecisionBodyFactory(municipality=municipality, name="Gemeenteraad", kind="raad")


def decision(municipality, body=None):
    return services.CouncilDecision(
        body=body or raad(municipality),
        decided_on=datetime.date(YEAR - 1, 11, 7),
        reference="RB-2026-114",
    )


def expense(initiative, amount, year=YEAR, nature=Nature.STRUCTURAL):
    return ExploitationLine.objects.create(
        municipality=initiative.municipality,
        initiative=initiative,
        year=year,
        side=Side.EXPENSE,
        nature=nature,
        amount=Decimal(amount),
    )


@pytest.fixture
def setup(municipality, personas):
    housing = InitiativeFactory(
        municipality=municipality, state="gepland", budget_programme="Wonen"
    )
    care = InitiativeFactory(municipality=municipality, state="gepland", budget_programme="Zorg")
    expense(housing, 100_000)
    expense(care, 50_000, nature=Nature.INCIDENTAL)
    return housing, care, personas[Role.PORTFOLIO_MANAGER]


def test_the_primitieve_begroting_adopts_the_figures_with_the_council_decision(
    municipality, setup
) -> None:
    housing, care, pm = setup
    version = services.budget_primitive_adopt(
        municipality=municipality, budget_year=YEAR, decision=decision(municipality), by=pm
    )
    assert version.kind == BudgetVersionKind.PRIMITIVE and version.number == 0
    assert version.body.kind == "raad" and version.decision_reference == "RB-2026-114"
    structural = BudgetVersionLine.objects.filter(
        version=version, initiative=housing, key="lasten_structureel"
    )
    assert sorted(structural.values_list("year", "amount")) == [
        (YEAR + i, Decimal(100_000)) for i in range(4)
    ]
    assert BudgetVersionLine.objects.get(version=version, initiative=care).amount == 50_000
    assert BudgetVersionLine.objects.get(version=version, initiative=care).programme == "Zorg"
    # a second primitieve begroting for the same year is refused in Dutch
    with pytest.raises(services.BudgetVersionError, match="al vastgesteld"):
        services.budget_primitive_adopt(
            municipality=municipality, budget_year=YEAR, decision=decision(municipality), by=pm
        )


def test_only_the_council_adopts_a_budget(municipality, setup) -> None:
    _housing, _care, pm = setup
    board = DecisionBodyFactory(municipality=municipality)  # a portfolioboard
    with pytest.raises(services.BudgetVersionError, match="gemeenteraad"):
        services.budget_primitive_adopt(
            municipality=municipality,
            budget_year=YEAR,
            decision=decision(municipality, board),
            by=pm,
        )


def test_a_reader_may_not_record_a_version(municipality, setup, personas) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.budget_primitive_adopt(
            municipality=municipality,
            budget_year=YEAR,
            decision=decision(municipality),
            by=personas[Role.READER],
        )


def test_draft_amendment_per_programme_and_its_adoption(municipality, setup) -> None:
    housing, care, pm = setup
    body = raad(municipality)
    services.budget_primitive_adopt(
        municipality=municipality, budget_year=YEAR, decision=decision(municipality, body), by=pm
    )
    # after the begroting: housing costs 20.000 more from next year on, care is stopped
    expense(housing, 20_000, year=YEAR + 1)
    care.state = "gestopt"
    care.save()
    draft = amendment_draft(municipality=municipality, budget_year=YEAR, moment="voorjaarsnota")
    assert draft.base_label.startswith("Primitieve begroting")
    by_name = {p.name: p for p in draft.programmes}
    assert set(by_name) == {"Wonen", "Zorg"}
    wonen = {line.key: line.values for line in by_name["Wonen"].lines}
    assert wonen["lasten_structureel"] == [0, 20_000, 20_000, 20_000]
    assert wonen["saldo"] == [0, -20_000, -20_000, -20_000]
    zorg = {line.key: line.values for line in by_name["Zorg"].lines}
    assert zorg["lasten_incidenteel"] == [-50_000, 0, 0, 0]
    total = {line.key: line.total for line in draft.total}
    assert total["saldo"] == Decimal(50_000 - 60_000)

    version = services.budget_amendment_adopt(
        municipality=municipality,
        budget_year=YEAR,
        moment="voorjaarsnota",
        decision=decision(municipality, body),
        by=pm,
    )
    assert version.kind == BudgetVersionKind.AMENDMENT and version.number == 1
    assert "Voorjaarsnota" in version.title
    # the actuele begroting now equals the figures: the next draft is empty
    again = amendment_draft(municipality=municipality, budget_year=YEAR, moment="najaarsnota")
    assert again.is_empty
    with pytest.raises(services.BudgetVersionError, match="niets gewijzigd"):
        services.budget_amendment_adopt(
            municipality=municipality,
            budget_year=YEAR,
            moment="najaarsnota",
            decision=decision(municipality, body),
            by=pm,
        )


def test_versioned_raming_and_difference_with_previous_version(
    municipality, setup, django_assert_max_num_queries
) -> None:
    housing, _care, pm = setup
    body = raad(municipality)
    primitive = services.budget_primitive_adopt(
        municipality=municipality, budget_year=YEAR, decision=decision(municipality, body), by=pm
    )
    expense(housing, 20_000, year=YEAR + 1)
    amendment = services.budget_amendment_adopt(
        municipality=municipality,
        budget_year=YEAR,
        moment="najaarsnota",
        decision=decision(municipality, body),
        by=pm,
    )
    expense(housing, 5_000, year=YEAR + 3, nature=Nature.INCIDENTAL)

    # the actuele begroting against the primitieve begroting
    with django_assert_max_num_queries(4):
        actual = versioned_raming(
            municipality=municipality, budget_year=YEAR, filters={}, choice=str(amendment.pk)
        )
    assert actual.label.startswith("Actuele begroting")
    assert actual.difference.previous_label.startswith("Primitieve begroting")
    diff = {line.key: line for line in actual.difference.lines}
    assert diff["lasten_structureel"].values == [0, 20_000, 20_000, 20_000]
    assert diff["lasten_structureel"].total == 60_000
    assert diff["saldo"].total == -60_000

    # the prognose (figures now) against the actuele begroting
    prognose = versioned_raming(municipality=municipality, budget_year=YEAR, filters={})
    assert prognose.difference.previous_label.startswith("Actuele begroting")
    diff = {line.key: line.values for line in prognose.difference.lines}
    assert diff["lasten_incidenteel"] == [0, 0, 0, 5_000]

    # the primitieve begroting has nothing before it; filtered per programme
    first = versioned_raming(
        municipality=municipality,
        budget_year=YEAR,
        filters={"programme": "Zorg"},
        choice=str(primitive.pk),
    )
    assert first.difference is None
    assert first.raming["lasten_incidenteel"].values == [50_000, 0, 0, 0]
    assert first.raming["lasten_structureel"].values == [0, 0, 0, 0]


def test_realisatie_comes_from_the_imported_actuals(municipality, setup) -> None:
    housing, _care, pm = setup
    services.budget_primitive_adopt(
        municipality=municipality, budget_year=YEAR, decision=decision(municipality), by=pm
    )
    BudgetLineFactory(
        municipality=municipality, initiative=housing, year=YEAR, kind="exploitatie", actual=90_000
    )
    result = versioned_raming(
        municipality=municipality, budget_year=YEAR, filters={}, choice="realisatie"
    )
    assert result.raming["lasten_totaal"].values[0] == 90_000
    diff = {line.key: line.values for line in result.difference.lines}
    assert diff["lasten_totaal"][0] == 90_000 - 150_000


def test_meerjarenraming_page_names_the_version_and_shows_the_difference(
    municipality, setup, client_for
) -> None:
    housing, _care, pm = setup
    services.budget_primitive_adopt(
        municipality=municipality, budget_year=YEAR, decision=decision(municipality), by=pm
    )
    expense(housing, 20_000, year=YEAR + 1)
    page = client_for(pm).get(reverse("finance:index"), {"jaar": YEAR}).content.decode()
    assert "Prognose (huidige ramingen van het portfolio)" in page
    assert f"Verschil met Primitieve begroting {YEAR}" in page
    assert "€ 60.000" in page  # the total of the difference in lasten structureel


def test_budget_and_amendment_pages_record_council_decisions(
    municipality, setup, client_for, personas
) -> None:
    housing, _care, pm = setup
    body = raad(municipality)
    client = client_for(pm)
    url = reverse("finance:budget")
    page = client.get(url, {"jaar": YEAR}).content.decode()
    assert "Primitieve begroting vastleggen" in page
    form = {"body": body.pk, "decided_on": f"{YEAR - 1}-11-07", "decision_reference": "RB-1"}
    response = client.post(f"{url}?jaar={YEAR}", form)
    assert response.status_code == 302
    assert BudgetVersion.objects.get(municipality=municipality).is_primitive

    expense(housing, 20_000, year=YEAR + 1)
    draft_url = reverse("finance:amendment")
    page = client.get(draft_url, {"jaar": YEAR, "moment": "najaarsnota"}).content.decode()
    assert "Concept-begrotingswijziging Najaarsnota" in page
    assert "Wonen" in page and "€ 60.000" in page
    response = client.post(f"{draft_url}?jaar={YEAR}&moment=najaarsnota", form)
    assert response.status_code == 302
    assert BudgetVersion.objects.filter(municipality=municipality).count() == 2

    # a reader sees the pages without the forms, and may not post
    reader = client_for(personas[Role.READER])
    page = reader.get(draft_url, {"jaar": YEAR}).content.decode()
    assert "Begrotingswijziging vastleggen" not in page
    assert reader.post(f"{url}?jaar={YEAR}", form).status_code == 403


def test_outsider_sees_nothing_of_the_budget(municipality, setup, client_for, outsider) -> None:
    _housing, _care, pm = setup
    services.budget_primitive_adopt(
        municipality=municipality, budget_year=YEAR, decision=decision(municipality), by=pm
    )
    page = client_for(outsider).get(reverse("finance:budget"), {"jaar": YEAR}).content.decode()
    assert "RB-2026-114" not in page


def test_the_pc_report_carries_the_draft_begrotingswijziging(
    municipality, setup, client_for
) -> None:
    from koersvast.reports import selectors as reports

    housing, _care, pm = setup
    services.budget_primitive_adopt(
        municipality=municipality, budget_year=YEAR, decision=decision(municipality), by=pm
    )
    expense(housing, 20_000, year=YEAR + 1)
    data = reports.portfolio_report(municipality=municipality, moment="voorjaarsnota", year=YEAR)
    amendment = data["begrotingswijziging"]
    assert amendment["base"] == f"Primitieve begroting {YEAR}"
    assert [p["name"] for p in amendment["programmes"]] == ["Wonen"]
    saldo = next(line for line in amendment["total"] if line["key"] == "saldo")
    assert saldo["total"] == -60_000
    assert not any("primitieve begroting" in w for w in data["warnings"])
    page = client_for(pm).get(
        reverse("reports:report"),
        {"kind": "portfolio", "moment": "voorjaarsnota", "year": YEAR},
    )
    text = page.content.decode()
    assert f"Concept-begrotingswijziging {YEAR}" in text and "Wijzigingen Wonen" in text
    assert "Versie: Prognose (huidige ramingen van het portfolio)" in text


def test_a_version_of_another_municipality_is_never_shown(
    municipality, setup, client_for, outsider, other_municipality
) -> None:
    _housing, _care, pm = setup
    version = services.budget_primitive_adopt(
        municipality=municipality, budget_year=YEAR, decision=decision(municipality), by=pm
    )
    client = client_for(outsider)
    page = client.get(reverse("finance:index"), {"jaar": YEAR, "versie": version.pk})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Prognose (huidige ramingen van het portfolio)</strong>" in text
    assert "€ 100.000" not in text and "€ 150.000" not in text
    # the draft and the versions page of the outsider's municipality know nothing of A's
    draft = client.get(reverse("finance:amendment"), {"jaar": YEAR}).content.decode()
    assert "Wonen" not in draft
    # an import in progress is bound to its municipality: the preview sends the outsider back
    assert client.get(reverse("finance:import_preview")).status_code == 302
    # nor can the outsider adopt a budget with A's council
    council = version.body
    client.post(
        f"{reverse('finance:budget')}?jaar={YEAR}",
        {"body": council.pk, "decided_on": f"{YEAR - 1}-11-07"},
    )
    assert not BudgetVersion.objects.filter(municipality=other_municipality).exists()


def test_the_pc_report_pdf_has_the_draft_begrotingswijziging(
    municipality, setup, client_for, tmp_path, django_capture_on_commit_callbacks
) -> None:
    from tests.reports.test_reports_pdf import make_pdf, needs_poppler, pdf_text

    if needs_poppler.args[0]:
        pytest.skip("poppler-utils missing")
    housing, _care, pm = setup
    services.budget_primitive_adopt(
        municipality=municipality, budget_year=YEAR, decision=decision(municipality), by=pm
    )
    expense(housing, 20_000, year=YEAR + 1)
    client = client_for(pm)
    job = make_pdf(
        client,
        django_capture_on_commit_callbacks,
        {"kind": "portfolio", "moment": "voorjaarsnota", "year": YEAR, "group_by": "programma"},
    )
    response = client.get(reverse("reports:pdf_download", args=[job.pk]))
    text = pdf_text(response.content, tmp_path)
    assert f"Concept-begrotingswijziging {YEAR}" in text
    assert "Wijzigingen Wonen" in text and "€ 60.000" in text
