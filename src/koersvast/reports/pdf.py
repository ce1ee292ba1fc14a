"""PDF from a report's HTML with WeasyPrint, imported only when a PDF is asked for.

WeasyPrint needs Pango from the operating system. Importing it lazily keeps the application
(and `manage.py check`) working on a machine without Pango; only the PDF download then shows a
clear message instead.
"""

from __future__ import annotations

import datetime
import logging

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# WeasyPrint logs every layout step at INFO; one line per page would drown the server log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class PdfUnavailableError(Exception):
    """WeasyPrint or its system libraries are missing on this server."""


def pdf_document(
    *, body_html: str, title: str, municipality: str, published_at: datetime.datetime | None
) -> str:
    """The standalone HTML document WeasyPrint turns into the PDF (print CSS inline)."""
    return render_to_string(
        "reports/pdf.html",
        {
            "body": body_html,
            "title": title,
            "municipality": municipality,
            "published_at": published_at,
        },
    )


def render_pdf(
    *,
    body_html: str,
    title: str,
    municipality: str,
    published_at: datetime.datetime | None = None,
    archival: bool = False,
) -> bytes:
    """The report as tagged, accessible PDF bytes (PDF/UA-1), or with `archival` as PDF/A-3b for
    the archive (still tagged); raises PdfUnavailableError with a Dutch explanation."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango missing at import time
        raise PdfUnavailableError(
            _(
                "PDF maken kan op deze server niet: WeasyPrint of de systeembibliotheek Pango "
                "ontbreekt. Vraag de beheerder om `make chromium` uit te voeren (installeert "
                "libpango) of gebruik de HTML-versie en druk die af."
            )
        ) from exc
    document = pdf_document(
        body_html=body_html, title=title, municipality=municipality, published_at=published_at
    )
    # PDF/UA-1: a tagged PDF (structure tree, marked content) with the document's language and
    # its title shown as the window title, so a screen reader can read the report (WCAG, EN 301
    # 549). WeasyPrint takes the language from <html lang> and the title from <title>.
    if archival:
        # PDF/A-3b (ISO 19005-3): self-contained for long-term archiving (fonts embedded, an
        # sRGB output intent, XMP metadata with the PDF/A identification). A published report is
        # a record (Archiefwet): its archive copy is made once, with the frozen HTML. The
        # structure tree is kept, so the archive copy stays readable by a screen reader.
        return HTML(string=document).write_pdf(pdf_variant="pdf/a-3b", pdf_tags=True)
    return HTML(string=document).write_pdf(pdf_variant="pdf/ua-1")
