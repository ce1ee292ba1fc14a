"""The browser journeys share the suite-wide Playwright fixtures and helpers."""

from tests.playwright_support import assert_accessible, login

__all__ = ["assert_accessible", "login"]
