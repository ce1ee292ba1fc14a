"""Kind "Niet opnemen": the initiative stays out of the plan."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from . import LeverType, register


class ForceOut(LeverType):
    key = "force_out"
    label = gettext_lazy("Niet opnemen")
    order = 20
    fields = ("initiative",)
    leaves_out = True


register(ForceOut())
