"""The lever kinds as a registry (planning/levers/): the stored values, the form's fields per
kind, the checks, and that a lever keeps only the columns of its kind."""

from __future__ import annotations

from decimal import Decimal

import pytest

from koersvast.planning import levers
from koersvast.planning.choices import LeverKind
from koersvast.planning.errors import PlanningError
from koersvast.planning.forms import LeverForm
from koersvast.planning.models import Lever
from koersvast.planning.services.scenarios import lever_add, scenario_create
from koersvast.planning.translate import settings_for
from koersvast.tenancy.choices import Role


def test_the_registry_keeps_the_stored_values_their_order_and_labels():
    assert [value for value, _label in levers.kind_choices()] == [
        "force_in",
        "force_out",
        "fix_start",
        "bound_start",
        "capacity",
        "headroom",
        "budget",
    ]
    assert LeverKind.choices == [(k, str(label)) for k, label in levers.kind_choices()]
    assert Lever._meta.get_field("kind").choices == LeverKind.choices
    assert LeverKind.CAPACITY == "capacity" and LeverKind("force_out") == LeverKind.FORCE_OUT
    for kind in levers.KINDS.values():
        assert set(kind.fields) <= set(levers.COLUMNS)
        assert len(kind.key) <= Lever._meta.get_field("kind").max_length


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="not a valid LeverKind"):
        levers.kind_of("promote")


@pytest.mark.django_db
def test_the_form_marks_every_field_with_the_kinds_that_use_it(municipality):
    form = LeverForm(municipality=municipality, settings=settings_for(municipality))
    kinds = {field.name: names for field, names, _hidden in form.rows()}
    assert kinds["initiative"] == "force_in force_out fix_start bound_start"
    assert kinds["period"] == "fix_start bound_start capacity budget"
    assert kinds["latest"] == "bound_start"
    assert kinds["headroom_pct"] == "headroom"
    assert kinds["kind"] == kinds["note"] == ""


@pytest.mark.django_db
def test_a_lever_keeps_only_the_columns_of_its_kind(world, municipality, personas):
    pm = personas[Role.PORTFOLIO_MANAGER]
    scenario = scenario_create(municipality=municipality, name="S", by=pm)
    with pytest.raises(PlanningError):
        lever_add(scenario=scenario, by=pm, kind="bound_start", initiative=world["a"])
    lever = lever_add(
        scenario=scenario,
        by=pm,
        kind="headroom",
        headroom_pct=80,
        pool=world["pl"],
        fte=Decimal(2),
        year=2027,
        quarter=2,
    )
    assert (lever.headroom_pct, lever.pool, lever.fte, lever.year) == (80, None, None, None)
    assert lever.label() == "Planningsruimte 80 %"
