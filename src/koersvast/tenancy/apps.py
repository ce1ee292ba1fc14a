from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "koersvast.tenancy"
    verbose_name = _("Gemeenten en rollen")
