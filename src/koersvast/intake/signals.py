"""Signals other apps listen to, so intake need not know about them (planning reacts to urgency)."""

from django.dispatch import Signal

# Sent after the transaction that moved an initiative commits; kwargs: initiative, source,
# target, by. Receivers run outside the transition's transaction: a failing receiver cannot
# undo the step the user took.
initiative_transitioned = Signal()

# Sent after the transaction that scored an initiative commits; kwargs: initiative, by. Planning
# recomputes the urgency options that were computed with the value before this score.
initiative_scored = Signal()
