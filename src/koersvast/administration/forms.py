"""Forms of Beheer: inviting, making accounts, giving roles, adding a municipality."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koersvast.core.formfields import choice_field, model_choice_field
from koersvast.identity.forms import PasswordFields
from koersvast.intake.choices import MandateDecision
from koersvast.intake.models import AdviceKind, DecisionBody
from koersvast.portfolio.choices import CustomFieldKind
from koersvast.portfolio.models import BudgetProgramme, CustomField, Domain
from koersvast.reference.models import Taakveld
from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, Municipality

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RolePeriodMixin(forms.Form):
    """From when, and until when (inclusive), a role is in force."""

    starts_on = forms.DateField(
        label=_("Vanaf"), required=False, widget=DATE, help_text=_("Leeg: vandaag.")
    )
    ends_on = forms.DateField(
        label=_("Tot en met"), required=False, widget=DATE, help_text=_("Leeg: zonder einddatum.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("De einddatum ligt vóór de begindatum."))
        return data


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=Role.choices, label=_("Rollen"), **kwargs)


class InviteForm(RolePeriodMixin):
    """Invite a colleague by e-mail."""

    email = forms.EmailField(label=_("E-mailadres"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    roles = RolesField()

    field_order = ["email", "first_name", "last_name", "roles", "starts_on", "ends_on"]


class AccountForm(RolePeriodMixin, PasswordFields):
    """Make an account directly (no e-mail needed)."""

    username = forms.CharField(label=_("Gebruikersnaam"), max_length=150)
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    roles = RolesField()

    field_order = [
        "username",
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "roles",
        "starts_on",
        "ends_on",
    ]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        field = get_user_model()._meta.get_field("username")
        for validator in field.validators:
            validator(username)
        return username

    def provisional_user(self) -> Any:
        return get_user_model()(
            username=self.data.get("username", ""),
            first_name=self.data.get("first_name", ""),
            last_name=self.data.get("last_name", ""),
            email=self.data.get("email", ""),
        )


class RoleGrantForm(RolePeriodMixin):
    """Give one more role to a member."""

    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)

    field_order = ["role", "starts_on", "ends_on"]


class RoleEndForm(forms.Form):
    """Set or clear the last day of a role."""

    ends_on = forms.DateField(label=_("Tot en met"), required=False, widget=DATE)


class MunicipalityAddForm(forms.Form):
    """The operator adds a municipality from the CBS list and invites its first beheerder."""

    cbs_code = forms.ChoiceField(label=_("Gemeente (CBS-lijst)"))
    email = forms.EmailField(label=_("E-mailadres van de eerste beheerder"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    also_portfolio_manager = forms.BooleanField(
        label=_("Deze beheerder richt ook het portfolio in (ook de rol portfoliomanager)"),
        required=False,
        help_text=_(
            "In een kleine gemeente doet één persoon vaak beide. Zonder deze rol ziet de "
            "beheerder het portfolio niet."
        ),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "cbs_code").choices = [("", "—"), *choices]


class BeheerderInviteForm(forms.Form):
    """The operator invites (another) beheerder of an existing municipality."""

    email = forms.EmailField(label=_("E-mailadres"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    also_portfolio_manager = MunicipalityAddForm.base_fields["also_portfolio_manager"]


# --- configuration (Beheer › Inrichting) ------------------------------------------------------


class DomainForm(forms.ModelForm):
    class Meta:
        model = Domain
        fields = ["name", "code", "description", "budget_programme", "taakvelden", "order"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "taakvelden": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Leeg: gemaakt uit de naam.")
        model_choice_field(
            self, "budget_programme"
        ).queryset = BudgetProgramme.objects.in_municipality(municipality).offered(
            self.instance.budget_programme_id
        )
        model_choice_field(self, "taakvelden").queryset = Taakveld.objects.filter(level="taakveld")
        self.fields["taakvelden"].required = False


class BudgetProgrammeForm(forms.ModelForm):
    class Meta:
        model = BudgetProgramme
        fields = ["name", "code", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Leeg: gemaakt uit de naam.")


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class DecisionBodyForm(forms.ModelForm):
    mandate_decisions = forms.MultipleChoiceField(
        label=_("Besluiten binnen het mandaat"),
        choices=MandateDecision.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Welke besluiten over een initiatief dit gremium zelf mag nemen."),
    )

    class Meta:
        model = DecisionBody
        fields = [
            "name",
            "kind",
            "mandate_max_budget",
            "mandate_decisions",
            "escalates_to",
            "members",
            "order",
        ]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = DecisionBody.objects.in_municipality(municipality).offered(
            self.instance.escalates_to_id
        )
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        model_choice_field(self, "escalates_to").queryset = others
        here = Membership.objects.not_ended().filter(municipality=municipality)
        members = get_user_model().objects.filter(pk__in=here.values("user_id"), is_active=True)
        self.fields["members"] = PersonChoices(
            members.order_by("last_name", "first_name", "username"),
            label=_("Leden"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        if not self.instance.pk:
            self.initial.setdefault("mandate_decisions", list(MandateDecision.values))

    def clean_mandate_max_budget(self) -> Any:
        value = self.cleaned_data.get("mandate_max_budget")
        if value is not None and value < 0:
            raise ValidationError(_("Een mandaat kan niet negatief zijn."))
        return value


class AdviceKindForm(forms.ModelForm):
    class Meta:
        model = AdviceKind
        fields = ["name", "code", "role", "negative_needs_response", "order"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        if self.instance.pk:
            # Advice and criteria refer to the code: it stays what it is.
            self.fields["code"].disabled = True
        else:
            self.fields["code"].help_text = _("Leeg: gemaakt uit de naam. Later niet te wijzigen.")


class CustomFieldForm(forms.ModelForm):
    """An own intake field: label, kind (with its options), help text, required, stage."""

    options_text = forms.CharField(
        label=_("Keuzes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Alleen bij een keuzeveld: één keuze per regel."),
    )

    class Meta:
        model = CustomField
        fields = ["name", "code", "kind", "options_text", "help_text", "required", "stage", "order"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.initial.setdefault("options_text", "\n".join(self.instance.options or []))
        if self.instance.pk:
            # Stored values, exports, the API and criteria refer to the code.
            self.fields["code"].disabled = True
        else:
            self.fields["code"].help_text = _(
                "Leeg: gemaakt uit het label (bijv. dpiaNodig). Later niet te wijzigen."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        options = [
            line.strip() for line in (data.get("options_text") or "").splitlines() if line.strip()
        ]
        if data.get("kind") == CustomFieldKind.CHOICE and len(options) < 2:
            self.add_error("options_text", _("Geef een keuzeveld ten minste twee keuzes."))
        self.instance.options = options
        return data


class SuggestedDomainsForm(forms.Form):
    domains = forms.MultipleChoiceField(
        label=_("Domeinen"), choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "domains").choices = choices


class UsualBodiesForm(forms.Form):
    bodies = forms.MultipleChoiceField(
        label=_("Gremia"), choices=[], widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "bodies").choices = choices
