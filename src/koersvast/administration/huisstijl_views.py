"""Beheer › Huisstijl, and the municipality's theme and logo as files (decision 1003).

The page is for the beheerder (settings.manage). The theme CSS and the logo are for every member
of the active municipality: their URLs carry the huisstijl's id and version, so a browser keeps
them until the next change; another municipality's id is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from . import huisstijl as services
from . import tokens as design_tokens
from .huisstijl_forms import ColoursForm, LogoForm, TokenFileForm
from .models import Huisstijl

CACHED = "private, max-age=31536000, immutable"


def _errors(form: Any, error: Exception) -> None:
    for message in getattr(error, "messages", [str(error)]):
        form.add_error(None, message)


@member_required(Action.SETTINGS_MANAGE)
def huisstijl(request: MemberRequest) -> HttpResponse:
    """The municipality's logo and colours: choose colours, upload a token file or a logo, take
    the Voorbeeld theme, or go back to Koersvast's default."""
    municipality = request.municipality
    current = services.huisstijl_of(municipality)
    colours = ColoursForm(prefix="kleuren")
    token_file = TokenFileForm(prefix="bestand")
    logo = LogoForm(prefix="logo")
    preset_errors: list[str] = []
    action = request.POST.get("actie", "") if request.method == "POST" else ""
    by: dict[str, Any] = {"municipality": municipality, "by": request.user}
    try:
        if action == "kleuren":
            colours = ColoursForm(request.POST, prefix="kleuren")
            if colours.is_valid():
                services.huisstijl_tokens_save(
                    **by,
                    tokens=design_tokens.tokens_from_colours(**colours.cleaned_data),
                    source=Huisstijl.Source.COLOURS,
                )
                messages.success(request, _("De kleuren van uw gemeente zijn opgeslagen."))
                return redirect("administration:huisstijl")
        elif action == "bestand":
            token_file = TokenFileForm(request.POST, request.FILES, prefix="bestand")
            if token_file.is_valid():
                upload = token_file.cleaned_data["file"]
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    token_file.add_error("file", _("Het tokenbestand is geen UTF-8-tekst."))
                else:
                    result = design_tokens.read_token_file(text, filename=upload.name)
                    services.huisstijl_tokens_save(
                        **by,
                        tokens=result.tokens,
                        source=Huisstijl.Source.FILE,
                        source_name=upload.name,
                    )
                    messages.success(
                        request,
                        _(
                            "Het tokenbestand is ingelezen: %(used)d tokens gebruikt, "
                            "%(ignored)d andere overgeslagen."
                        )
                        % {"used": len(result.tokens), "ignored": result.ignored},
                    )
                    return redirect("administration:huisstijl")
        elif action == "voorbeeld":
            services.huisstijl_tokens_save(
                **by, tokens=services.voorbeeld_tokens(), source=Huisstijl.Source.PRESET
            )
            messages.success(request, _("Het Voorbeeld-thema van NL Design System is ingesteld."))
            return redirect("administration:huisstijl")
        elif action == "logo":
            logo = LogoForm(request.POST, request.FILES, prefix="logo")
            if logo.is_valid():
                services.huisstijl_logo_save(**by, data=logo.cleaned_data["logo"].read())
                messages.success(request, _("Het logo is opgeslagen."))
                return redirect("administration:huisstijl")
        elif action == "logo-verwijderen":
            services.huisstijl_logo_remove(**by)
            messages.success(request, _("Het logo is verwijderd."))
            return redirect("administration:huisstijl")
        elif action == "standaard":
            services.huisstijl_reset(**by)
            messages.success(request, _("Koersvast gebruikt weer de standaardhuisstijl."))
            return redirect("administration:huisstijl")
    except (design_tokens.TokenError, services.HuisstijlError) as error:
        form = {"kleuren": colours, "bestand": token_file, "logo": logo}.get(action)
        if form is not None:
            _errors(form, error)
        else:
            preset_errors = list(getattr(error, "messages", [str(error)]))
    theme = services.theme_of(current)
    rows = [
        {
            "name": name,
            "value": theme[name],
            "colour": kind == design_tokens.Kind.COLOUR,
            "own": bool(current and name in current.tokens),
        }
        for name, (kind, _default) in design_tokens.KNOWN_TOKENS.items()
    ]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "administration/huisstijl.html",
        {
            "current": current,
            "rows": rows,
            "colours": colours,
            "token_file": token_file,
            "logo_form": logo,
            "preset_errors": preset_errors,
        },
        status=status,
    )


def _own(request: MemberRequest, pk: int) -> Huisstijl:
    found = Huisstijl.objects.filter(pk=pk, municipality=request.municipality).first()
    if found is None:
        raise Http404
    return found


def _cache(response: HttpResponse, found: Huisstijl, version: str) -> HttpResponse:
    response["Cache-Control"] = CACHED if version == found.version else "private, no-cache"
    return response


@require_GET
@member_required()
def theme_css(request: MemberRequest, pk: int, version: str) -> HttpResponse:
    """The municipality's tokens as CSS, after Koersvast's default theme in every page."""
    found = _own(request, pk)
    css = design_tokens.theme_css(found.tokens)
    return _cache(HttpResponse(css, content_type="text/css; charset=utf-8"), found, version)


@require_GET
@member_required()
def logo(request: MemberRequest, pk: int, version: str) -> HttpResponse:
    """The municipality's logo: the PNG Koersvast wrote (never the upload itself)."""
    found = _own(request, pk)
    if not found.logo:
        raise Http404
    with found.logo.open("rb") as file:
        data = file.read()
    response = HttpResponse(data, content_type="image/png")
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return _cache(response, found, version)
