"""Beheer: the operator of the installation and the beheerder of a municipality."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdministrationConfig(AppConfig):
    name = "koersvast.administration"
    verbose_name = _("Beheer")
