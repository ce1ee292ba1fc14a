"""Group comparison rounds: the invitation and reminder e-mails (decision 0202)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from koersvast.framework.services import rounds as services
from koersvast.tenancy.choices import Role

from .helpers import build_framework
from .test_framework_rounds import MT, SECRETARIS, WETHOUDER, _choices

pytestmark = pytest.mark.django_db

SITE = "https://koersvast.example.nl/"


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def invited(personas):
    users = [personas[WETHOUDER], personas[SECRETARIS], personas[MT]]
    for user in users:
        user.email = f"{user.username}@gemeente.example.nl"
        user.save()
    return users


@pytest.fixture
def draft(municipality, pm):
    return build_framework(municipality, by=pm)


def _open(draft, pm, invited, **kwargs):
    return services.round_create(
        framework=draft, by=pm, title="Weging 2027", participants=invited, **kwargs
    )


def test_each_participant_is_mailed_the_link_after_commit(
    draft, pm, invited, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        round_ = _open(draft, pm, invited, site_url=SITE)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in invited)
    link = SITE.rstrip("/") + reverse("framework:round_participate", args=[round_.pk])
    message = mailoutbox[0]
    assert message.subject == "Uw oordeel gevraagd: groepsvergelijking ‘Weging 2027’"
    assert link in message.body and "Weging 2027" in message.body
    assert draft.municipality.name in message.body


def test_the_mail_is_dutch_whatever_the_senders_language(
    draft, pm, invited, mailoutbox, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _open(draft, pm, invited, site_url=SITE)
    assert all(m.subject.startswith("Uw oordeel gevraagd") for m in mailoutbox)


def test_a_rolled_back_round_mails_nobody(
    draft, pm, invited, mailoutbox, django_capture_on_commit_callbacks
):
    def open_then_fail() -> None:
        with transaction.atomic():
            _open(draft, pm, invited, site_url=SITE)
            raise RuntimeError("a later step fails")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        open_then_fail()
    assert callbacks == [] and mailoutbox == []


def test_without_an_address_or_site_no_mail(
    draft, pm, invited, mailoutbox, django_capture_on_commit_callbacks
):
    invited[0].email = ""
    invited[0].save()
    with django_capture_on_commit_callbacks(execute=True):
        _open(draft, pm, invited)  # no site_url: e.g. the demo
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        _open(draft, pm, invited, site_url=SITE)
    assert len(mailoutbox) == 2


def test_a_mail_outage_leaves_the_round(
    draft, pm, invited, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("koersvast.core.mail.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        round_ = _open(draft, pm, invited, site_url=SITE)
    assert round_.participants.count() == 3


def test_reminder_goes_to_who_has_not_finished(
    draft, pm, invited, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = _open(draft, pm, invited)
    services.round_judgements_save(
        comparison_round=round_, by=invited[0], judgements=_choices(draft, 3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        count = services.round_remind(comparison_round=round_, by=pm, site_url=SITE)
    assert count == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in invited[1:])
    assert all(m.subject == "Herinnering: groepsvergelijking ‘Weging 2027’" for m in mailoutbox)


def test_the_reminder_through_the_round_page(
    draft, pm, invited, personas, mailoutbox, client_for, django_capture_on_commit_callbacks
):
    round_ = _open(draft, pm, invited)
    detail = reverse("framework:round_detail", args=[round_.pk])
    remind = reverse("framework:round_remind", args=[round_.pk])
    page = client_for(pm).get(detail).content.decode()
    assert remind in page and "(3 deelnemers)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(pm).post(remind, follow=True)
    assert "Een herinnering is gemaild aan 3 deelnemers." in response.content.decode()
    assert len(mailoutbox) == 3
    # Only the portfolio manager reminds; another municipality's user does not find the round.
    assert client_for(personas[WETHOUDER]).post(remind).status_code == 403
    assert client_for(personas[Role.READER]).post(remind).status_code == 403
    assert len(mailoutbox) == 3


def test_the_page_invites_by_mail(
    draft, pm, invited, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(pm).post(
            reverse("framework:round_create", args=[draft.pk]),
            {"title": "Weging", "participants": [u.pk for u in invited]},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 3
    link = reverse("framework:round_participate", args=[draft.rounds.get().pk])
    assert all(f"http://testserver{link}" in m.body for m in mailoutbox)


def test_outsider_gets_404_on_the_reminder(draft, pm, invited, outsider, client_for, mailoutbox):
    round_ = _open(draft, pm, invited)
    url = reverse("framework:round_remind", args=[round_.pk])
    assert client_for(outsider).post(url).status_code == 404
    assert mailoutbox == []
