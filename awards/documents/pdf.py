"""PDFs from HTML templates with WeasyPrint: the decision in administrative format with its annex
(and, in awards.documents.certificates, the certificates). Fonts: "Times New Roman" resolves to
Liberation Serif 2 (fonts-liberation2), which carries every Vietnamese letter; DejaVu Serif is the
fallback (see /work/shared/docs/toolchain.md: Liberation 1.x lacks Ơ, Ư, ạ, …)."""

import functools

from django.conf import settings
from django.template.loader import render_to_string

from awards.documents.content import decision_content


@functools.lru_cache(maxsize=1)
def font_config():
    """One font configuration per process: fontconfig is read once, not per document."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=font_config())


def decision_html(decision, *, signature_note: str = "") -> str:
    return render_to_string("awards/documents/decision_pdf.html", {"c": decision_content(decision), "signature_note": signature_note})


def decision_pdf(decision, *, signature_note: str = "") -> bytes:
    """The decision as a PDF (unsigned): the heading, articles, signature block, recipients, the annex."""
    return html_to_pdf(decision_html(decision, signature_note=signature_note))


def filename(decision) -> str:
    return f"quyet-dinh-{decision.number or 'du-thao'}-{decision.year}.pdf"
