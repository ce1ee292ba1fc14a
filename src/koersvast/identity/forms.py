"""Forms of the identity pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import Municipality

from .models import RoleMapping


class CodeForm(forms.Form):
    """A code from the authenticator app, or (when verifying) a recovery code."""

    code = forms.CharField(
        label=_("Verificatiecode"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: object, help_text: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].help_text = help_text


class RoleMappingForm(forms.ModelForm):
    """A new claim → role mapping for the active municipality."""

    class Meta:
        model = RoleMapping
        fields = ["claim", "value", "role"]

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("claim", "value"):
            if cleaned.get(name):
                cleaned[name] = cleaned[name].strip()
        if (
            cleaned.get("claim")
            and cleaned.get("value")
            and RoleMapping.objects.in_municipality(self.municipality)
            .filter(claim=cleaned["claim"], value=cleaned["value"], role=cleaned.get("role"))
            .exists()
        ):
            raise forms.ValidationError(_("Deze koppeling bestaat al."))
        return cleaned


class PasswordFields(forms.Form):
    """A new password, twice, checked by the installation's password rules."""

    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord (nogmaals)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def provisional_user(self) -> Any:
        """The account the password is for (rules compare it with name and address)."""
        return get_user_model()()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De wachtwoorden zijn niet gelijk."))
        elif first:
            try:
                validate_password(first, self.provisional_user())
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class InvitationAcceptForm(PasswordFields):
    """The invitee's name and password for the new account."""

    first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Achternaam"), max_length=150, required=False)

    field_order = ["first_name", "last_name", "password1", "password2"]

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def provisional_user(self) -> Any:
        return get_user_model()(
            username=self.email,
            email=self.email,
            first_name=self.data.get("first_name", ""),
            last_name=self.data.get("last_name", ""),
        )
