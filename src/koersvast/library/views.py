"""Pages of the template library (/sjablonen/): browse, preview, publish, adopt, merge, files."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from koersvast.core.decorators import member_required
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action, can

from . import fileformat, selectors, services
from .forms import ImportForm, PublishForm
from .kinds import KINDS, ContentError, get_kind, kind_choices

PAGE_SIZE = 20


def _errors(error: ValidationError | ContentError) -> list[str]:
    if isinstance(error, ContentError):
        return error.problems
    return [str(message) for message in error.messages]


@member_required()
def index(request: MemberRequest) -> HttpResponse:
    """Every member browses the library: filter by kind, search, pages of 20."""
    kind = request.GET.get("soort", "")
    kind = kind if kind in KINDS else ""
    query = request.GET.get("q", "").strip()[:100]
    templates = selectors.library(
        user=request.user,
        municipality=request.municipality,
        kind=kind,
        query=query,
    )
    page = Paginator(templates, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "library/index.html",
        {
            "page": page,
            "kind": kind,
            "query": query,
            "kinds": kind_choices(),
            "querystring": params.urlencode(),
            "may_publish": _may_publish(request),
        },
    )


def _may_publish(request: MemberRequest) -> bool:
    return can(request.user, request.municipality.pk, Action.TEMPLATE_PUBLISH)


@member_required()
def version_detail(request: MemberRequest, pk: int) -> HttpResponse:
    """The preview: a readable rendering of the frozen content, and its versions."""
    version = selectors.version_get(user=request.user, pk=pk)
    template = version.template
    municipality = request.municipality
    kind = get_kind(template.kind)
    is_author = can(request.user, template.municipality_id, Action.TEMPLATE_PUBLISH)
    return render(
        request,
        "library/version_detail.html",
        {
            "version": version,
            "template": template,
            "kind": kind,
            "preview": kind.preview(version.content),
            "preview_template": kind.preview_template,
            "summary": kind.summary(version.content),
            "versions": selectors.versions_of(template)
            if not template.is_withdrawn or is_author
            else [],
            "is_own": template.municipality_id == municipality.pk,
            "is_author": is_author and template.municipality_id == municipality.pk,
            "adoption": selectors.adoption_for_version(municipality=municipality, version=version),
            "may_adopt": _may_publish(request) and not template.is_withdrawn,
        },
    )


@member_required()
def version_export(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(user=request.user, pk=pk)
    response = HttpResponse(fileformat.version_bytes(version), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{fileformat.filename(version)}"'
    return response


@require_http_methods(["GET", "POST"])
@member_required(Action.TEMPLATE_PUBLISH)
def version_adopt(request: MemberRequest, pk: int) -> HttpResponse:
    version = selectors.version_get(user=request.user, pk=pk)
    municipality = request.municipality
    if version.template.is_withdrawn:
        messages.error(
            request, _("Dit sjabloon is ingetrokken en kan niet meer worden overgenomen.")
        )
        return redirect("library:version_detail", pk=version.pk)
    kind = get_kind(version.template.kind)
    problems: list[str] = []
    if request.method == "POST":
        try:
            _adoption, result = services.template_adopt(
                version=version, municipality=municipality, by=request.user
            )
        except (ValidationError, ContentError) as error:
            problems = _errors(error)
        else:
            messages.success(
                request,
                _("Sjabloon overgenomen: %(summary)s U kunt het nu aanpassen.")
                % {"summary": result.summary.rstrip(".") + "."},
            )
            return redirect(result.url or "library:adoptions")
    else:
        try:
            kind.validate(version.content, municipality)
        except ContentError as error:
            problems = error.problems
    return render(
        request,
        "library/adopt.html",
        {
            "version": version,
            "template": version.template,
            "kind": kind,
            "notes": kind.adopt_notes(municipality, version.content),
            "problems": problems,
        },
    )


@require_http_methods(["GET", "POST"])
@member_required(Action.TEMPLATE_PUBLISH)
def publish(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    initial = {}
    chosen = request.GET.get("sjabloon", "")
    form = PublishForm(request.POST or None, municipality=municipality)
    if chosen in form.templates:
        template = form.templates[chosen]
        initial = {"template": chosen, "title": template.title, "description": template.description}
        form = PublishForm(request.POST or None, municipality=municipality, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.template_publish(
                municipality=municipality,
                kind=data["kind"],
                source_key=data["source_key"],
                title=data["title"],
                description=data["description"],
                note=data["note"],
                template=data["template_obj"],
                by=request.user,
            )
        except (ValidationError, ContentError) as error:
            problems = _errors(error)
        else:
            messages.success(
                request,
                _("Gepubliceerd: %(title)s, versie %(number)s.")
                % {"title": version.template.title, "number": version.number},
            )
            return redirect("library:version_detail", pk=version.pk)
    return render(request, "library/publish.html", {"form": form, "problems": problems})


@require_http_methods(["GET", "POST"])
@member_required(Action.TEMPLATE_PUBLISH)
def template_import(request: MemberRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            version = services.template_import(
                municipality=request.municipality,
                raw=form.cleaned_data["file"].read(fileformat.MAX_BYTES + 1),
                by=request.user,
            )
        except (ValidationError, ContentError) as error:
            problems = _errors(error)
        else:
            messages.success(
                request,
                _("Geïmporteerd in de bibliotheek: %(title)s, versie %(number)s.")
                % {"title": version.template.title, "number": version.number},
            )
            return redirect("library:version_detail", pk=version.pk)
    return render(request, "library/import.html", {"form": form, "problems": problems})


@require_http_methods(["GET", "POST"])
@member_required(Action.TEMPLATE_PUBLISH)
def template_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    template = selectors.own_template_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.template_withdraw(template=template, by=request.user)
        messages.success(
            request,
            _("‘%(title)s’ is ingetrokken. Gemeenten die het overnamen, houden hun kopie.")
            % {"title": template.title},
        )
        return redirect("library:index")
    return render(request, "library/withdraw.html", {"template": template})


@member_required()
def adoptions(request: MemberRequest) -> HttpResponse:
    rows = selectors.adopted_templates(municipality=request.municipality)
    return render(
        request, "library/adoptions.html", {"rows": rows, "may_merge": _may_publish(request)}
    )


@require_http_methods(["GET", "POST"])
@member_required(Action.TEMPLATE_PUBLISH)
def adoption_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between the adopted version and the newest; POST merges the selection."""
    adoption = selectors.adoption_get(user=request.user, pk=pk)
    newer, changes = services.merge_changes(adoption)
    problems: list[str] = []
    if request.method == "POST":
        try:
            _record, result = services.adoption_merge(
                adoption=adoption, keys=request.POST.getlist("change"), by=request.user
            )
        except (ValidationError, ContentError) as error:
            problems = _errors(error)
        else:
            messages.success(
                request,
                _("Nieuwere versie samengevoegd: %(summary)s") % {"summary": result.summary},
            )
            return redirect(result.url or "library:adoptions")
    return render(
        request,
        "library/compare.html",
        {
            "adoption": adoption,
            "template": adoption.template,
            "newer": newer,
            "changes": changes,
            "kind": get_kind(adoption.template.kind),
            "problems": problems,
            "selected": set(request.POST.getlist("change")) if request.method == "POST" else None,
        },
    )
