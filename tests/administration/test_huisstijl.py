"""Beheer › Huisstijl: only a beheerder changes the look, every change is audited, the theme CSS
and the logo are the municipality's own (404 elsewhere), and hostile files are refused."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from koersvast.administration import huisstijl as services
from koersvast.administration.models import Huisstijl
from koersvast.audit.models import AuditEvent
from koersvast.tenancy.choices import Role
from koersvast.tenancy.policy import Action, role_allows

pytestmark = pytest.mark.django_db

URL = reverse("administration:huisstijl")
BG = "--basis-color-default-bg-document"


def _png(size: tuple[int, int] = (300, 100), fmt: str = "PNG", colour: str = "#8b0a50") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt)
    return out.getvalue()


def _upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> object:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def beheerder(personas):
    return personas[Role.ADMINISTRATOR]


@pytest.fixture
def admin_client(beheerder, client_for):
    return client_for(beheerder)


def _events(municipality) -> list[AuditEvent]:
    kind = ContentType.objects.get_for_model(Huisstijl)
    events = AuditEvent.objects.filter(municipality_id=municipality.pk, content_type=kind)
    return list(events.order_by("pk"))


@pytest.mark.parametrize("role", list(Role))
def test_only_the_beheerder_opens_and_changes_the_huisstijl(role, personas, client_for) -> None:
    client = client_for(personas[role])
    allowed = role_allows(role, Action.SETTINGS_MANAGE)
    assert client.get(URL).status_code == (200 if allowed else 403)
    response = client.post(URL, {"actie": "kleuren", "kleuren-primary": "#8b0a50"})
    assert response.status_code == (302 if allowed else 403)
    assert Huisstijl.objects.exists() is allowed


def test_colours_are_saved_audited_and_served(admin_client, municipality, pm_client) -> None:
    response = admin_client.post(URL, {"actie": "kleuren", "kleuren-primary": "#8b0a50"})
    assert response.status_code == 302
    huisstijl = Huisstijl.objects.get(municipality=municipality)
    assert huisstijl.tokens["--basis-color-action-1-inverse-bg-default"] == "#8b0a50"
    assert huisstijl.source == Huisstijl.Source.COLOURS
    assert [e.action for e in _events(municipality)] == ["create"]
    # Every member's pages load the theme after the default one.
    page = pm_client.get(reverse("home")).content.decode()
    css_url = reverse("administration:huisstijl_css", args=[huisstijl.pk, huisstijl.version])
    assert page.index("thema-koersvast.css") < page.index("app.css") < page.index(css_url)
    css = pm_client.get(css_url)
    assert css.status_code == 200
    assert css["Content-Type"].startswith("text/css")
    assert "immutable" in css["Cache-Control"]
    assert "--basis-color-action-1-inverse-bg-default: #8b0a50;" in css.content.decode()
    # An old version is still served, but not kept.
    old = pm_client.get(reverse("administration:huisstijl_css", args=[huisstijl.pk, "oud"]))
    assert old.status_code == 200 and "no-cache" in old["Cache-Control"]


def test_low_contrast_is_refused_with_a_dutch_message(admin_client, municipality) -> None:
    response = admin_client.post(URL, {"actie": "kleuren", "kleuren-primary": "#ffcc00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Te weinig contrast bij links" in page
    assert "2,70:1" in page
    assert not Huisstijl.objects.exists()


def test_a_wrong_colour_is_refused(admin_client) -> None:
    response = admin_client.post(URL, {"actie": "kleuren", "kleuren-primary": "url(x)"})
    assert response.status_code == 400
    assert "is geen kleur" in response.content.decode()
    assert not Huisstijl.objects.exists()


def test_a_token_file_is_read(admin_client, municipality) -> None:
    css = (
        ".gemeente-theme { --rood: #a00000; --basis-color-negative-color-default: var(--rood);"
        " --basis-text-font-family-default: 'Noto Sans'; }"
    )
    response = admin_client.post(
        URL,
        {"actie": "bestand", "bestand-file": _upload("theme.css", css.encode(), "text/css")},
        follow=True,
    )
    assert "1 tokens gebruikt, 2 andere overgeslagen" in response.content.decode()
    huisstijl = Huisstijl.objects.get(municipality=municipality)
    assert huisstijl.tokens == {"--basis-color-negative-color-default": "#a00000"}
    assert huisstijl.source_name == "theme.css"


def test_a_json_token_file_is_read(admin_client, municipality) -> None:
    data = {"basis": {"color": {"default": {"bg": {"subtle": {"value": "#eef2f5"}}}}}}
    admin_client.post(
        URL,
        {"actie": "bestand", "bestand-file": _upload("tokens.json", json.dumps(data).encode())},
    )
    assert Huisstijl.objects.get(municipality=municipality).tokens == {
        "--basis-color-default-bg-subtle": "#eef2f5"
    }


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("theme.css", f":root {{ {BG}: url(javascript:alert(1)); }}", "script"),
        ("theme.css", f":root {{ {BG}: url(data:x); }}", "is geen kleur"),
        ("theme.css", f":root {{ {BG}: #fff; }}</style><script>x</script>", "script"),
        ("theme.css", f":root {{ {BG}: #000; }}", "Te weinig contrast"),
        ("theme.json", "{not json", "geen geldige JSON"),
        ("theme.html", f":root {{ {BG}: #fff; }}", ".json- of .css-bestand"),
        ("theme.css", ":root { --anders: #fff; }", "geen van de tokens"),
    ],
)
def test_hostile_or_wrong_token_files_are_refused(admin_client, name, text, message) -> None:
    response = admin_client.post(
        URL, {"actie": "bestand", "bestand-file": _upload(name, text.encode())}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Huisstijl.objects.exists()


def test_a_binary_token_file_is_refused(admin_client) -> None:
    response = admin_client.post(
        URL, {"actie": "bestand", "bestand-file": _upload("theme.css", b"\xff\xfe\x00\x80")}
    )
    assert "geen UTF-8-tekst" in response.content.decode()


def test_the_voorbeeld_theme(admin_client, municipality) -> None:
    if not (Path(services.__file__).parents[1] / "static" / services.VOORBEELD_THEME).exists():
        pytest.skip("make static vendors the Voorbeeld theme")
    assert admin_client.post(URL, {"actie": "voorbeeld"}).status_code == 302
    huisstijl = Huisstijl.objects.get(municipality=municipality)
    assert huisstijl.source == Huisstijl.Source.PRESET
    assert huisstijl.tokens["--basis-color-action-1-inverse-bg-default"] == "#5115ef"


def test_a_logo_is_rewritten_as_png_and_served(admin_client, municipality, pm_client) -> None:
    jpeg = _png((1200, 400), "JPEG") + b"<script>alert(1)</script>"
    response = admin_client.post(URL, {"actie": "logo", "logo-logo": _upload("logo.jpg", jpeg)})
    assert response.status_code == 302
    huisstijl = Huisstijl.objects.get(municipality=municipality)
    url = reverse("administration:huisstijl_logo", args=[huisstijl.pk, huisstijl.version])
    assert url in pm_client.get(reverse("home")).content.decode()
    served = pm_client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert "sandbox" in served["Content-Security-Policy"]
    data = served.content
    assert b"<script>" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (480, 160)  # at most 600 × 160, same proportions
    assert [e.action for e in _events(municipality)] == ["create"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Een SVG wordt niet aangenomen",
        ),
        ("logo.png", b"GIF89a" + b"\x00" * 100, "Kies een PNG-, JPEG- of WebP-afbeelding"),
        (
            "logo.png",
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
            "Kies een PNG-, JPEG- of WebP-afbeelding",
        ),
        ("logo.gif", _png(fmt="GIF"), "Kies een PNG-, JPEG- of WebP-afbeelding"),
        ("logo.png", _png((5000, 4000)), "4000 × 4000"),
        ("logo.png", b"\x89PNG" + b"\x00" * (1024 * 1024 + 1), "groter dan 1 MB"),
    ],
)
def test_wrong_logos_are_refused(admin_client, name, data, message) -> None:
    response = admin_client.post(URL, {"actie": "logo", "logo-logo": _upload(name, data)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Huisstijl.objects.exists()


def test_back_to_default_removes_tokens_and_logo(admin_client, municipality, pm_client) -> None:
    admin_client.post(URL, {"actie": "kleuren", "kleuren-primary": "#8b0a50"})
    admin_client.post(URL, {"actie": "logo", "logo-logo": _upload("logo.png", _png())})
    huisstijl = Huisstijl.objects.get(municipality=municipality)
    logo_name = huisstijl.logo.name
    assert default_storage.exists(logo_name)
    response = admin_client.post(URL, {"actie": "standaard"}, follow=True)
    assert "weer de standaardhuisstijl" in response.content.decode()
    assert not Huisstijl.objects.exists()
    assert [e.action for e in _events(municipality)] == ["create", "update", "delete"]
    page = pm_client.get(reverse("home")).content.decode()
    assert "/huisstijl/" not in page
    assert (
        pm_client.get(
            reverse("administration:huisstijl_css", args=[huisstijl.pk, huisstijl.version])
        ).status_code
        == 404
    )


def test_back_to_default_deletes_the_logo_file(
    beheerder, municipality, django_capture_on_commit_callbacks
) -> None:
    services.huisstijl_logo_save(municipality=municipality, by=beheerder, data=_png())
    name = Huisstijl.objects.get().logo.name
    with django_capture_on_commit_callbacks(execute=True):
        services.huisstijl_reset(municipality=municipality, by=beheerder)
    assert not default_storage.exists(name)


def test_removing_the_logo_keeps_the_colours(admin_client, municipality) -> None:
    admin_client.post(URL, {"actie": "kleuren", "kleuren-primary": "#8b0a50"})
    admin_client.post(URL, {"actie": "logo", "logo-logo": _upload("logo.png", _png())})
    admin_client.post(URL, {"actie": "logo-verwijderen"})
    huisstijl = Huisstijl.objects.get(municipality=municipality)
    assert not huisstijl.logo
    assert huisstijl.tokens


def test_the_service_refuses_a_non_beheerder(personas, municipality) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.huisstijl_tokens_save(
            municipality=municipality,
            by=personas[Role.PORTFOLIO_MANAGER],
            tokens={BG: "#ffffff"},
            source=Huisstijl.Source.FILE,
        )


def test_another_municipality_gets_404_for_theme_and_logo(
    admin_client, municipality, outsider, client_for
) -> None:
    admin_client.post(URL, {"actie": "kleuren", "kleuren-primary": "#8b0a50"})
    admin_client.post(URL, {"actie": "logo", "logo-logo": _upload("logo.png", _png())})
    huisstijl = Huisstijl.objects.get(municipality=municipality)
    other = client_for(outsider)  # a beheerder of Amsterdam
    for name in ("administration:huisstijl_css", "administration:huisstijl_logo"):
        url = reverse(name, args=[huisstijl.pk, huisstijl.version])
        response = other.get(url)
        assert response.status_code == 404, name
        assert b"8b0a50" not in response.content
    # Amsterdam's own pages do not load Utrecht's look, and its Beheer page shows the default.
    assert f"/huisstijl/{huisstijl.pk}/" not in other.get(reverse("home")).content.decode()
    page = other.get(URL).content.decode()
    assert "#8b0a50" not in page
    # Not logged in: to the login page.
    from django.test import Client

    anonymous = Client().get(reverse("administration:huisstijl_css", args=[huisstijl.pk, "x"]))
    assert anonymous.status_code == 302
