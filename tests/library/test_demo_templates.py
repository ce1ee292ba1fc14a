"""The demo fills the library: three peers share a framework, criteria and colours."""

from __future__ import annotations

import pytest
from django.template import Context
from django.template import Template as DjangoTemplate

from koersvast.demo import content
from koersvast.framework.models import Framework
from koersvast.library.models import Template
from koersvast.library.services import template_adopt
from tests.demo_snapshot import load_demo

pytestmark = pytest.mark.django_db


def test_demo_publishes_one_template_of_each_kind_and_each_can_be_adopted() -> None:
    voorbeeld, _logins = load_demo()
    templates = list(Template.objects.order_by("kind"))
    assert [t.kind for t in templates] == ["afwegingskader", "rag", "toelatingscriteria"]
    assert len({t.municipality_id for t in templates}) == 3
    assert voorbeeld.pk not in {t.municipality_id for t in templates}
    assert all(t.latest_number == 1 and t.description for t in templates)
    for template in templates:
        adoption, result = template_adopt(
            version=template.versions.get(), municipality=voorbeeld, by=None
        )
        assert adoption.summary == result.summary
    adopted = Framework.objects.filter(municipality=voorbeeld).order_by("-pk").first()
    assert adopted.is_draft and adopted.name.startswith("Afwegingskader")

    # The notice an adopted object's page can include names the source version.
    rendered = DjangoTemplate("{% load library %}{% adoption_notice obj %}").render(
        Context({"obj": adopted})
    )
    assert "Afwegingskader middelgrote gemeente" in rendered
    assert f"/sjablonen/versies/{templates[0].versions.get().pk}/" in rendered
    assert content.DEMO_NAME not in rendered
