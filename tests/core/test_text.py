"""Text hygiene: control characters never enter by a form post (core/text.py, decision 0907)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from koersvast.core.middleware import CleanTextInputMiddleware
from koersvast.core.text import clean_strings, clean_text, needs_cleaning
from koersvast.intake.models import CriterionCheck
from koersvast.portfolio.models import Initiative
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory, EntryCriterionFactory, InitiativeFactory

# Word's manual line break (U+000B) is the character of the review; the rest of C0 with it.
HOSTILE = "Weg\x0bmet\x0cdeze \x00te\x01kens\x1f\x7f\ud800\ufffe\uffff"
# What a browser can post: a form post is decoded from UTF-8, so it holds no lone surrogate.
POSTED = "Weg\x0bmet\x0cdeze \x00te\x01kens\x1f\x7f\ufffe"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (HOSTILE, "Weg met deze tekens"),
        ("regel 1\nregel 2\r\n\tingesprongen", "regel 1\nregel 2\r\n\tingesprongen"),
        ("Zoë & Čapek — €1.000 ✓", "Zoë & Čapek — €1.000 ✓"),
        ("", ""),
    ],
)
def test_clean_text_keeps_tabs_line_breaks_and_unicode(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean
    assert needs_cleaning(raw) is (raw != clean)


def test_clean_strings_walks_decoded_json() -> None:
    data = {"ti\x0btle": ["a\x01b", {"c": "d\x0be"}], "n": 3, "ok": True, "none": None}
    assert clean_strings(data) == {"ti tle": ["ab", {"c": "d e"}], "n": 3, "ok": True, "none": None}


def _through_middleware(data: dict[str, str]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}

    def view(request):
        seen.update(dict(request.POST.lists()))
        return HttpResponse()

    CleanTextInputMiddleware(view)(RequestFactory().post("/", data))
    return seen


def test_middleware_cleans_posted_values_but_not_passwords() -> None:
    seen = _through_middleware(
        {"title": POSTED, "note": "a\nb", "password": "ge\x01heim", "new_password1": "x\x0by"}
    )
    assert seen["title"] == ["Weg met deze tekens"]
    assert seen["note"] == ["a\nb"]
    assert seen["password"] == ["ge\x01heim"]
    assert seen["new_password1"] == ["x\x0by"]


@pytest.mark.django_db
def test_ui_form_stores_the_title_without_control_characters(
    municipality, personas, client_for
) -> None:
    domain = DomainFactory(municipality=municipality)
    response = client_for(personas[Role.SUBMITTER]).post(
        reverse("intake:create"),
        {
            "title": "Digitaal\x0bloket\x01",
            "problem": "Regel één\x0b\nregel twee",
            "intended_result": "80% online.",
            "domain": domain.pk,
            "work_form": "project",
            "duration_quarters": "4",
            "budget_capital": "0",
            "budget_operating": "0",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.title == "Digitaal loket"
    assert initiative.problem == "Regel één \nregel twee"


@pytest.mark.django_db
def test_a_view_reading_the_post_itself_gets_clean_text(municipality, pm_client) -> None:
    # The criterion check's note is read from request.POST without a form.
    initiative = InitiativeFactory(municipality=municipality)
    criterion = EntryCriterionFactory(municipality=municipality)
    url = reverse("intake:criterion_check", args=[initiative.pk, criterion.pk])
    response = pm_client.post(url, {"met": "1", "note": "Gecontroleerd\x0bdoor\x02 PM"})
    assert response.status_code in (200, 302)
    assert CriterionCheck.objects.get().note == "Gecontroleerd door PM"
