"""E-mail to the participants of a group comparison round (decision 0202).

An invitation when the round opens and, on the portfolio manager's request, a reminder to who
has not filled in every group yet; each with the link to the participant's own comparisons.
Sent after the transaction commits (a rolled-back round has mailed nobody) and one by one, so a
bad address or a mail outage leaves the round as it is and the others still get theirs.

The text is in Dutch, the municipality's language: Koersvast stores no language per user, so
the recipient's language is not known. The strings are in the catalogue, so a per-user language
would only change `LANGUAGE` below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from koersvast.core.mail import send_quietly

from .models import ComparisonRound
from .selectors import rounds as selectors

LANGUAGE = settings.LANGUAGE_CODE


@dataclass(frozen=True)
class _Letter:
    round_title: str
    framework: str
    municipality: str
    sender: str
    link: str


def participate_link(site_url: str, comparison_round: ComparisonRound) -> str:
    return urljoin(site_url, reverse("framework:round_participate", args=[comparison_round.pk]))


def schedule(
    *,
    comparison_round: ComparisonRound,
    recipients: Iterable[Any],
    by: Any,
    site_url: str,
    reminder: bool = False,
) -> int:
    """Mail each recipient with an address once the transaction commits; returns how many."""
    letter = _Letter(
        round_title=comparison_round.title,
        framework=str(comparison_round.framework),
        municipality=comparison_round.municipality.name,
        sender=selectors.person_name(by),
        link=participate_link(site_url, comparison_round),
    )
    count = 0
    for user in recipients:
        if not user.email:
            continue
        count += 1
        transaction.on_commit(partial(_send, letter, user.pk, user.email, reminder))
    return count


def _send(letter: _Letter, user_pk: int, address: str, reminder: bool) -> None:
    with translation.override(LANGUAGE):
        subject, body = _reminder(letter) if reminder else _invitation(letter)
    send_quietly(subject, body, address, what=f"round mail to user {user_pk}")


def _values(letter: _Letter) -> dict[str, str]:
    return {
        "title": letter.round_title,
        "framework": letter.framework,
        "municipality": letter.municipality,
        "sender": letter.sender,
        "link": letter.link,
    }


def _invitation(letter: _Letter) -> tuple[str, str]:
    subject = _("Uw oordeel gevraagd: groepsvergelijking ‘%(title)s’") % _values(letter)
    body = _(
        "%(sender)s nodigt u uit voor de groepsvergelijking ‘%(title)s’ van het "
        "afwegingskader %(framework)s (%(municipality)s).\n\n"
        "U vergelijkt per paar welk element zwaarder weegt en hoeveel. Uw eigen oordelen ziet "
        "alleen u en de portfoliomanager; de gewichten van de groep zijn het meetkundig "
        "gemiddelde van alle deelnemers.\n\n"
        "Vul uw vergelijkingen in (na het inloggen):\n%(link)s\n"
    ) % _values(letter)
    return subject, body


def _reminder(letter: _Letter) -> tuple[str, str]:
    subject = _("Herinnering: groepsvergelijking ‘%(title)s’") % _values(letter)
    body = _(
        "U hebt de groepsvergelijking ‘%(title)s’ van het afwegingskader %(framework)s "
        "(%(municipality)s) nog niet volledig ingevuld. %(sender)s vraagt u dat alsnog te "
        "doen.\n\n"
        "Vul uw vergelijkingen in (na het inloggen):\n%(link)s\n"
    ) % _values(letter)
    return subject, body
