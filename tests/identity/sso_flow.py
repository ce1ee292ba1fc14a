"""Plays the browser between the Django test client and the real provider (no Chromium)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import requests
from django.test import Client
from django.urls import reverse

FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>.*?name="prompt" value="(\w+)"', re.S)


def sso_login(client: Client, account: str, provider_session: requests.Session | None = None):
    """Log `client` in through the provider as `account`; returns the callback's response.

    The provider's own pages (login form, consent) are answered like a user would; the provider
    session may be reused to show that a second login needs no password at the provider.
    """
    session = provider_session or requests.Session()
    url = client.get(reverse("identity:sso_start"))["Location"]
    for _step in range(10):
        if url.startswith("http://testserver"):
            parts = urlsplit(url)
            return client.get(f"{parts.path}?{parts.query}")
        response = session.get(url, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["location"])
            continue
        action, prompt = FORM.search(response.text).groups()
        data = {"prompt": prompt}
        if prompt == "login":
            data |= {"login": account, "password": "willekeurig"}
        response = session.post(urljoin(url, action), data=data, allow_redirects=False, timeout=10)
        url = urljoin(url, response.headers["location"])
    raise AssertionError("The provider did not send the browser back to Koersvast.")
