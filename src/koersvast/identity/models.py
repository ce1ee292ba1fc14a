"""Accounts: who an account is at the identity provider, roles granted by mapping, and
invitations to join a municipality."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.choices import Role
from koersvast.tenancy.models import Membership, TenantModel, TenantQuerySet
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


class InvitationQuerySet(TenantQuerySet):
    def pending(self) -> InvitationQuerySet:
        """Invitations that can still be accepted: not accepted, revoked or expired."""
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


class Invitation(TenantModel):
    """Uitnodiging: een eenmalige, verlopende link om een account te maken of een rol aan te
    nemen. Only a hash of the token is stored; the link itself is shown and mailed once."""

    email = models.EmailField(_("e-mailadres"))
    first_name = models.CharField(_("voornaam"), max_length=150, blank=True)
    last_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    roles = models.JSONField(_("rollen"), default=list)
    starts_on = models.DateField(_("rol vanaf"), default=timezone.localdate)
    ends_on = models.DateField(_("rol tot en met"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("verloopt op"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangenomen door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    view_action: ClassVar[Action] = Action.MEMBERS_MANAGE
    audit_exclude = frozenset({"created_at", "updated_at", "token_hash"})

    objects = InvitationQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar spelling

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} ({self.municipality})"

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return str(_("aangenomen"))
        if self.revoked_at is not None:
            return str(_("ingetrokken"))
        if self.expires_at <= timezone.now():
            return str(_("verlopen"))
        return str(_("open"))

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles if role in Role.values]
