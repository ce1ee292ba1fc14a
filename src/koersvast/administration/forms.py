"""Forms of Beheer: inviting, making accounts, giving roles, adding a municipality."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from koersvast.identity.forms import PasswordFields
from koersvast.tenancy.choices import Role

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
        self.fields["cbs_code"].choices = [("", "—"), *choices]


class BeheerderInviteForm(forms.Form):
    """The operator invites (another) beheerder of an existing municipality."""

    email = forms.EmailField(label=_("E-mailadres"))
    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)
    also_portfolio_manager = MunicipalityAddForm.base_fields["also_portfolio_manager"]
