from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "koersvast.audit"
    verbose_name = _("Audittrail")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the audit receivers)
