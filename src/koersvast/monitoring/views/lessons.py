"""The lessons-learned log: search, record (per initiative or for the portfolio), edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koersvast.core.decorators import member_required
from koersvast.portfolio.models import Domain, Initiative
from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.http import MemberRequest
from koersvast.tenancy.policy import Action

from .. import rules
from ..forms.lessons import LessonForm, lesson_initial
from ..models import Lesson
from ..selectors.lessons import lesson_search, lesson_tags
from ..services import lessons as services
from .common import ensure, initiative_or_404, paginate

PAGE_SIZE = 20


@member_required(Action.PORTFOLIO_VIEW)
def lesson_list(request: MemberRequest) -> HttpResponse:
    municipality = request.municipality
    text = request.GET.get("q", "").strip()[:200]
    tag = request.GET.get("tag", "").strip()[:40]
    domain = request.GET.get("domain", "")
    lessons = lesson_search(
        municipality=municipality,
        text=text,
        tag=tag,
        domain_id=int(domain) if domain.isdigit() else None,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/lessons.html",
        {
            "page": paginate(request, lessons, PAGE_SIZE),
            "filters": {"q": text, "tag": tag, "domain": domain},
            "tags": lesson_tags(municipality=municipality),
            "domains": Domain.objects.in_municipality(municipality),
            "querystring": query.urlencode(),
        },
    )


def _lesson_page(
    request: HttpRequest,
    form: LessonForm,
    title: str,
    initiative: Initiative | None,
    back: str,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "monitoring/lesson_form.html",
        {"form": form, "title": title, "initiative": initiative, "back": back},
        status=status,
    )


def _apply(form: LessonForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _fields(form: LessonForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("domain", None)
    return data


def _create(request: MemberRequest, initiative: Initiative | None) -> HttpResponse:
    municipality = initiative.municipality if initiative else request.municipality
    form = LessonForm(
        request.POST or None, municipality=municipality, with_domain=initiative is None
    )
    back = (
        reverse("monitoring:initiative", args=[initiative.pk])
        if initiative
        else reverse("monitoring:lessons")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_create(
                municipality=municipality,
                by=request.user,
                initiative=initiative,
                domain=form.cleaned_data.get("domain"),
                **_fields(form),
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("De les is vastgelegd."))
            return redirect(back)
    title = (
        _("Les vastleggen: %(initiative)s") % {"initiative": initiative}
        if initiative
        else _("Les voor de portfolio vastleggen")
    )
    return _lesson_page(request, form, title, initiative, back, 400 if form.errors else 200)


@member_required()
def lesson_create(request: MemberRequest, pk: int) -> HttpResponse:
    initiative = initiative_or_404(request, pk)
    ensure(rules.may_record_lesson(request.user, initiative, initiative.municipality_id))
    return _create(request, initiative)


@member_required(Action.INITIATIVE_MANAGE)
def lesson_create_portfolio(request: MemberRequest) -> HttpResponse:
    return _create(request, None)


@member_required(Action.PORTFOLIO_VIEW)
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_for_user_or_404(
        Lesson.objects.select_related("initiative", "domain", "recorded_by"), request.user, pk=pk
    )
    return render(
        request,
        "monitoring/lesson_detail.html",
        {"lesson": lesson, "may_edit": rules.may_edit_lesson(request.user, lesson)},
    )


@member_required()
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = get_for_user_or_404(
        Lesson.objects.select_related("initiative", "domain"), request.user, pk=pk
    )
    ensure(rules.may_edit_lesson(request.user, lesson))
    form = LessonForm(
        request.POST or None,
        initial=lesson_initial(lesson),
        municipality=lesson.municipality,
        with_domain=lesson.initiative_id is None,
    )
    back = reverse("monitoring:lesson_detail", args=[lesson.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.lesson_update(
                lesson=lesson,
                by=request.user,
                domain=form.cleaned_data.get("domain"),
                **_fields(form),
            )
        except ValidationError as error:
            _apply(form, error)
        else:
            messages.success(request, _("De les is opgeslagen."))
            return redirect(back)
    return _lesson_page(
        request, form, _("Les bewerken"), lesson.initiative, back, 400 if form.errors else 200
    )
