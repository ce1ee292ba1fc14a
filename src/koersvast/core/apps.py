from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "koersvast.core"

    def ready(self) -> None:
        from django.db.models import fields
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from django.utils.translation import gettext_lazy

        from . import figures

        # The empty choice of every select. Django 6.1's "- Select an option -" has no Dutch
        # translation in Django's catalogue yet, so it showed in English on Dutch pages; Django
        # lets a project set its own (and ours is in our catalogue, with its English).
        fields.BLANK_CHOICE_LABEL = gettext_lazy("- Kies een optie -")

        # Invalidation of the cached figures: see core/figures.py.
        post_save.connect(figures.model_changed, dispatch_uid="figures-save")
        post_delete.connect(figures.model_changed, dispatch_uid="figures-delete")
        m2m_changed.connect(figures.model_changed, dispatch_uid="figures-m2m")
