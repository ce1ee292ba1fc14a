"""Local (default) settings: zero setup, SQLite under var/, a generated secret key."""

from __future__ import annotations

import os

from .base import *  # noqa: F403
from .base import env_bool, local_secret_key, mailers

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()
MAILERS = mailers("django.core.mail.backends.console.EmailBackend")
# The demo stays easy to try: MFA only when asked for (KOERSVAST_MFA_REQUIRED=true).
KOERSVAST_MFA_REQUIRED = env_bool("KOERSVAST_MFA_REQUIRED", default=False)
