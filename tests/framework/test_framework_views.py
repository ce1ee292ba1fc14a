"""Framework pages: a portfolio manager edits drafts, others read, published versions are frozen."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koersvast.framework.choices import ComparisonGroup
from koersvast.framework.exchange import document as exchange
from koersvast.framework.models import Comparison, Framework, ImpactAxis, Objective
from koersvast.framework.services.structure import objective_create
from koersvast.framework.services.versions import framework_create, framework_publish
from koersvast.framework.services.weights import comparisons_save
from koersvast.tenancy.choices import Role

from .helpers import build_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def pm(personas):
    return personas[Role.PORTFOLIO_MANAGER]


@pytest.fixture
def draft(municipality, pm):
    return build_framework(municipality, by=pm)


@pytest.fixture
def reader_client(personas, client_for):
    return client_for(personas[Role.READER])


def edit_urls(framework):
    objective = framework.objectives.get(code="T1")
    axis = framework.axes.first()
    return [
        reverse("framework:framework_edit", args=[framework.pk]),
        reverse("framework:framework_publish", args=[framework.pk]),
        reverse("framework:framework_new_version", args=[framework.pk]),
        reverse("framework:objective_create", args=[framework.pk]),
        reverse("framework:axis_create", args=[framework.pk]),
        reverse("framework:group_weights", args=[framework.pk, "themas"]),
        reverse("framework:group_weights", args=[framework.pk, "assen"]),
        reverse("framework:group_compare", args=[framework.pk, "themas"]),
        reverse("framework:group_compare", args=[framework.pk, "assen"]),
        reverse("framework:objective_edit", args=[objective.pk]),
        reverse("framework:objective_delete", args=[objective.pk]),
        reverse("framework:objective_weights", args=[objective.pk]),
        reverse("framework:objective_compare", args=[objective.pk]),
        reverse("framework:axis_edit", args=[axis.pk]),
        reverse("framework:axis_delete", args=[axis.pk]),
        reverse("framework:framework_import"),
        reverse("framework:framework_create"),
    ]


def test_every_page_renders_for_a_portfolio_manager(draft, pm_client):
    body = pm_client.get(reverse("framework:index")).content.decode()
    assert "T1 Iedereen doet mee" in body
    assert "Vaststellen" in body
    assert "Complexiteit" in body
    for url in edit_urls(draft):
        response = pm_client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


def test_a_reader_reads_but_cannot_edit(draft, reader_client):
    response = reader_client.get(reverse("framework:framework_detail", args=[draft.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "T1 Iedereen doet mee" in body
    assert "Vaststellen" not in body
    assert (
        reverse("framework:objective_edit", args=[draft.objectives.get(code="T1").pk]) not in body
    )
    for url in edit_urls(draft):
        assert reader_client.get(url).status_code == 403, url
        assert reader_client.post(url, {"name": "x"}).status_code == 403, url
    assert (
        reader_client.get(reverse("framework:framework_export", args=[draft.pk])).status_code == 200
    )
    assert (
        reader_client.get(
            reverse("framework:objective_detail", args=[draft.objectives.get(code="T1").pk])
        ).status_code
        == 200
    )


def test_empty_state_offers_to_start(municipality, pm_client, reader_client):
    body = pm_client.get(reverse("framework:index")).content.decode()
    assert reverse("framework:framework_create") in body
    assert (
        reverse("framework:framework_create")
        not in reader_client.get(reverse("framework:index")).content.decode()
    )
    response = pm_client.post(reverse("framework:framework_create"), {"name": "Nieuw kader"})
    framework = Framework.objects.get(name="Nieuw kader")
    assert response.url == reverse("framework:framework_detail", args=[framework.pk])
    assert framework.axes.count() == 4


def test_published_version_is_shown_read_only(draft, pm, pm_client):
    framework_publish(framework=draft, by=pm)
    body = pm_client.get(reverse("framework:framework_detail", args=[draft.pk])).content.decode()
    assert "is vastgesteld en kan niet meer worden gewijzigd" in body
    assert reverse("framework:objective_create", args=[draft.pk]) not in body
    assert reverse("framework:framework_new_version", args=[draft.pk]) in body
    objective = draft.objectives.get(code="T1")
    response = pm_client.post(
        reverse("framework:objective_edit", args=[objective.pk]),
        {"code": "T1", "name": "Anders", "source": "coalitieakkoord"},
        follow=True,
    )
    assert "kan niet meer worden gewijzigd" in response.content.decode()
    objective.refresh_from_db()
    assert objective.name == "Iedereen doet mee"


def test_add_objective_with_errors_linked_to_fields(draft, pm_client):
    url = reverse("framework:objective_create", args=[draft.pk])
    response = pm_client.post(url, {"code": "T1", "name": "", "source": "coalitieakkoord"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-describedby="id_name_error"' in body
    assert 'id="id_name_error"' in body
    assert 'aria-invalid="true"' in body
    response = pm_client.post(url, {"code": "T1", "name": "Dubbel", "source": "coalitieakkoord"})
    assert "al in gebruik" in response.content.decode()
    t2 = draft.objectives.get(code="T2")
    response = pm_client.post(
        url,
        {
            "parent": t2.pk,
            "code": "T2.1",
            "name": "Betaalbaar wonen",
            "source": "bestuursprogramma",
        },
    )
    assert response.status_code == 302
    assert Objective.objects.get(framework=draft, code="T2.1").parent == t2


def test_compare_themes_stores_weights_and_shows_cr(draft, pm_client):
    t = list(draft.objectives.filter(parent=None).order_by("order"))
    url = reverse("framework:group_compare", args=[draft.pk, "themas"])
    body = pm_client.get(url).content.decode()
    assert body.count("<fieldset") == 3
    assert "<legend>" in body
    assert "even belangrijk" in body
    assert "iets belangrijker" in body
    response = pm_client.post(
        url,
        {
            f"p{t[0].pk}_{t[1].pk}": "3",
            f"p{t[0].pk}_{t[2].pk}": "5",
            f"p{t[1].pk}_{t[2].pk}": "2",
        },
    )
    body = response.content.decode()
    assert "Consistentieratio (CR)" in body
    assert "te inconsistent" not in body
    assert "wijkt het meest af" not in body
    weights = [o.weight for o in draft.objectives.filter(parent=None).order_by("order")]
    assert weights == sorted(weights, reverse=True)
    assert sum(weights) == pytest.approx(Decimal(1), abs=Decimal("0.0005"))
    # An inconsistent set is saved as well, with a warning naming the pair.
    response = pm_client.post(
        url,
        {
            f"p{t[0].pk}_{t[1].pk}": "5",
            f"p{t[0].pk}_{t[2].pk}": "-5",
            f"p{t[1].pk}_{t[2].pk}": "5",
        },
    )
    body = response.content.decode()
    assert "wijkt het meest af" in body
    assert "hoger dan 0,10" in body
    detail = pm_client.get(reverse("framework:framework_detail", args=[draft.pk])).content.decode()
    assert "te inconsistent" in detail
    # In English the engine's English sentence is used.
    pm_client.cookies["django_language"] = "en"
    assert "deviates most" in pm_client.get(url).content.decode()


def test_direct_weights_and_value_impact_split(draft, pm_client):
    t = list(draft.objectives.filter(parent=None).order_by("order"))
    response = pm_client.post(
        reverse("framework:group_weights", args=[draft.pk, "themas"]),
        {f"w{t[0].pk}": "40", f"w{t[1].pk}": "40", f"w{t[2].pk}": "20"},
    )
    assert response.status_code == 302
    assert [o.weight for o in draft.objectives.filter(parent=None).order_by("order")] == [
        Decimal("0.4"),
        Decimal("0.4"),
        Decimal("0.2"),
    ]
    response = pm_client.post(
        reverse("framework:group_weights", args=[draft.pk, "themas"]),
        {f"w{t[0].pk}": "0", f"w{t[1].pk}": "0", f"w{t[2].pk}": "0"},
    )
    assert "Alle gewichten zijn nul" in response.content.decode()
    response = pm_client.post(
        reverse("framework:framework_edit", args=[draft.pk]),
        {"name": draft.name, "description": "", "value_percent": "60"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.value_weight, draft.impact_weight) == (Decimal("0.6"), Decimal("0.4"))


def test_axis_crud(draft, pm_client):
    response = pm_client.post(
        reverse("framework:axis_create", args=[draft.pk]),
        {
            "code": "draagvlak",
            "name": "Draagvlak",
            "scale_min": 1,
            "scale_max": 1,
            "direction": "higher_is_better",
        },
    )
    assert "groter zijn dan" in response.content.decode()
    response = pm_client.post(
        reverse("framework:axis_create", args=[draft.pk]),
        {
            "code": "draagvlak",
            "name": "Draagvlak",
            "scale_min": 1,
            "scale_max": 5,
            "direction": "higher_is_better",
        },
    )
    assert response.status_code == 302
    axis = ImpactAxis.objects.get(framework=draft, code="draagvlak")
    pm_client.post(
        reverse("framework:axis_edit", args=[axis.pk]),
        {
            "code": "draagvlak",
            "name": "Maatschappelijk draagvlak",
            "scale_min": 0,
            "scale_max": 10,
            "direction": "higher_is_better",
            "weight": "0.5",
        },
    )
    axis.refresh_from_db()
    assert (axis.name, axis.scale_max, axis.weight) == (
        "Maatschappelijk draagvlak",
        10,
        Decimal("0.5"),
    )
    pm_client.post(reverse("framework:axis_delete", args=[axis.pk]))
    assert not ImpactAxis.objects.filter(pk=axis.pk).exists()


def test_publish_and_new_version_through_the_pages(draft, pm_client):
    from koersvast.intake.models import DecisionBody

    url = reverse("framework:framework_publish", args=[draft.pk])
    # Adopting records the decision: the gremium is required when the municipality has one.
    body = DecisionBody.objects.create(
        municipality=draft.municipality, name="College", kind="college"
    )
    assert pm_client.post(url).status_code == 200
    response = pm_client.post(url, {"body": body.pk})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published
    response = pm_client.post(reverse("framework:framework_new_version", args=[draft.pk]))
    new = Framework.objects.get(name=draft.name, version=draft.version + 1)
    assert response.url == reverse("framework:framework_detail", args=[new.pk])
    assert new.objectives.count() == draft.objectives.count()
    # The index shows the newest published version while the draft is prepared.
    assert pm_client.get(reverse("framework:index")).context["framework"] == draft


def test_publish_page_lists_blocking_problems(municipality, pm, pm_client):
    empty = framework_create(municipality=municipality, name="Leeg", by=pm)
    response = pm_client.get(reverse("framework:framework_publish", args=[empty.pk]))
    body = response.content.decode()
    assert "ten minste één doelstelling" in body
    assert '<form method="post"' not in body.split("checks-title")[1]
    response = pm_client.post(reverse("framework:framework_publish", args=[empty.pk]), follow=True)
    empty.refresh_from_db()
    assert empty.is_draft


def test_export_download_and_import_upload(draft, pm_client, outsider, client_for):
    response = pm_client.get(reverse("framework:framework_export", args=[draft.pk]))
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == 'attachment; filename="kader-v1.json"'
    document = json.loads(response.content)
    assert document["format"] == exchange.FORMAT
    other = client_for(outsider)
    upload = SimpleUploadedFile("kader.json", response.content, "application/json")
    response = other.post(reverse("framework:framework_import"), {"file": upload})
    imported = Framework.objects.exclude(pk=draft.pk).get()
    assert response.url == reverse("framework:framework_detail", args=[imported.pk])
    assert imported.municipality.cbs_code == "GM0363"
    # A bad file: clear errors with their path, nothing written.
    document["objectives"][1]["parent"] = "T9"
    before = (Framework.objects.count(), Objective.objects.count())
    upload = SimpleUploadedFile("kader.json", json.dumps(document).encode(), "application/json")
    response = other.post(reverse("framework:framework_import"), {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "objectives[1].parent" in body
    assert "er is niets opgeslagen" in body
    assert (Framework.objects.count(), Objective.objects.count()) == before


def _detail_queries(client, framework):
    url = reverse("framework:framework_detail", args=[framework.pk])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_tree_page_query_count_is_constant(draft, pm, pm_client, django_assert_max_num_queries):
    small = _detail_queries(pm_client, draft)
    t1 = draft.objectives.get(code="T1")
    for index in range(12):
        objective_create(framework=draft, by=pm, code=f"T1.{index + 3}", name="x", parent=t1)
    for index in range(6):
        theme = objective_create(framework=draft, by=pm, code=f"X{index}", name="Thema")
        objective_create(framework=draft, by=pm, code=f"X{index}.1", name="y", parent=theme)
    themes = list(draft.objectives.filter(parent=None))
    comparisons_save(
        framework=draft,
        by=pm,
        group=ComparisonGroup.OBJECTIVES,
        judgements={(a.pk, b.pk): 2 for i, a in enumerate(themes) for b in themes[i + 1 :]},
    )
    assert Comparison.objects.filter(framework=draft).count() == 36
    large = _detail_queries(pm_client, draft)
    assert large == small
    with django_assert_max_num_queries(15):
        pm_client.get(reverse("framework:framework_detail", args=[draft.pk]))
