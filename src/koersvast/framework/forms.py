"""Forms of the afwegingskader. They only parse input; the services validate and write."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koersvast.core import uploads
from koersvast.core.formfields import model_choice_field

from .choices import JUDGEMENT_VALUES, JUDGEMENT_WORDS, AxisDirection, EsgTheme, ObjectiveSource
from .models import Framework, ImpactAxis, Objective
from .selectors.rounds import invitable_users, person_name
from .selectors.weights import Member, WeightGroup, member_label

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from koersvast.intake.models import DecisionBody


class FrameworkCreateForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False)


class FrameworkForm(forms.Form):
    """Name, description and the value/impact split (as a percentage for the value part)."""

    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    value_percent = forms.IntegerField(
        label=_("Aandeel bijdrage aan doelen (%)"),
        min_value=0,
        max_value=100,
        help_text=_("De rest (100 % min dit aandeel) gaat naar de impactassen."),
    )

    @classmethod
    def for_framework(cls, framework: Framework, data: Any = None) -> FrameworkForm:
        total = framework.value_weight + framework.impact_weight
        share = framework.value_weight / total if total else Decimal("0.7")
        return cls(
            data,
            initial={
                "name": framework.name,
                "description": framework.description,
                "value_percent": round(share * 100),
            },
        )

    def split(self) -> tuple[Decimal, Decimal]:
        value = Decimal(self.cleaned_data["value_percent"]) / 100
        return value, Decimal(1) - value


class ObjectiveForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Valt onder"),
        queryset=Objective.objects.none(),
        required=False,
        empty_label=_("— geen: dit is een thema —"),
    )
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("Bijvoorbeeld T1.2"))
    name = forms.CharField(label=_("Naam"), max_length=200)
    description = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    source = forms.ChoiceField(label=_("Bron"), choices=ObjectiveSource.choices)
    owner = forms.CharField(label=_("Eigenaar"), max_length=200, required=False)
    esg_theme = forms.ChoiceField(
        label=_("ESG-thema"), choices=[("", _("— geen —")), *EsgTheme.choices], required=False
    )
    kpi = forms.CharField(label=_("KPI"), max_length=200, required=False)
    weight = forms.DecimalField(
        label=_("Lokaal gewicht"),
        min_value=0,
        max_digits=7,
        decimal_places=4,
        required=False,
        help_text=_(
            "Gewicht ten opzichte van de doelstellingen op hetzelfde niveau. Leeg: een gelijk "
            "aandeel."
        ),
    )
    order = forms.IntegerField(label=_("Volgorde"), min_value=0, required=False)

    def __init__(
        self, *args: Any, framework: Framework, exclude: Objective | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Themes and objectives can have children; sub-objectives (depth 2) cannot.
        parents = framework.objectives.filter(
            Q(parent__isnull=True) | Q(parent__parent__isnull=True)
        ).select_related("parent")
        if exclude is not None:
            parents = parents.exclude(pk=exclude.pk).exclude(parent=exclude)
        model_choice_field(self, "parent").queryset = parents.order_by("order", "code")


class AxisForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Naam"), max_length=100)
    description = forms.CharField(
        label=_("Toelichting"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    scale_min = forms.IntegerField(label=_("Schaal van"), min_value=0, max_value=100)
    scale_max = forms.IntegerField(label=_("Schaal tot"), min_value=1, max_value=100)
    direction = forms.ChoiceField(label=_("Richting"), choices=AxisDirection.choices)
    weight = forms.DecimalField(
        label=_("Gewicht"),
        min_value=0,
        max_digits=7,
        decimal_places=4,
        required=False,
        help_text=_("Leeg: een gelijk aandeel met de andere assen."),
    )
    order = forms.IntegerField(label=_("Volgorde"), min_value=0, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("scale_min"), data.get("scale_max")
        if low is not None and high is not None and high <= low:
            self.add_error("scale_max", _("‘Schaal tot’ moet groter zijn dan ‘schaal van’."))
        return data


def objective_initial(objective: Objective) -> dict[str, Any]:
    return {
        "parent": objective.parent_id,
        "code": objective.code,
        "name": objective.name,
        "description": objective.description,
        "source": objective.source,
        "owner": objective.owner,
        "esg_theme": objective.esg_theme,
        "kpi": objective.kpi,
        "weight": objective.weight,
        "order": objective.order,
    }


def axis_initial(axis: ImpactAxis) -> dict[str, Any]:
    return {
        "code": axis.code,
        "name": axis.name,
        "description": axis.description,
        "scale_min": axis.scale_min,
        "scale_max": axis.scale_max,
        "direction": axis.direction,
        "weight": axis.weight,
        "order": axis.order,
    }


class GroupWeightsForm(forms.Form):
    """One weight field per member of a sibling group (any non-negative numbers)."""

    def __init__(self, *args: Any, group: WeightGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        for member in group.members:
            self.fields[f"w{member.pk}"] = forms.DecimalField(
                label=member_label(member, group.members),
                min_value=0,
                max_digits=9,
                decimal_places=4,
                initial=round(member.weight * 100, 2),
                validators=[MinValueValidator(0)],
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        values = [data.get(f"w{m.pk}") for m in self.group.members]
        if values and all(v is not None for v in values) and sum(values) <= 0:  # type: ignore[arg-type]
            raise forms.ValidationError(
                _("Alle gewichten zijn nul; geef ten minste één gewicht groter dan nul.")
            )
        return data

    def weights(self) -> dict[int, Decimal]:
        return {m.pk: self.cleaned_data[f"w{m.pk}"] for m in self.group.members}


def judgement_choices(first: Member, second: Member, members: list[Member]) -> list[Any]:
    """The 17 points of Saaty's scale, worded in Dutch, for one pair."""
    a, b = member_label(first, members), member_label(second, members)
    choices: list[Any] = []
    for value in JUDGEMENT_VALUES:
        if value == 1:
            text = _("%(a)s en %(b)s zijn even belangrijk (1)") % {"a": a, "b": b}
        elif value > 1:
            text = _("%(x)s is %(words)s (%(n)s)") % {
                "x": a,
                "words": JUDGEMENT_WORDS[value],
                "n": value,
            }
        else:
            text = _("%(x)s is %(words)s (%(n)s)") % {
                "x": b,
                "words": JUDGEMENT_WORDS[-value],
                "n": -value,
            }
        choices.append((str(value), text))
    return choices


class ComparisonForm(forms.Form):
    """One Saaty-scale select per pair of the group: n(n−1)/2 judgements."""

    def __init__(
        self,
        *args: Any,
        group: WeightGroup,
        stored: dict[tuple[int, int], int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        stored = group.judgements() if stored is None else stored
        self.pair_rows: list[tuple[Member, Member, str]] = []
        for first, second in group.pairs():
            name = f"p{first.pk}_{second.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=_("Oordeel"),
                choices=judgement_choices(first, second, group.members),
                coerce=int,
                initial=str(stored.get((first.pk, second.pk), 1)),
            )
            self.pair_rows.append((first, second, name))

    def pairs(self) -> list[tuple[Member, Member, forms.BoundField]]:
        return [(first, second, self[name]) for first, second, name in self.pair_rows]

    def judgements(self) -> dict[tuple[int, int], int]:
        return {
            (first.pk, second.pk): self.cleaned_data[name] for first, second, name in self.pair_rows
        }


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("JSON-bestand (koersvast.framework/1)"),
        help_text=_("Een export van Koersvast, hoogstens 1 MB."),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        uploads.validate_json(upload)  # size, UTF-8, parses
        return upload.read()


class RoundCreateForm(forms.Form):
    """Invite members to a group comparison (groepsvergelijking) of a draft."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    participants: forms.ModelMultipleChoiceField[User] = forms.ModelMultipleChoiceField(
        label=_("Deelnemers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Bijvoorbeeld de wethouders, de gemeentesecretaris en het MT."),
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "participants")
        field.queryset = invitable_users(municipality=municipality)
        # Django's documented per-field label: the stubs only allow it on a subclass.
        field.label_from_instance = person_name  # type: ignore[method-assign,assignment]


class PublishForm(forms.Form):
    """The decision that adopts a version: gremium (the college), date and rationale."""

    body: forms.ModelChoiceField[DecisionBody] = forms.ModelChoiceField(
        label=_("Besluit van"), queryset=None, empty_label=None
    )
    decision_date = forms.DateField(
        label=_("Besluitdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leeg: vandaag."),
    )
    rationale = forms.CharField(
        label=_("Motivering"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        from koersvast.intake.choices import BodyKind
        from koersvast.intake.models import DecisionBody

        super().__init__(*args, **kwargs)
        bodies = DecisionBody.objects.in_municipality(municipality).active()
        field = model_choice_field(self, "body")
        field.queryset = bodies
        college = bodies.filter(kind=BodyKind.COLLEGE).first()
        if college is not None:
            field.initial = college.pk
        if not bodies.exists():
            # A municipality without gremia yet can still adopt; the decision is then
            # recorded by who and when only.
            field.required = False
