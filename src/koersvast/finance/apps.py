from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "koersvast.finance"
    verbose_name = "Financiën"
