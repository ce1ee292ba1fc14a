"""The library's pages: browse, preview, adopt, compare, files; what another municipality sees."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koersvast.framework.models import Framework
from koersvast.library.models import Adoption, Template
from koersvast.library.services import template_adopt, template_publish, template_withdraw
from koersvast.tenancy.choices import Role
from koersvast.tenancy.services import membership_grant
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_empty_library_explains_itself(pm_client):
    body = pm_client.get(reverse("library:index")).content.decode()
    assert "De bibliotheek is nog leeg" in body


def test_every_member_browses_and_previews(framework_template, client_for, outsider, personas):
    for user in (outsider, personas[Role.SUBMITTER], personas[Role.ADMINISTRATOR]):
        client = client_for(user)
        body = client.get(reverse("library:index")).content.decode()
        assert "Afwegingskader middelgrote stad" in body
        detail = client.get(reverse("library:version_detail", args=[framework_template.pk]))
        assert detail.status_code == 200
        assert "T1.1 Betaalbare woningen" in detail.content.decode()


def test_preview_of_another_municipality_reveals_only_the_content(
    framework_template, criteria, client_for, outsider, manager
):
    client = client_for(outsider)
    pages = [
        client.get(reverse("library:index")),
        client.get(reverse("library:version_detail", args=[framework_template.pk])),
        client.get(reverse("library:version_adopt", args=[framework_template.pk])),
        client.get(reverse("library:version_export", args=[framework_template.pk])),
    ]
    for response in pages:
        body = response.content.decode()
        assert response.status_code == 200
        assert "Geheim initiatief van Utrecht" not in body
        assert manager.username not in body  # who published is the author's business
        assert "Probleem beschreven" not in body  # criteria are not part of a framework
    exported = json.loads(pages[-1].content)
    assert set(exported["content"]) == {"format", "framework", "objectives", "axes", "comparisons"}


def test_adopting_through_the_page_never_reveals_other_data(
    framework_template, client_for, outsider, other_municipality
):
    client = client_for(outsider)
    response = client.post(
        reverse("library:version_adopt", args=[framework_template.pk]), follow=True
    )
    draft = Framework.objects.get(municipality=other_municipality)
    assert response.redirect_chain[-1][0] == reverse("framework:framework_detail", args=[draft.pk])
    assert "Geheim initiatief van Utrecht" not in response.content.decode()
    adoptions = client.get(reverse("library:adoptions")).content.decode()
    assert reverse("library:version_detail", args=[framework_template.pk]) in adoptions
    assert "Kader Utrecht v1" in adoptions


def test_kind_filter_search_and_pagination(
    framework, criteria, colours, municipality, manager, pm_client
):
    for n in range(21):
        template_publish(
            municipality=municipality,
            kind="rag",
            source_key="set",
            title=f"Kleuren {n:02d}",
            description="",
            by=manager,
        )
    template_publish(
        municipality=municipality,
        kind="toelatingscriteria",
        source_key="set",
        title="Intakecriteria",
        description="Voor het sociaal domein",
        by=manager,
    )
    url = reverse("library:index")
    first = pm_client.get(url, {"soort": "rag"})
    assert first.context["page"].paginator.count == 21
    assert len(first.context["page"].object_list) == 20
    assert "Pagina 1 van 2" in first.content.decode()
    second = pm_client.get(url, {"soort": "rag", "page": 2}).content.decode()
    assert "Kleuren 00" in second and "Intakecriteria" not in second
    found = pm_client.get(url, {"q": "sociaal"})
    assert [t.title for t in found.context["page"].object_list] == ["Intakecriteria"]
    nothing = pm_client.get(url, {"q": "zzz"}).content.decode()
    assert "Geen sjablonen gevonden" in nothing


def test_library_query_count_does_not_grow(colours, municipality, manager, pm_client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert pm_client.get(reverse("library:index")).status_code == 200
        return len(queries)

    template_publish(
        municipality=municipality,
        kind="rag",
        source_key="set",
        title="A",
        description="",
        by=manager,
    )
    one = count()
    for n in range(5):
        template_publish(
            municipality=municipality,
            kind="rag",
            source_key="set",
            title=f"B{n}",
            description="",
            by=manager,
        )
    assert count() == one


def test_readers_browse_but_cannot_adopt_or_publish(framework_template, client_for, personas):
    reader = client_for(personas[Role.READER])
    assert (
        reader.get(reverse("library:version_detail", args=[framework_template.pk])).status_code
        == 200
    )
    assert (
        reader.post(reverse("library:version_adopt", args=[framework_template.pk])).status_code
        == 403
    )
    assert reader.get(reverse("library:publish")).status_code == 403
    assert not Adoption.objects.exists()


def test_publish_page_publishes_a_framework(framework, pm_client):
    response = pm_client.post(
        reverse("library:publish"),
        {
            "source": f"afwegingskader:{framework.pk}",
            "template": "",
            "title": "Ons kader",
            "description": "Kort",
            "note": "",
        },
    )
    template = Template.objects.get()
    assert response.status_code == 302
    assert (template.title, template.kind, template.latest_number) == (
        "Ons kader",
        "afwegingskader",
        1,
    )


def test_publish_page_refuses_a_mismatched_template(framework_template, colours, pm_client):
    response = pm_client.post(
        reverse("library:publish"),
        {"source": "rag:set", "template": str(framework_template.template_id), "title": "X"},
    )
    assert response.status_code == 200
    assert "kies een bron van dezelfde soort" in response.content.decode()
    assert framework_template.template.versions.count() == 1


def test_withdrawn_template_is_gone_for_others_but_kept_for_adopters(
    framework_template, client_for, outsider, manager, other_municipality, municipality
):
    author = client_for(manager)  # the author still sees it
    template_adopt(version=framework_template, municipality=other_municipality, by=outsider)
    template_withdraw(template=framework_template.template, by=manager)
    url = reverse("library:version_detail", args=[framework_template.pk])
    assert client_for(outsider).get(url).status_code == 200  # adopted: the source stays readable
    assert author.get(url).status_code == 200
    stranger = UserFactory(username="stranger")
    membership_grant(
        user=stranger,
        municipality=MunicipalityFactory(cbs_code="GM0599", name="Rotterdam"),
        roles=[Role.PORTFOLIO_MANAGER],
    )
    client = client_for(stranger)
    assert client.get(url).status_code == 404
    assert (
        "Afwegingskader middelgrote stad"
        not in client.get(reverse("library:index")).content.decode()
    )


def test_compare_and_merge_pages(
    framework_template, framework, municipality, manager, client_for, outsider, other_municipality
):
    adoption, _r = template_adopt(
        version=framework_template, municipality=other_municipality, by=outsider
    )
    framework.objectives.filter(code="T2").update(weight=4)
    template_publish(
        municipality=municipality,
        kind="afwegingskader",
        source_key=str(framework.pk),
        title="Afwegingskader middelgrote stad",
        description="",
        template=framework_template.template,
        by=manager,
    )
    client = client_for(outsider)
    listing = client.get(reverse("library:adoptions")).content.decode()
    assert "versie 2 beschikbaar" in listing
    index = client.get(reverse("library:index")).content.decode()
    assert "nieuwere versie" in index
    url = reverse("library:adoption_compare", args=[adoption.pk])
    page = client.get(url).content.decode()
    assert "Doelstellingen: T2 Werken" in page and "gewijzigd" in page
    nothing = client.post(url, {})
    assert "Kies ten minste één wijziging" in nothing.content.decode()
    merged = client.post(url, {"change": ["objective:T2"]})
    assert merged.status_code == 302
    newest = Framework.objects.filter(municipality=other_municipality).order_by("-version").first()
    assert newest.objectives.get(code="T2").weight == 4


def test_import_page(framework_template, client_for, outsider, other_municipality):
    client = client_for(outsider)
    raw = client.get(reverse("library:version_export", args=[framework_template.pk])).content
    upload = SimpleUploadedFile("sjabloon.json", raw, content_type="application/json")
    response = client.post(reverse("library:import"), {"file": upload})
    assert response.status_code == 302
    imported = Template.objects.get(municipality=other_municipality)
    assert imported.original_author == "Utrecht (GM0344)"
    bad = SimpleUploadedFile("x.json", b"{}", content_type="application/json")
    page = client.post(reverse("library:import"), {"file": bad}).content.decode()
    assert "onbekend formaat" in page


def test_the_adopted_framework_shows_where_it_came_from(
    framework_template, other_municipality, outsider, client_for
):
    adoption, _result = template_adopt(
        version=framework_template, municipality=other_municipality, by=outsider
    )
    framework = adoption.adopted_object()
    url = reverse("framework:framework_detail", args=[framework.pk])
    page = client_for(outsider).get(url).content.decode()
    assert "Overgenomen uit het sjabloon" in page
    assert "Bronversie bekijken" in page
