"""Test settings: fast hashing, in-memory email, plain static storage."""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import mailers

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = mailers("django.core.mail.backends.locmem.EmailBackend")
# Browser tests log in with a password only; the MFA tests switch it on themselves.
KOERSVAST_MFA_REQUIRED = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
# Tests run tasks in the same thread, right away (a worker process is tested separately).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STATIC_ROOT = VAR_DIR / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
