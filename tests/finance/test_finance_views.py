"""Finance pages: forms with Dutch validation, rights, audit, tenancy, the meerjarenraming (with a
constant query count), the MIP and its export, and the weerstandsvermogen."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from koersvast.audit.models import AuditEvent
from koersvast.finance import services
from koersvast.finance.models import (
    AssetCategory,
    ExploitationLine,
    FinanceSettings,
    Funding,
    Investment,
    ResistanceCapacity,
    RiskEffect,
)
from koersvast.finance.selectors.estimate import default_budget_year, meerjarenraming
from koersvast.finance.selectors.initiative import initiative_finance
from koersvast.finance.selectors.resistance import risk_probability, weerstandsvermogen
from koersvast.tenancy.choices import Role
from tests.factories import InitiativeFactory, RiskFactory

pytestmark = pytest.mark.django_db
BUDGET_YEAR = default_budget_year()


def ict(municipality):
    services.categories_ensure(municipality=municipality)
    return AssetCategory.objects.get(municipality=municipality, name="ICT")


def add_investment(initiative, amount=2_000_000, year=BUDGET_YEAR, **extra):
    return Investment.objects.create(
        municipality=initiative.municipality,
        initiative=initiative,
        description=extra.pop("description", "Zaaksysteem"),
        amount=Decimal(amount),
        activation_year=year,
        category=extra.pop("category", None) or ict(initiative.municipality),
        **extra,
    )


def test_new_municipalities_get_the_default_categories(municipality) -> None:
    services.categories_ensure(municipality=municipality)
    services.categories_ensure(municipality=municipality)  # idempotent
    terms = dict(
        AssetCategory.objects.in_municipality(municipality).values_list("name", "default_term")
    )
    assert terms["Gebouwen"] == 40
    assert terms["Wegen, straten en pleinen"] == 25
    assert terms["ICT"] == 5


def test_portfolio_manager_adds_an_investment_in_dutch_notation(
    municipality, personas, client_for
) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    client = client_for(personas[Role.PORTFOLIO_MANAGER])
    url = reverse("finance:investment_create", args=[initiative.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "description": "Nieuw zaaksysteem",
            "amount": "€ 2.000.000",
            "activation_year": BUDGET_YEAR,
            "category": ict(municipality).pk,
            "term": "",
            "method": "lineair",
            "residual_value": "",
            "utility": "economisch",
        },
    )
    assert response.status_code == 302
    investment = Investment.objects.get(initiative=initiative)
    assert investment.amount == Decimal(2_000_000)
    assert investment.effective_term == 5
    assert AuditEvent.objects.filter(object_repr="Nieuw zaaksysteem", action="create").exists()
    page = client.get(reverse("finance:initiative", args=[initiative.pk])).content.decode()
    assert "Nieuw zaaksysteem" in page
    assert "€ 400.000" in page  # afschrijving from the year after ingebruikname


def test_investment_form_explains_errors_in_dutch(municipality, pm_client) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    response = pm_client.post(
        reverse("finance:investment_create", args=[initiative.pk]),
        {
            "description": "Gebouw",
            "amount": "1.000",
            "activation_year": BUDGET_YEAR,
            "category": ict(municipality).pk,
            "method": "lineair",
            "residual_value": "2.000",
            "utility": "economisch",
        },
    )
    assert response.status_code == 200
    assert (
        "De restwaarde kan niet hoger zijn dan het investeringsbedrag." in response.content.decode()
    )
    response = pm_client.post(
        reverse("finance:investment_create", args=[initiative.pk]),
        {"description": "X", "amount": "veel", "activation_year": BUDGET_YEAR},
    )
    assert "Geen bedrag" in response.content.decode()
    assert not Investment.objects.exists()


def test_funding_from_a_reserve_must_name_it(municipality, pm_client) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    url = reverse("finance:funding_create", args=[initiative.pk])
    data = {"source": "bestemmingsreserve", "year": BUDGET_YEAR, "nature": "structureel"}
    response = pm_client.post(url, {**data, "amount": "440.000"})
    assert "Noem de reserve" in response.content.decode()
    response = pm_client.post(
        url, {**data, "amount": "440.000", "source_name": "Reserve digitalisering"}
    )
    assert response.status_code == 302
    assert Funding.objects.get().source_name == "Reserve digitalisering"


def test_edit_and_delete_an_exploitation_line(municipality, pm_client) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    line = ExploitationLine.objects.create(
        municipality=municipality,
        initiative=initiative,
        year=BUDGET_YEAR,
        side="lasten",
        nature="structureel",
        amount=100,
    )
    response = pm_client.post(
        reverse("finance:line_edit", args=[line.pk]),
        {"year": BUDGET_YEAR, "side": "lasten", "nature": "structureel", "amount": "150.000"},
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == 150_000
    url = reverse("finance:line_delete", args=[line.pk])
    assert pm_client.get(url).status_code == 200
    assert pm_client.post(url).status_code == 302
    assert not ExploitationLine.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_id=str(line.pk)).exists()


def test_a_reader_sees_but_may_not_change(municipality, personas, client_for) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    investment = add_investment(initiative)
    reader = client_for(personas[Role.READER])
    page = reader.get(reverse("finance:initiative", args=[initiative.pk]))
    assert page.status_code == 200
    assert reverse("finance:investment_edit", args=[investment.pk]) not in page.content.decode()
    assert reader.get(reverse("finance:investment_create", args=[initiative.pk])).status_code == 403
    assert (
        reader.post(reverse("finance:investment_delete", args=[investment.pk])).status_code == 403
    )
    assert Investment.objects.exists()


def test_another_municipality_gets_404(municipality, outsider, client_for) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    investment = add_investment(initiative)
    client = client_for(outsider)
    for url in (
        reverse("finance:initiative", args=[initiative.pk]),
        reverse("finance:investment_create", args=[initiative.pk]),
        reverse("finance:investment_edit", args=[investment.pk]),
        reverse("finance:investment_delete", args=[investment.pk]),
        reverse("finance:category_edit", args=[investment.category_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("finance:investment_delete", args=[investment.pk])).status_code == 404
    )
    assert Investment.objects.exists()


def test_initiative_page_shows_the_uncovered_amount(municipality, pm_client) -> None:
    initiative = InitiativeFactory(municipality=municipality)
    add_investment(initiative)  # kapitaallasten from BUDGET_YEAR + 1: 400.000 + 2 % rente
    Funding.objects.create(
        municipality=municipality,
        initiative=initiative,
        source="bestemmingsreserve",
        source_name="Reserve ICT",
        year=BUDGET_YEAR + 1,
        nature="structureel",
        amount=400_000,
    )
    finance = initiative_finance(initiative=initiative, budget_year=BUDGET_YEAR)
    # 2 % of 2.000.000 = 40.000; then 32.000 and 24.000 uncovered (rente only).
    assert finance.raming.uncovered == [0, 40_000, 32_000, 24_000]
    page = pm_client.get(reverse("portfolio:initiative_detail", args=[initiative.pk]))
    html = page.content.decode()
    assert "€ 40.000" in html
    assert reverse("finance:initiative", args=[initiative.pk]) in html


def test_meerjarenraming_structural_and_incidental(municipality) -> None:
    initiative = InitiativeFactory(municipality=municipality, budget_programme="Bestuur")
    add_investment(initiative)
    for side, nature, amount, year in (
        ("lasten", "structureel", 50_000, BUDGET_YEAR),
        ("lasten", "incidenteel", 30_000, BUDGET_YEAR + 1),
        ("baten", "structureel", 10_000, BUDGET_YEAR + 2),
    ):
        ExploitationLine.objects.create(
            municipality=municipality,
            initiative=initiative,
            year=year,
            side=side,
            nature=nature,
            amount=amount,
        )
    Funding.objects.create(
        municipality=municipality,
        initiative=initiative,
        source="spuk",
        source_name="SPUK IJZ",
        year=BUDGET_YEAR,
        nature="incidenteel",
        amount=20_000,
    )
    # A rejected initiative does not count.
    add_investment(InitiativeFactory(municipality=municipality, state="afgewezen"))
    raming = meerjarenraming(municipality=municipality, budget_year=BUDGET_YEAR, filters={})
    assert raming["afschrijving"].values == [0, 400_000, 400_000, 400_000]
    assert raming["rente"].values == [0, 40_000, 32_000, 24_000]
    assert raming["lasten_structureel"].values == [50_000] * 4
    assert raming["lasten_incidenteel"].values == [0, 30_000, 0, 0]
    assert raming["baten_structureel"].values == [0, 0, 10_000, 10_000]
    assert raming["dekking_incidenteel"].values == [20_000, 0, 0, 0]
    assert raming["saldo_structureel"].values == [-50_000, -490_000, -472_000, -464_000]
    assert raming["saldo"].values == [-30_000, -520_000, -472_000, -464_000]
    other = meerjarenraming(
        municipality=municipality, budget_year=BUDGET_YEAR, filters={"programme": "Zorg"}
    )
    assert other.is_empty


def test_meerjarenraming_page_has_a_constant_query_count(
    municipality, pm_client, django_assert_max_num_queries
) -> None:
    url = reverse("finance:index")
    add_investment(InitiativeFactory(municipality=municipality))
    with django_assert_max_num_queries(30) as small:
        response = pm_client.get(url)
    assert "€ 400.000" in response.content.decode()
    for _ in range(5):
        initiative = InitiativeFactory(municipality=municipality)
        add_investment(initiative)
        add_investment(initiative, amount=1_000_000, method="annuiteit")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert pm_client.get(url).status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert pm_client.get(reverse("finance:mip")).status_code == 200


def test_mip_page_and_excel_export(municipality, pm_client) -> None:
    initiative = InitiativeFactory(municipality=municipality, title="Digitale dienstverlening")
    add_investment(initiative)
    page = pm_client.get(reverse("finance:mip"))
    assert "Zaaksysteem" in page.content.decode()
    response = pm_client.get(reverse("finance:mip_export") + f"?jaar={BUDGET_YEAR}")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "Investering"
    assert rows[1][1] == "Digitale dienstverlening"
    assert rows[1][9] == 2_000_000
    assert list(rows[1][11:15]) == [0, 440_000, 432_000, 424_000]


def test_settings_change_the_interest(municipality, pm_client) -> None:
    response = pm_client.post(
        reverse("finance:settings"),
        {"interest_rate": "3", "depreciation_start": "zelfde_jaar", "certainty": 90},
    )
    assert response.status_code == 302
    stored = FinanceSettings.objects.get(municipality=municipality)
    assert stored.rate == Decimal("0.03")
    initiative = InitiativeFactory(municipality=municipality)
    add_investment(initiative)
    raming = meerjarenraming(municipality=municipality, budget_year=BUDGET_YEAR, filters={})
    assert raming["afschrijving"].values[0] == 400_000
    assert raming["rente"].values[0] == 60_000


def test_category_with_investments_is_not_deleted(municipality, pm_client) -> None:
    investment = add_investment(InitiativeFactory(municipality=municipality))
    response = pm_client.post(reverse("finance:category_delete", args=[investment.category_id]))
    assert response.status_code == 302
    assert AssetCategory.objects.filter(pk=investment.category_id).exists()


def test_weerstandsvermogen_with_one_certain_risk(municipality, pm_client) -> None:
    risk = RiskFactory(initiative=InitiativeFactory(municipality=municipality))
    response = pm_client.post(
        reverse("finance:risk_effect", args=[risk.pk]),
        {"minimum": "500.000", "maximum": "", "probability": "100"},
    )
    assert response.status_code == 302
    response = pm_client.post(
        reverse("finance:resistance_edit"), {f"jaar-{BUDGET_YEAR}": "€ 750.000"}
    )
    assert response.status_code == 302
    assert ResistanceCapacity.objects.get().amount == 750_000
    result = weerstandsvermogen(municipality=municipality, year=BUDGET_YEAR)
    assert result.required == 500_000
    assert result.ratio == 1.5
    assert result.rating == ("B", "ruim voldoende")
    page = pm_client.get(reverse("finance:weerstandsvermogen") + f"?jaar={BUDGET_YEAR}")
    html = page.content.decode()
    assert "€ 500.000" in html
    assert "ruim voldoende" in html
    assert risk.title in html


def test_risk_effect_validation_and_scale_probability(municipality, pm_client) -> None:
    risk = RiskFactory(initiative=InitiativeFactory(municipality=municipality), probability=2)
    response = pm_client.post(
        reverse("finance:risk_effect", args=[risk.pk]), {"minimum": "100", "maximum": "50"}
    )
    assert "Het maximum kan niet lager zijn dan het minimum." in response.content.decode()
    RiskEffect.objects.create(municipality=municipality, risk=risk, minimum=100, maximum=300)
    assert risk_probability(RiskEffect.objects.get()) == 0.3


def test_weerstandsvermogen_warns_about_risks_without_euros(municipality, pm_client) -> None:
    RiskFactory(initiative=InitiativeFactory(municipality=municipality))
    html = pm_client.get(reverse("finance:weerstandsvermogen")).content.decode()
    assert "nog geen financieel effect" in html


def test_only_finance_managers_edit_risk_effects(municipality, personas, client_for) -> None:
    risk = RiskFactory(initiative=InitiativeFactory(municipality=municipality))
    reader = client_for(personas[Role.READER])
    assert reader.get(reverse("finance:risk_effect", args=[risk.pk])).status_code == 403
    assert reader.get(reverse("finance:resistance_edit")).status_code == 403
    sponsor = client_for(personas[Role.OFFICIAL_SPONSOR])
    assert sponsor.get(reverse("finance:risk_effect", args=[risk.pk])).status_code == 200


def test_outsider_gets_404_for_a_risk_effect(municipality, outsider, client_for) -> None:
    risk = RiskFactory(initiative=InitiativeFactory(municipality=municipality))
    assert (
        client_for(outsider).get(reverse("finance:risk_effect", args=[risk.pk])).status_code == 404
    )


def test_a_submitter_follows_the_finances_of_their_own_initiative(
    municipality, personas, client_for
) -> None:
    submitter = personas[Role.SUBMITTER]
    own = InitiativeFactory(municipality=municipality, submitted_by=submitter)
    other = InitiativeFactory(municipality=municipality)
    client = client_for(submitter)
    assert client.get(reverse("finance:initiative", args=[own.pk])).status_code == 200
    assert client.get(reverse("finance:initiative", args=[other.pk])).status_code == 404
    assert client.get(reverse("finance:investment_create", args=[own.pk])).status_code == 403


def test_weerstandsvermogen_page_has_a_constant_query_count(
    municipality, pm_client, django_assert_max_num_queries
) -> None:
    def add_risk() -> None:
        risk = RiskFactory(initiative=InitiativeFactory(municipality=municipality))
        RiskEffect.objects.create(municipality=municipality, risk=risk, minimum=1000, maximum=5000)

    add_risk()
    url = reverse("finance:weerstandsvermogen")
    with django_assert_max_num_queries(30) as small:
        assert pm_client.get(url).status_code == 200
    for _ in range(6):
        add_risk()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert pm_client.get(url).status_code == 200


def test_the_risk_register_leads_to_the_risks_in_euros(personas, client_for) -> None:
    manager = client_for(personas[Role.PORTFOLIO_MANAGER]).get(reverse("monitoring:risks"))
    assert reverse("finance:risk_effects") in manager.content.decode()
    reader = client_for(personas[Role.READER]).get(reverse("monitoring:risks"))
    assert reverse("finance:risk_effects") not in reader.content.decode()
    assert reverse("finance:weerstandsvermogen") in reader.content.decode()
