"""Errors of the weighing engine, with a message in Dutch and in English.

The Dutch text is meant for the screen (the users are Dutch civil servants); the English text is
for logs and for developers. ``str(error)`` gives both, Dutch first.
"""

from __future__ import annotations


class WeighingError(ValueError):
    """Invalid input for the afwegingskader (weighing framework).

    ``subject`` names what is wrong (an item, a pair of items, a field) so that a form can put the
    message next to the right input.
    """

    def __init__(self, message_nl: str, message_en: str, *, subject: str = "") -> None:
        self.message_nl = message_nl
        self.message_en = message_en
        self.subject = subject
        super().__init__(f"{message_nl} / {message_en}")


class AhpInputError(WeighingError):
    """Invalid pairwise comparisons (paarsgewijze vergelijkingen) for AHP.

    ``pair`` is the offending pair of item ids, when the error concerns one pair.
    """

    def __init__(
        self, message_nl: str, message_en: str, *, pair: tuple[str, str] | None = None
    ) -> None:
        self.pair = pair
        subject = f"{pair[0]} ↔ {pair[1]}" if pair is not None else ""
        super().__init__(message_nl, message_en, subject=subject)


class WeightError(WeighingError):
    """Invalid direct weights or an invalid objective tree (doelenboom)."""


class ScoringError(WeighingError):
    """Invalid scores, framework settings or WSJF input."""
