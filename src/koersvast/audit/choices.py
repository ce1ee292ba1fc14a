"""Kinds of audit events and their outcome."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """Soort gebeurtenis in de audittrail (BIO 8.15)."""

    CREATE = "create", _("Aangemaakt")
    UPDATE = "update", _("Gewijzigd")
    DELETE = "delete", _("Verwijderd")
    LOGIN = "login", _("Ingelogd")
    LOGOUT = "logout", _("Uitgelogd")
    LOGIN_FAILED = "login_failed", _("Mislukte inlogpoging")


class AuditResult(models.TextChoices):
    """Uitkomst van de gebeurtenis."""

    SUCCESS = "success", _("Gelukt")
    FAILURE = "failure", _("Mislukt")
