"""Demo templates: three benchmark peers share a framework, criteria and colours.

Called by `koersvast.demo.services.demo_load` after the peers exist. The content starts from
Gemeente Voorbeeld's own framework and criteria, adapted per peer, and is written into the
peer (so the template really is the peer's) before it is published. Idempotent: once any
peer has a template, nothing is written again.
"""

from __future__ import annotations

import copy

from django.db import transaction

from koersvast.intake.exchange import criteria_export
from koersvast.monitoring.rag_exchange import rag_write
from koersvast.tenancy.models import Municipality

from .kinds import KINDS
from .models import Template
from .services import template_publish

FRAMEWORK_TITLE = "Afwegingskader middelgrote gemeente"


@transaction.atomic
def load_library(demo: Municipality, peer_codes: list[str]) -> list[Template]:
    """Publish the demo templates (by=None: a system action) unless they are there already."""
    peers = {m.cbs_code: m for m in Municipality.objects.filter(cbs_code__in=peer_codes)}
    ordered = [peers[code] for code in peer_codes if code in peers]
    if len(ordered) < 10 or Template.objects.filter(municipality__in=ordered).exists():
        return []
    framework_kind = KINDS["afwegingskader"]
    sources = framework_kind.sources(demo)
    if not sources:
        return []
    author = ordered[7]
    content = framework_kind.export(demo, sources[0].key)
    adapted = copy.deepcopy(content)
    adapted["framework"]["name"] = f"Afwegingskader {author.name}"
    adapted["framework"]["description"] = (
        "Vier thema's uit het coalitieakkoord; impact weegt zwaarder dan gebruikelijk."
    )
    adapted["framework"]["value_weight"], adapted["framework"]["impact_weight"] = 0.6, 0.4
    written = framework_kind.write(author, adapted, merge=False)
    first = template_publish(
        municipality=author,
        kind="afwegingskader",
        source_key=str(written.obj.pk),  # type: ignore[union-attr]
        title=FRAMEWORK_TITLE,
        description=(
            "Een afwegingskader voor gemeenten van 40.000 tot 100.000 inwoners: vier thema's, "
            "AHP-gewichten en vier impactassen."
        ),
        by=None,
    )
    criteria_author = ordered[9]
    KINDS["toelatingscriteria"].write(
        criteria_author, {"criteria": criteria_export(demo)}, merge=False
    )
    criteria = template_publish(
        municipality=criteria_author,
        kind="toelatingscriteria",
        source_key="set",
        title="Toelatingscriteria met CISO- en privacytoets",
        description="Wanneer komt iets in het portfolio: de vaste gegevens en de adviezen.",
        by=None,
    )
    rag_author = ordered[4]
    rag_write(
        rag_author,
        [
            {"colour": "groen", "meaning": "Binnen tijd, geld en scope zoals vastgesteld."},
            {"colour": "oranje", "meaning": "Afwijking buiten de plankaders, vooraf gemeld."},
            {"colour": "rood", "meaning": "Afwijking buiten de plankaders, niet tijdig gemeld."},
        ],
        replace_all=True,
    )
    rag = template_publish(
        municipality=rag_author,
        kind="rag",
        source_key="set",
        title="Stoplichten volgens de plankaders",
        description="Eenduidige kleuren voor voortgangsrapportages.",
        by=None,
    )
    return [first.template, criteria.template, rag.template]
