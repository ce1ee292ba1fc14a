"""Lessons learned (geleerde lessen) of an initiative or of the portfolio as a whole."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from koersvast.tenancy.models import TenantModel

from .people import person_field


class Lesson(TenantModel):
    """Geleerde les: wat er gebeurde, wat te herhalen of te vermijden, met trefwoorden.

    `tags` is stored as ``"|aanbesteding|communicatie|"`` (lower case, one separator on each
    side) so that a tag filter is one `icontains` on every database; `tag_list` reads it.
    """

    initiative = models.ForeignKey(
        "portfolio.Initiative",
        verbose_name=_("initiatief"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
    )
    domain = models.ForeignKey(
        "portfolio.Domain",
        verbose_name=_("domein"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("les"), max_length=200)
    what_happened = models.TextField(_("wat er gebeurde"))
    to_repeat = models.TextField(_("herhalen"), blank=True)
    to_avoid = models.TextField(_("vermijden"), blank=True)
    tags = models.CharField(_("trefwoorden"), max_length=500, blank=True)
    recorded_by = person_field(_("vastgelegd door"))

    class Meta:
        verbose_name = _("geleerde les")
        verbose_name_plural = _("geleerde lessen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["municipality", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:lesson_detail", args=[self.pk])

    @property
    def tag_list(self) -> list[str]:
        return [tag for tag in self.tags.split("|") if tag]
