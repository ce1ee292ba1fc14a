"""Evaluating entry criteria (toelatingscriteria) for one initiative."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from koersvast.portfolio import custom_fields
from koersvast.portfolio.models import Initiative

from .choices import CriterionKind, RequiredField
from .models import Advice, CriterionCheck, EntryCriterion

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class CriterionResult:
    """Whether a criterion applies to the initiative, whether it is met, and why."""

    criterion: EntryCriterion
    applies: bool
    met: bool
    reason: str

    @property
    def blocking(self) -> bool:
        return self.applies and not self.met


def applies_to(criterion: EntryCriterion, initiative: Initiative) -> bool:
    """A criterion applies when every condition that is set holds for the initiative."""
    if criterion.if_domain_id is not None and criterion.if_domain_id != initiative.domain_id:
        return False
    if criterion.if_budget_over is not None and initiative.total_budget <= criterion.if_budget_over:
        return False
    return not (criterion.if_political_urgency and not initiative.has_political_urgency)


def field_filled(initiative: Initiative, field: str, has_demand: bool) -> bool:
    """Whether the initiative provides the data a FIELD criterion asks for."""
    match field:
        case RequiredField.PROBLEM:
            return bool(initiative.problem.strip())
        case RequiredField.INTENDED_RESULT:
            return bool(initiative.intended_result.strip())
        case RequiredField.OFFICIAL_SPONSOR:
            return initiative.official_sponsor_id is not None
        case RequiredField.POLITICAL_SPONSOR:
            return initiative.political_sponsor_id is not None
        case RequiredField.TAAKVELD:
            return initiative.taakveld_id is not None
        case RequiredField.DEMAND:
            return has_demand
        case RequiredField.BUDGET:
            return initiative.total_budget > 0
        case RequiredField.START:
            return initiative.start_year is not None and initiative.start_quarter is not None
    return False


def evaluate(
    *,
    initiative: Initiative,
    criteria: Iterable[EntryCriterion],
    advices: Iterable[Advice],
    checks: Iterable[CriterionCheck],
    has_demand: bool,
) -> list[CriterionResult]:
    """The result of every active criterion for the initiative (no queries of its own)."""
    given = {advice.kind for advice in advices if advice.is_given}
    requested = {advice.kind for advice in advices}
    checked = {check.criterion_id: check for check in checks}
    results = []
    for criterion in criteria:
        if not criterion.is_active:
            continue
        if not applies_to(criterion, initiative):
            results.append(CriterionResult(criterion, False, True, _("Niet van toepassing.")))
            continue
        match criterion.kind:
            case CriterionKind.FIELD if criterion.custom_field is not None:
                own = criterion.custom_field
                value = (initiative.custom_values or {}).get(own.code)
                met = custom_fields.is_filled(own, value)
                label: StrOrPromise = own.name
                reason = (_("%(field)s is ingevuld.") if met else _("%(field)s ontbreekt nog.")) % {
                    "field": label
                }
            case CriterionKind.FIELD:
                met = field_filled(initiative, criterion.required_field, has_demand)
                label = RequiredField(criterion.required_field).label
                reason = (_("%(field)s is ingevuld.") if met else _("%(field)s ontbreekt nog.")) % {
                    "field": label
                }
            case CriterionKind.ADVICE:
                met = criterion.advice_kind in given
                kind = criterion.advice_kind_label
                if met:
                    reason = _("Advies %(kind)s is gegeven.") % {"kind": kind}
                elif criterion.advice_kind in requested:
                    reason = _("Advies %(kind)s is gevraagd maar nog niet gegeven.") % {
                        "kind": kind
                    }
                else:
                    reason = _("Advies %(kind)s is vereist maar nog niet gevraagd.") % {
                        "kind": kind
                    }
            case _:
                check = checked.get(criterion.pk)
                met = bool(check and check.met)
                reason = (
                    _("Getoetst door de portfoliomanager.")
                    if met
                    else _("Nog niet getoetst door de portfoliomanager.")
                )
        results.append(CriterionResult(criterion, True, met, reason))
    return results
