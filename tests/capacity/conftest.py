"""The API clients of tests/api, for the people API's role tests."""

from tests.api.conftest import api_for, token_for

__all__ = ["api_for", "token_for"]
