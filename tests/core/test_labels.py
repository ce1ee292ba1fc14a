"""Choice labels from the per-language table give what Django's own get_FOO_display gives."""

from __future__ import annotations

import pytest
from django.db.models import Model
from django.utils import translation

from koersvast.portfolio.choices import LifecycleState, WorkForm
from koersvast.portfolio.models import Initiative


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_label_is_djangos_label_in_the_active_language(language: str) -> None:
    state, form = Initiative._meta.get_field("state"), Initiative._meta.get_field("work_form")
    with translation.override(language):
        for value in LifecycleState.values:
            initiative = Initiative(state=value)
            assert initiative.get_state_display() == Model._get_FIELD_display(initiative, state)
        for value in WorkForm.values:
            initiative = Initiative(work_form=value)
            assert initiative.get_work_form_display() == Model._get_FIELD_display(initiative, form)


def test_the_label_follows_the_language_switch() -> None:
    initiative = Initiative(state=LifecycleState.IN_PROGRESS)
    with translation.override("nl"):
        dutch = initiative.get_state_display()
    with translation.override("en"):
        english = initiative.get_state_display()
    assert dutch == "In uitvoering"
    assert english != dutch


def test_a_value_outside_the_choices_is_shown_as_it_is() -> None:
    assert Initiative(state="onbekend").get_state_display() == "onbekend"
