"""Sending one e-mail without letting a mail outage undo or block the step that sent it."""

from __future__ import annotations

import logging

from django.core.mail import send_mail

logger = logging.getLogger(__name__)


def send_quietly(subject: str, body: str, address: str, *, what: str) -> bool:
    """Send one e-mail; whether it went. A failure is logged with `what` (never the address)."""
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # a mail outage must never undo or block a workflow step
        logger.warning("E-mail (%s) failed", what, exc_info=True)
        return False
    return True
