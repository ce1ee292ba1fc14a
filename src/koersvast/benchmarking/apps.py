from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenchmarkingConfig(AppConfig):
    name = "koersvast.benchmarking"
    verbose_name = _("Vergelijken met andere gemeenten")
