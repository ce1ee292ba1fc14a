"""What a translation produces: the problem document plus what is needed to read it back."""

from __future__ import annotations

from dataclasses import dataclass, field

from koersvast.capacity.models import CapacityPool
from koersvast.portfolio.models import Initiative

from ..documents import ProblemDocument, Theme


@dataclass
class Translation:
    """A problem document plus what is needed to read its solution back."""

    problem: ProblemDocument
    warnings: list[str] = field(default_factory=list)
    # optimiser id → model
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    pools: dict[str, CapacityPool] = field(default_factory=dict)
    # planning hours that one extra FTE adds per quarter, per pool id (for cost of yes)
    hours_per_fte: dict[str, float] = field(default_factory=dict)
    # the framework's themes (top-level objectives), code and name, in order
    themes: list[Theme] = field(default_factory=list)


class TranslationError(Exception):
    """The municipality's data cannot become a problem, with a message for the user."""
