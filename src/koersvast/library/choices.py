"""Choices of the template library."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AdoptionMode(models.TextChoices):
    """How a template version came into a municipality."""

    ADOPT = "overgenomen", _("Overgenomen")
    MERGE = "samengevoegd", _("Nieuwere versie samengevoegd")
