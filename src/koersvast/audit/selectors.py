"""Reads of the audit trail."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import Http404

from koersvast.tenancy.access import get_for_user_or_404
from koersvast.tenancy.models import Membership, Municipality, TenantModel

from .models import AuditEvent


def audited_object_get(*, user: Any, app_label: str, model_name: str, pk: int) -> TenantModel:
    """A tenant object whose history the user may see (same rights as seeing the object)."""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    if not issubclass(model, TenantModel):
        raise Http404
    return get_for_user_or_404(model, user, pk=pk)


def object_history(*, obj: TenantModel) -> QuerySet[AuditEvent]:
    """Every event about one object, newest first."""
    return AuditEvent.objects.for_object(obj).filter(municipality_id=obj.municipality_id)


def municipality_log(*, municipality: Municipality) -> QuerySet[AuditEvent]:
    """Every event within the municipality, plus the logins of its members, newest first.

    Logins belong to no municipality (a user may have several), so they are shown to each
    municipality the user is a member of; failed logins are matched on the username tried.
    """
    members = Membership.objects.filter(municipality=municipality)
    member_logins = Q(municipality=None) & (
        Q(actor_id__in=members.values("user_id"))
        | Q(actor=None, actor_name__in=members.values("user__username"))
    )
    return (
        AuditEvent.objects.filter(Q(municipality=municipality) | member_logins)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")
    )
