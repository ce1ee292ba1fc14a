from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "koersvast.planning"
    verbose_name = _("Planning en scenario's")

    def ready(self) -> None:
        from koersvast.intake.signals import initiative_scored, initiative_transitioned

        from .receivers import prepare_urgency_options, refresh_urgency_options

        initiative_transitioned.connect(prepare_urgency_options, dispatch_uid="planning-urgency")
        initiative_scored.connect(refresh_urgency_options, dispatch_uid="planning-urgency-score")
