"""Fixtures of the identity tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def mfa_on(settings: Any) -> Any:
    """MFA required, as in production (the test settings switch it off)."""
    settings.KOERSVAST_MFA_REQUIRED = True
    return settings
