from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "koersvast.council"
    verbose_name = "Bestuurlijke agenda"
