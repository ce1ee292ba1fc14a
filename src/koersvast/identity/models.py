"""Single sign-on: who an account is at the identity provider, and roles granted by mapping."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, TenantModel
from koersvast.tenancy.policy import Action


class RoleMapping(TenantModel):
    """SSO-koppeling: wie bij de identiteitsprovider deze claim-waarde heeft, krijgt deze rol.

    Example: claim `groups` contains `kv-portfolio` → Portfoliomanager in this municipality.
    Applied at every SSO login: mapped roles are granted and, when no longer matched, revoked.
    """

    claim = models.CharField(
        _("claim"),
        max_length=100,
        default="groups",
        help_text=_("De naam van de claim in het token, bijv. 'groups' of 'roles'."),
    )
    value = models.CharField(
        _("waarde"),
        max_length=200,
        help_text=_("De waarde die de claim moet hebben of bevatten, bijv. 'kv-portfolio'."),
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)

    view_action: ClassVar[Action] = Action.MEMBERS_MANAGE

    class Meta:
        verbose_name = _("SSO-koppeling")
        verbose_name_plural = _("SSO-koppelingen")
        ordering = ["claim", "value", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "claim", "value", "role"], name="role_mapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim} = {self.value} → {self.get_role_display()}"


class MappedMembership(models.Model):
    """Marks a membership as granted by an SSO mapping: only these are revoked by a later login.

    Roles an administrator granted by hand have no such mark and are never touched by SSO.
    """

    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="sso_mapping"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rol via SSO")
        verbose_name_plural = _("rollen via SSO")

    def __str__(self) -> str:
        return str(self.membership)


class ExternalIdentity(models.Model):
    """The account at the identity provider (issuer + subject) that logs in as this user.

    Matching on the stable subject, never on e-mail: an address can be reused or changed at
    the provider, and must not hand over someone else's account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    issuer = models.CharField(_("uitgever"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("externe identiteit")
        verbose_name_plural = _("externe identiteiten")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"
