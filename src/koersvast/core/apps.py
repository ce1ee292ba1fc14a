from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koersvast.core"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import figures

        # Invalidation of the cached figures: see core/figures.py.
        post_save.connect(figures.model_changed, dispatch_uid="figures-save")
        post_delete.connect(figures.model_changed, dispatch_uid="figures-delete")
        m2m_changed.connect(figures.model_changed, dispatch_uid="figures-m2m")
