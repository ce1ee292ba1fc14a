from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "koersvast.framework"
