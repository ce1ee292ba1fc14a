"""Publishing, adopting, comparing and merging templates (services, against the database)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koersvast.audit.models import AuditEvent
from koersvast.framework.models import Framework, Objective
from koersvast.intake.models import EntryCriterion
from koersvast.library import fileformat
from koersvast.library.kinds import ContentError
from koersvast.library.models import Adoption, FrozenTemplateError, Template, TemplateVersion
from koersvast.library.selectors import adopted_templates, adoption_of
from koersvast.library.services import (
    adoption_merge,
    merge_changes,
    template_adopt,
    template_import,
    template_publish,
    template_withdraw,
)
from koersvast.monitoring.models import RagDefinition
from koersvast.tenancy.choices import Role
from tests.factories import DomainFactory

pytestmark = pytest.mark.django_db


def _objective(framework: Framework, code: str) -> Objective:
    return Objective.objects.get(framework=framework, code=code)


def test_publish_freezes_the_framework_without_criteria(framework_template, framework, criteria):
    version = framework_template
    assert (version.number, version.template.latest_number) == (1, 1)
    assert version.content["format"] == "koersvast.framework/1"
    assert "criteria" not in version.content and "origin" not in version.content
    assert [o["code"] for o in version.content["objectives"]] == ["T1", "T1.1", "T2"]
    # Changing the source afterwards leaves the published content alone.
    Objective.objects.filter(framework=framework, code="T1").update(weight=9)
    version.refresh_from_db()
    assert version.content["objectives"][0]["weight"] == 2
    with pytest.raises(FrozenTemplateError):
        version.save()


def test_publishing_again_makes_the_next_version(
    framework_template, framework, municipality, manager
):
    second = template_publish(
        municipality=municipality,
        kind="afwegingskader",
        source_key=str(framework.pk),
        title="Afwegingskader middelgrote stad",
        description="Nieuwe beschrijving",
        note="Gewichten herzien",
        template=framework_template.template,
        by=manager,
    )
    assert second.number == 2
    assert second.template_id == framework_template.template_id
    assert Template.objects.get().description == "Nieuwe beschrijving"


def test_only_the_right_may_publish(framework, municipality, personas):
    with pytest.raises(PermissionDenied):
        template_publish(
            municipality=municipality,
            kind="afwegingskader",
            source_key=str(framework.pk),
            title="X",
            description="",
            by=personas[Role.READER],
        )
    assert not Template.objects.exists()


def test_publish_refuses_another_municipalitys_framework(framework, other_municipality, outsider):
    with pytest.raises(ContentError):
        template_publish(
            municipality=other_municipality,
            kind="afwegingskader",
            source_key=str(framework.pk),
            title="Gestolen",
            description="",
            by=outsider,
        )
    assert not Template.objects.exists()


def test_adopting_a_framework_makes_a_linked_draft(
    framework_template, other_municipality, outsider
):
    before = AuditEvent.objects.count()
    adoption, result = template_adopt(
        version=framework_template, municipality=other_municipality, by=outsider
    )
    draft = Framework.objects.get(municipality=other_municipality)
    assert draft.is_draft and draft.name == "Kader Utrecht"
    assert draft.objectives.count() == 3 and draft.axes.count() == 2
    assert _objective(draft, "T1.1").parent.code == "T1"
    assert result.obj == draft
    assert adoption.adopted_object() == draft
    assert (adoption.municipality, adoption.version, adoption.adopted_by) == (
        other_municipality,
        framework_template,
        outsider,
    )
    assert adoption_of(draft).adoption == adoption
    audited = AuditEvent.objects.filter(pk__gt=0).order_by("pk")[before:]
    models = {e.content_type.model for e in audited if e.content_type_id}
    assert {"adoption", "framework", "objective"} <= models


def test_adopting_criteria_adds_new_and_replaces_known_codes(
    criteria, municipality, other_municipality, outsider, manager
):
    version = template_publish(
        municipality=municipality,
        kind="toelatingscriteria",
        source_key="set",
        title="Criteria",
        description="",
        by=manager,
    )
    DomainFactory(municipality=other_municipality, code="iv")
    EntryCriterion.objects.create(
        municipality=other_municipality, code="probleem", name="Oude naam", kind="check"
    )
    adoption, result = template_adopt(version=version, municipality=other_municipality, by=outsider)
    own = {c.code: c for c in EntryCriterion.objects.filter(municipality=other_municipality)}
    assert set(own) == {"probleem", "ciso", "controller"}
    assert own["probleem"].name == "Probleem beschreven" and own["probleem"].kind == "field"
    assert own["ciso"].if_domain.municipality == other_municipality
    assert own["controller"].if_budget_over == Decimal(500_000)
    assert "Toegevoegd: ciso, controller" in result.summary
    assert "Vervangen: probleem" in result.summary
    assert adoption.object_id is None


def test_adopting_criteria_for_a_missing_domain_writes_nothing(
    criteria, municipality, other_municipality, outsider, manager
):
    version = template_publish(
        municipality=municipality,
        kind="toelatingscriteria",
        source_key="set",
        title="Criteria",
        description="",
        by=manager,
    )
    with pytest.raises(ContentError) as error:
        template_adopt(version=version, municipality=other_municipality, by=outsider)
    assert "domein ‘iv’ bestaat niet in uw gemeente" in str(error.value)
    assert not EntryCriterion.objects.filter(municipality=other_municipality).exists()
    assert not Adoption.objects.exists()


def test_adopting_colours_replaces_only_the_defined_ones(
    colours, municipality, other_municipality, outsider, manager
):
    version = template_publish(
        municipality=municipality,
        kind="rag",
        source_key="set",
        title="RAG",
        description="",
        by=manager,
    )
    RagDefinition.objects.create(municipality=other_municipality, colour="oranje", meaning="Eigen")
    RagDefinition.objects.create(municipality=other_municipality, colour="rood", meaning="Oud")
    template_adopt(version=version, municipality=other_municipality, by=outsider)
    meanings = dict(
        RagDefinition.objects.filter(municipality=other_municipality).values_list(
            "colour", "meaning"
        )
    )
    assert meanings == {"groen": "Op koers.", "oranje": "Eigen", "rood": "Ingrijpen."}


def _second_version(framework_template, framework, municipality, manager):
    """Version 2: T2 heavier, T1.1 renamed, T3 added, axis 'urgentie' removed."""
    Objective.objects.filter(framework=framework, code="T2").update(weight=3)
    Objective.objects.filter(framework=framework, code="T1.1").update(name="Meer woningen")
    Objective.objects.create(
        municipality=municipality,
        framework=framework,
        code="T3",
        name="Groen",
        source="coalitieakkoord",
    )
    framework.axes.filter(code="urgentie").delete()
    return template_publish(
        municipality=municipality,
        kind="afwegingskader",
        source_key=str(framework.pk),
        title="Afwegingskader middelgrote stad",
        description="",
        template=framework_template.template,
        by=manager,
    )


def test_compare_lists_added_removed_and_changed_fields(
    framework_template, framework, municipality, manager, other_municipality, outsider
):
    adoption, _result = template_adopt(
        version=framework_template, municipality=other_municipality, by=outsider
    )
    assert not adopted_templates(municipality=other_municipality)[0].has_newer
    newer = _second_version(framework_template, framework, municipality, manager)
    assert adopted_templates(municipality=other_municipality)[0].has_newer
    found, changes = merge_changes(adoption)
    assert found == newer
    summary = {(c.key, c.op, tuple(f.name for f in c.fields)) for c in changes}
    assert summary == {
        ("objective:T2", "changed", ("weight",)),
        ("objective:T1.1", "changed", ("name",)),
        ("objective:T3", "added", ()),
        ("axis:urgentie", "removed", ()),
    }
    weight = next(c for c in changes if c.key == "objective:T2").fields[0]
    assert (weight.before, weight.after) == (1, 3)


def test_merge_keeps_own_adaptations_and_applies_the_selection(
    framework_template, framework, municipality, manager, other_municipality, outsider
):
    adoption, result = template_adopt(
        version=framework_template, municipality=other_municipality, by=outsider
    )
    draft = result.obj
    Objective.objects.filter(framework=draft, code="T1").update(weight=Decimal("5"))  # adapted
    _second_version(framework_template, framework, municipality, manager)
    record, merged = adoption_merge(
        adoption=adoption, keys=["objective:T2", "objective:T3"], by=outsider
    )
    new_draft = merged.obj
    assert new_draft.pk != draft.pk and new_draft.version == 2 and new_draft.is_draft
    weights = dict(new_draft.objectives.values_list("code", "weight"))
    assert weights["T1"] == Decimal("5")  # own adaptation kept
    assert weights["T2"] == Decimal("3")  # selected change
    assert "T3" in weights
    assert _objective(new_draft, "T1.1").name == "Betaalbare woningen"  # not selected
    assert new_draft.axes.filter(code="urgentie").exists()  # removal not selected
    assert record.mode == "samengevoegd" and record.version.number == 2
    assert not adopted_templates(municipality=other_municipality)[0].has_newer


def test_merge_needs_a_selection_and_a_newer_version(
    framework_template, other_municipality, outsider
):
    adoption, _result = template_adopt(
        version=framework_template, municipality=other_municipality, by=outsider
    )
    with pytest.raises(ValidationError):
        adoption_merge(adoption=adoption, keys=["objective:T2"], by=outsider)


def test_merging_criteria_switches_dropped_ones_off(
    criteria, municipality, other_municipality, outsider, manager
):
    first = template_publish(
        municipality=municipality,
        kind="toelatingscriteria",
        source_key="set",
        title="C",
        description="",
        by=manager,
    )
    DomainFactory(municipality=other_municipality, code="iv")
    adoption, _r = template_adopt(version=first, municipality=other_municipality, by=outsider)
    EntryCriterion.objects.filter(municipality=municipality, code="controller").delete()
    EntryCriterion.objects.filter(municipality=municipality, code="probleem").update(name="Nieuw")
    template_publish(
        municipality=municipality,
        kind="toelatingscriteria",
        source_key="set",
        title="C",
        description="",
        template=first.template,
        by=manager,
    )
    _newer, changes = merge_changes(adoption)
    assert {(c.key, c.op) for c in changes} == {
        ("criterion:controller", "removed"),
        ("criterion:probleem", "changed"),
    }
    adoption_merge(adoption=adoption, keys=["criterion:controller"], by=outsider)
    own = {c.code: c for c in EntryCriterion.objects.filter(municipality=other_municipality)}
    assert own["controller"].is_active is False
    assert own["probleem"].name == "Probleem beschreven"


def test_merging_colours(colours, municipality, other_municipality, outsider, manager):
    first = template_publish(
        municipality=municipality,
        kind="rag",
        source_key="set",
        title="R",
        description="",
        by=manager,
    )
    adoption, _r = template_adopt(version=first, municipality=other_municipality, by=outsider)
    RagDefinition.objects.filter(municipality=municipality, colour="groen").update(meaning="Prima.")
    RagDefinition.objects.create(municipality=municipality, colour="oranje", meaning="Let op.")
    template_publish(
        municipality=municipality,
        kind="rag",
        source_key="set",
        title="R",
        description="",
        template=first.template,
        by=manager,
    )
    adoption_merge(adoption=adoption, keys=["rag:oranje"], by=outsider)
    meanings = dict(
        RagDefinition.objects.filter(municipality=other_municipality).values_list(
            "colour", "meaning"
        )
    )
    assert meanings == {"groen": "Op koers.", "oranje": "Let op.", "rood": "Ingrijpen."}


def test_withdrawn_templates_cannot_be_adopted_but_copies_stay(
    framework_template, other_municipality, outsider, manager
):
    template_adopt(version=framework_template, municipality=other_municipality, by=outsider)
    template_withdraw(template=framework_template.template, by=manager)
    with pytest.raises(ValidationError):
        template_adopt(version=framework_template, municipality=other_municipality, by=outsider)
    assert Framework.objects.filter(municipality=other_municipality).count() == 1
    assert Adoption.objects.count() == 1
    with pytest.raises(PermissionDenied):
        template_withdraw(template=framework_template.template, by=outsider)


def test_file_round_trip_to_another_instance(framework_template, other_municipality, outsider):
    raw = fileformat.version_bytes(framework_template)
    document = json.loads(raw)
    assert document["format"] == "koersvast.template/1"
    assert document["author"] == "Utrecht (GM0344)"
    assert document["content"] == framework_template.content
    imported = template_import(municipality=other_municipality, raw=raw, by=outsider)
    template = imported.template
    assert template.municipality == other_municipality
    assert template.original_author == "Utrecht (GM0344)"
    assert template.author_name == "Utrecht (GM0344)"
    assert imported.content == framework_template.content
    again = template_import(municipality=other_municipality, raw=raw, by=outsider)
    assert (again.template_id, again.number) == (template.pk, 2)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"nope", "geen geldige JSON"),
        (b'{"format": "x"}', "onbekend formaat"),
        (b'{"format": "koersvast.template/1", "kind": "fasen"}', "onbekende soort"),
    ],
)
def test_bad_files_are_refused_with_a_reason(raw, message, other_municipality, outsider):
    with pytest.raises(ContentError) as error:
        template_import(municipality=other_municipality, raw=raw, by=outsider)
    assert message in str(error.value)
    assert not TemplateVersion.objects.exists()


def test_a_file_with_broken_content_names_the_path(
    framework_template, other_municipality, outsider
):
    document = json.loads(fileformat.version_bytes(framework_template))
    document["content"]["objectives"][1]["parent"] = "T9"
    with pytest.raises(ContentError) as error:
        template_import(
            municipality=other_municipality, raw=json.dumps(document).encode(), by=outsider
        )
    assert "content.objectives[1].parent" in str(error.value)
    assert not Template.objects.filter(municipality=other_municipality).exists()
