"""The password of an account made on the command line: from the environment or a prompt."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError


def password_for(user: Any, *, env: str) -> str:
    """The password in `env`, else asked for; refused (CommandError) when too weak."""
    password = os.environ.get(env) or getpass.getpass("Wachtwoord: ")
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    return password
