"""Export and import of an afwegingskader (koersvast.framework/1)."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.exceptions import PermissionDenied

from koersvast.audit.models import AuditEvent
from koersvast.framework.choices import ComparisonGroup, FrameworkStatus
from koersvast.framework.exchange.document import MAX_BYTES, FrameworkFileError
from koersvast.framework.exchange.export import framework_export, framework_export_bytes
from koersvast.framework.exchange.importing import framework_import
from koersvast.framework.exchange.validation import validate_document
from koersvast.framework.models import Comparison, Framework, ImpactAxis, Objective
from koersvast.framework.services.versions import framework_publish
from koersvast.framework.services.weights import comparisons_save
from koersvast.tenancy.choices import Role

from .helpers import build_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def published(municipality, pm):
    framework = build_framework(municipality, by=pm)
    t = list(framework.objectives.filter(parent=None).order_by("order"))
    comparisons_save(
        framework=framework,
        by=pm,
        group=ComparisonGroup.OBJECTIVES,
        judgements={(t[0].pk, t[1].pk): 3, (t[0].pk, t[2].pk): 5, (t[1].pk, t[2].pk): -2},
    )
    axes = list(framework.axes.order_by("order"))
    comparisons_save(
        framework=framework,
        by=pm,
        group=ComparisonGroup.AXES,
        judgements={(a.pk, b.pk): 2 for i, a in enumerate(axes) for b in axes[i + 1 :]},
    )
    return framework_publish(framework=framework, by=pm)


def comparable(document):
    """The document without what legitimately differs between exports (dates, origin)."""
    result = copy.deepcopy(document)
    result.pop("exported_at")
    result.pop("origin")
    return result


def counts():
    return (
        Framework.objects.count(),
        Objective.objects.count(),
        ImpactAxis.objects.count(),
        Comparison.objects.count(),
    )


def test_export_has_the_documented_shape(published):
    document = framework_export(framework=published)
    assert document["format"] == "koersvast.framework/1"
    assert set(document) == {
        "format",
        "exported_at",
        "origin",
        "framework",
        "objectives",
        "axes",
        "comparisons",
        "criteria",
    }
    assert document["origin"]["municipality"]["cbs_code"] == "GM0344"
    assert document["origin"]["status"] == "published"
    assert [o["code"] for o in document["objectives"]] == ["T1", "T1.1", "T1.2", "T2", "T3"]
    assert document["objectives"][1]["parent"] == "T1"
    assert {c["value"] for c in document["comparisons"]} >= {"3", "5", "1/2", "2"}
    assert document["criteria"] == []
    json.dumps(document)  # JSON-ready, no ids
    assert "id" not in document["objectives"][0]


def test_round_trip_into_another_municipality(published, other_municipality, outsider):
    raw = framework_export_bytes(framework=published)
    imported = framework_import(municipality=other_municipality, raw=raw, by=outsider)
    assert imported.municipality == other_municipality
    assert imported.status == FrameworkStatus.DRAFT
    assert imported.version == 1
    assert comparable(framework_export(framework=imported)) == comparable(json.loads(raw))
    # Imported again: the next version of the same name.
    again = framework_import(municipality=other_municipality, raw=raw, by=outsider)
    assert again.version == 2
    # Every imported row is audited.
    assert AuditEvent.objects.filter(municipality_id=other_municipality.pk).count() >= 20


def test_import_needs_the_manage_right(published, municipality, personas):
    raw = framework_export_bytes(framework=published)
    with pytest.raises(PermissionDenied):
        framework_import(municipality=municipality, raw=raw, by=personas[Role.READER])


def _valid(published):
    return framework_export(framework=published)


def _set(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        return document

    return change


def _delete(path):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
        return document

    return change


BAD_DOCUMENTS = {
    "wrong format": (_set(["format"], "other/1"), "format", "onbekend formaat"),
    "no name": (_set(["framework", "name"], ""), "framework.name", "verplicht"),
    "objectives not a list": (_set(["objectives"], {}), "objectives", "moet een lijst zijn"),
    "unknown parent": (
        _set(["objectives", 1, "parent"], "T9"),
        "objectives[1].parent",
        "staat niet in het bestand",
    ),
    "duplicate code": (
        _set(["objectives", 3, "code"], "T1"),
        "objectives[3].code",
        "komt al voor",
    ),
    "bad source": (
        _set(["objectives", 0, "source"], "twitter"),
        "objectives[0].source",
        "geen toegestane waarde",
    ),
    "negative weight": (
        _set(["objectives", 0, "weight"], -1),
        "objectives[0].weight",
        "tussen 0 en",
    ),
    "weight as text": (
        _set(["objectives", 0, "weight"], "veel"),
        "objectives[0].weight",
        "moet een getal zijn",
    ),
    "missing name": (_delete(["objectives", 2, "name"]), "objectives[2].name", "moet tekst zijn"),
    "bad axis scale": (
        _set(["axes", 0, "scale_max"], 0),
        "axes[0].scale_max",
        "groter zijn dan scale_min",
    ),
    "bad direction": (
        _set(["axes", 1, "direction"], "up"),
        "axes[1].direction",
        "geen toegestane waarde",
    ),
    "bad judgement": (
        _set(["comparisons", 0, "value"], "10"),
        "comparisons[0].value",
        "geen toegestane waarde",
    ),
    "comparison of non-siblings": (
        # Axes (6 pairs) come first, then the themes.
        _set(["comparisons", 6, "first"], "T1.1"),
        "comparisons[6].first",
        "valt niet onder",
    ),
    "comparison of unknown axis": (
        _set(["comparisons", 0, "second"], "nope"),
        "comparisons[0].second",
        "geen impactas",
    ),
    "pair judged twice": (
        lambda d: {
            **d,
            "comparisons": [
                *d["comparisons"],
                {
                    **d["comparisons"][0],
                    "first": d["comparisons"][0]["second"],
                    "second": d["comparisons"][0]["first"],
                },
            ],
        },
        "comparisons[9]",
        "al eerder beoordeeld",
    ),
    "criteria not a list": (_set(["criteria"], "geen"), "criteria", "moet een lijst zijn"),
}


@pytest.mark.parametrize("case", sorted(BAD_DOCUMENTS))
def test_bad_documents_name_the_problem_and_write_nothing(
    case, published, other_municipality, outsider
):
    change, path, message = BAD_DOCUMENTS[case]
    document = change(_valid(published))
    before, audit_before = counts(), AuditEvent.objects.count()
    with pytest.raises(FrameworkFileError) as error:
        framework_import(
            municipality=other_municipality, raw=json.dumps(document).encode(), by=outsider
        )
    problems = error.value.problems
    assert any(p.path == path and message in p.message_nl for p in problems), problems
    assert all(p.message_en for p in problems)
    assert counts() == before
    assert AuditEvent.objects.count() == audit_before


def test_cycles_and_depth_are_refused(published, other_municipality, outsider):
    document = _valid(published)
    document["objectives"][0]["parent"] = "T1.1"  # T1 → T1.1 → T1
    with pytest.raises(FrameworkFileError) as error:
        validate_document(document)
    assert any("kring" in p.message_nl for p in error.value.problems)
    document = _valid(published)
    document["objectives"].append({**document["objectives"][1], "code": "T1.1.1", "parent": "T1.1"})
    document["objectives"].append(
        {**document["objectives"][1], "code": "T1.1.1.1", "parent": "T1.1.1"}
    )
    with pytest.raises(FrameworkFileError) as error:
        validate_document(document)
    assert [p.path for p in error.value.problems] == ["objectives[6].parent"]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"\xff\xfe\x00", "geen UTF-8"),
        (b'{"format": ', "geen geldige JSON (regel 1"),
        (b"[1, 2]", "moet een JSON-object zijn"),
        (b" " * (MAX_BYTES + 1), "groter dan 1 MB"),
    ],
)
def test_unreadable_files_are_refused(raw, message, other_municipality, outsider):
    before = counts()
    with pytest.raises(FrameworkFileError) as error:
        framework_import(municipality=other_municipality, raw=raw, by=outsider)
    assert message in str(error.value.problems[0])
    assert counts() == before


def test_a_failure_while_writing_rolls_everything_back(
    published, other_municipality, outsider, monkeypatch
):
    raw = framework_export_bytes(framework=published)
    original = Comparison.objects.create

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Comparison.objects, "create", explode)
    before = counts()
    with pytest.raises(RuntimeError):
        framework_import(municipality=other_municipality, raw=raw, by=outsider)
    monkeypatch.setattr(Comparison.objects, "create", original)
    assert counts() == before
