"""Lessons learned: who records them, search with tags and paging, the closing prompt, intake."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from koersvast.monitoring.models import Lesson, PhaseGate
from koersvast.monitoring.selectors.lessons import lesson_search, lessons_for_initiative
from koersvast.monitoring.services.lessons import lesson_create, lesson_update, parse_tags
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(municipality, personas):
    return InitiativeFactory(
        municipality=municipality,
        state="afgerond",
        contractor=personas[Role.PROJECT_LEADER],
        title="Renovatie zwembad",
    )


def _lesson(municipality, by=None, **fields):
    values = {
        "title": "Aanbesteding te laat gestart",
        "what_happened": "De aanbesteding kostte vier maanden meer dan gepland.",
        "to_avoid": "Aanbesteden pas na het ontwerp.",
        "tags": "Aanbesteding, planning",
    }
    values.update(fields)
    return lesson_create(municipality=municipality, by=by, **values)


def test_parse_tags_normalises_and_limits():
    assert parse_tags(" Aanbesteding ;communicatie, aanbesteding,, Grote  Projecten|x ") == [
        "aanbesteding",
        "communicatie",
        "grote projecten x",
    ]
    with pytest.raises(ValidationError):
        parse_tags(",".join(f"t{n}" for n in range(11)))


def test_project_leader_records_a_lesson_of_their_closed_project(closed, personas):
    lesson = _lesson(closed.municipality, by=personas[Role.PROJECT_LEADER], initiative=closed)
    assert lesson.domain == closed.domain
    assert lesson.tags == "|aanbesteding|planning|"
    assert lesson.tag_list == ["aanbesteding", "planning"]
    assert lesson.recorded_by == personas[Role.PROJECT_LEADER]


@pytest.mark.parametrize("role", [Role.READER, Role.BOARD_MEMBER, Role.SUBMITTER])
def test_others_may_not_record_lessons(closed, personas, role):
    with pytest.raises(PermissionDenied):
        _lesson(closed.municipality, by=personas[role], initiative=closed)
    with pytest.raises(PermissionDenied):
        _lesson(closed.municipality, by=personas[role])


def test_portfolio_lessons_are_for_the_portfolio_manager(municipality, personas):
    with pytest.raises(PermissionDenied):
        _lesson(municipality, by=personas[Role.PROJECT_LEADER])
    lesson = _lesson(municipality, by=personas[Role.PORTFOLIO_MANAGER])
    assert lesson.initiative is None


def test_a_lesson_says_what_happened_and_what_to_repeat_or_avoid(municipality, personas):
    pm = personas[Role.PORTFOLIO_MANAGER]
    with pytest.raises(ValidationError):
        _lesson(municipality, by=pm, what_happened=" ")
    with pytest.raises(ValidationError):
        _lesson(municipality, by=pm, to_avoid="", to_repeat="")


def test_domain_of_another_municipality_is_refused(municipality, other_municipality, personas):
    with pytest.raises(ValidationError):
        _lesson(
            municipality,
            by=personas[Role.PORTFOLIO_MANAGER],
            domain=DomainFactory(municipality=other_municipality),
        )


def test_search_by_text_tag_and_domain(municipality, personas):
    pm = personas[Role.PORTFOLIO_MANAGER]
    domain = DomainFactory(municipality=municipality)
    first = _lesson(municipality, by=pm, domain=domain)
    second = _lesson(
        municipality,
        by=pm,
        title="Vroeg de buurt betrekken",
        what_happened="Bewonersavond voorkwam bezwaren.",
        to_avoid="",
        to_repeat="Eerst de buurt, dan het ontwerp.",
        tags="participatie",
    )
    assert list(lesson_search(municipality=municipality, text="buurt")) == [second]
    assert list(lesson_search(municipality=municipality, text="aanbesteding maanden")) == [first]
    assert list(lesson_search(municipality=municipality, tag="Participatie")) == [second]
    assert list(lesson_search(municipality=municipality, tag="plan")) == []  # whole tags only
    assert list(lesson_search(municipality=municipality, domain_id=domain.pk)) == [first]


def test_list_page_filters_pages_and_counts_queries(
    municipality, personas, client_for, django_assert_max_num_queries
):
    pm = personas[Role.PORTFOLIO_MANAGER]
    for n in range(25):
        _lesson(municipality, by=pm, title=f"Les {n:02d}", tags="planning" if n % 2 else "ict")
    client = client_for(personas[Role.READER])
    url = reverse("monitoring:lessons")
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200
    assert page.context["page"].paginator.num_pages == 2
    assert len(page.context["page"].object_list) == 20
    filtered = client.get(url, {"tag": "planning", "page": 1})
    assert filtered.context["page"].paginator.count == 12
    assert "Les 01" in filtered.content.decode() and "Les 02" not in filtered.content.decode()
    searched = client.get(url, {"q": "Les 24"})
    assert searched.context["page"].paginator.count == 1
    assert client_for(personas[Role.SUBMITTER]).get(url).status_code == 403


def test_who_may_open_the_lesson_pages(closed, personas, client_for):
    lesson = _lesson(closed.municipality, by=personas[Role.PROJECT_LEADER], initiative=closed)
    create = reverse("monitoring:lesson_create", args=[closed.pk])
    portfolio_create = reverse("monitoring:lesson_create_portfolio")
    detail = reverse("monitoring:lesson_detail", args=[lesson.pk])
    edit = reverse("monitoring:lesson_edit", args=[lesson.pk])
    expectations = {
        Role.PORTFOLIO_MANAGER: (200, 200, 200, 200),
        Role.PROJECT_LEADER: (200, 403, 200, 200),
        Role.READER: (403, 403, 200, 403),
        Role.SUBMITTER: (404, 403, 403, 404),
    }
    for role, statuses in expectations.items():
        client = client_for(personas[role])
        got = tuple(client.get(url).status_code for url in (create, portfolio_create, detail, edit))
        assert got == statuses, role


def test_record_and_edit_through_the_pages(closed, personas, client_for):
    client = client_for(personas[Role.PROJECT_LEADER])
    response = client.post(
        reverse("monitoring:lesson_create", args=[closed.pk]),
        {
            "title": "Vroeg de buurt betrekken",
            "what_happened": "Bewonersavond voorkwam bezwaren.",
            "to_repeat": "Eerst de buurt.",
            "tags": "participatie, buurt",
        },
    )
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert lesson.initiative == closed and lesson.tag_list == ["participatie", "buurt"]
    page = client.get(reverse("monitoring:initiative", args=[closed.pk])).content.decode()
    assert "Vroeg de buurt betrekken" in page
    invalid = client.post(
        reverse("monitoring:lesson_edit", args=[lesson.pk]),
        {"title": "X", "what_happened": "Y", "to_repeat": "", "to_avoid": ""},
    )
    assert invalid.status_code == 400
    lesson_update(
        lesson=lesson,
        by=personas[Role.PROJECT_LEADER],
        title="Buurt eerst",
        what_happened="Y",
        to_repeat="Z",
        tags=["buurt"],
    )
    lesson.refresh_from_db()
    assert lesson.title == "Buurt eerst" and lesson.tags == "|buurt|"


def test_a_closed_project_offers_to_record_lessons(closed, personas, client_for):
    client = client_for(personas[Role.PROJECT_LEADER])
    page = client.get(reverse("monitoring:initiative", args=[closed.pk])).content.decode()
    assert "closing-prompt" in page
    assert reverse("monitoring:lesson_create", args=[closed.pk]) in page
    reader_page = client_for(personas[Role.READER]).get(
        reverse("monitoring:initiative", args=[closed.pk])
    )
    assert reverse("monitoring:lesson_create", args=[closed.pk]) not in reader_page.content.decode()


def test_entering_the_last_phase_prompts_for_lessons(municipality, personas, client_for):
    sponsor = personas[Role.OFFICIAL_SPONSOR]
    running = InitiativeFactory(
        municipality=municipality,
        state="in_uitvoering",
        official_sponsor=sponsor,
        contractor=personas[Role.PROJECT_LEADER],
    )
    PhaseGate.objects.create(
        municipality=municipality,
        initiative=running,
        from_phase="voorbereiding",
        to_phase="realisatie",
        decided_on=datetime.date(2026, 1, 1),
        decided_by=sponsor,
    )
    response = client_for(sponsor).post(
        reverse("monitoring:phase_advance", args=[running.pk]),
        {"documents": ["Opleverdocument", "Overdrachtsdocument aan de lijn"]},
        follow=True,
    )
    body = response.content.decode()
    assert "Leg bij de afsluiting de geleerde lessen vast" in body
    leader_page = client_for(personas[Role.PROJECT_LEADER]).get(
        reverse("monitoring:initiative", args=[running.pk])
    )
    assert "closing-prompt" in leader_page.content.decode()


def test_intake_suggests_lessons_with_matching_tags_or_domain(closed, personas, client_for):
    pm = personas[Role.PORTFOLIO_MANAGER]
    by_tag = _lesson(closed.municipality, by=pm, title="Les over aanbesteding")
    by_domain = _lesson(
        closed.municipality,
        by=personas[Role.PROJECT_LEADER],
        initiative=closed,
        title="Les uit het zwembad",
        tags="techniek",
    )
    unrelated = _lesson(closed.municipality, by=pm, title="Les over ICT", tags="ict")
    submitter = personas[Role.SUBMITTER]
    new = InitiativeFactory(
        municipality=closed.municipality,
        domain=closed.domain,
        state="ingediend",
        submitted_by=submitter,
        title="Nieuwe sporthal",
        problem="De aanbesteding van de bouw moet dit jaar starten.",
    )
    suggested = [s.lesson for s in lessons_for_initiative(initiative=new)]
    assert suggested == [by_tag, by_domain]
    assert unrelated not in suggested
    # The submitter sees them on the intake page of the new initiative, without links they
    # may not follow.
    client = client_for(submitter)
    detail = client.get(new.get_absolute_url()).content.decode()
    assert "Lessen uit eerdere projecten" in detail
    assert "Les over aanbesteding" in detail and "Les over ICT" not in detail
    assert reverse("monitoring:lesson_detail", args=[by_tag.pk]) not in detail
    # The portfolio manager sees them on the edit page of the intake too, and may open them.
    edit = client_for(pm).get(reverse("intake:edit", args=[new.pk]))
    assert "Les over aanbesteding" in edit.content.decode()
    pm_detail = client_for(pm).get(new.get_absolute_url()).content.decode()
    assert reverse("monitoring:lesson_detail", args=[by_tag.pk]) in pm_detail
    # Once admitted, the intake is over: no more suggestions.
    new.state = "opgenomen"
    new.save()
    assert (
        "Lessen uit eerdere projecten"
        not in client_for(pm).get(new.get_absolute_url()).content.decode()
    )


def test_outsider_gets_404(closed, personas, outsider, client_for):
    lesson = _lesson(closed.municipality, by=personas[Role.PORTFOLIO_MANAGER])
    client = client_for(outsider)
    for url in (
        reverse("monitoring:lesson_create", args=[closed.pk]),
        reverse("monitoring:lesson_detail", args=[lesson.pk]),
        reverse("monitoring:lesson_edit", args=[lesson.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert "Aanbesteding te laat" not in client.get(reverse("monitoring:lessons")).content.decode()
