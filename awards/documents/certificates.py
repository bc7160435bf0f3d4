"""The certificate of an award (Bằng khen / Giấy khen, from its form's certificate_heading): A4
landscape, with a QR code to the award's public verification page (its unguessable token). One PDF
for an awardee; a decision's batch is one PDF of every certificate, a page each, made in the job
worker (awards.tasks_documents) a chunk at a time, so memory stays small whatever the number of
awardees."""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from awards.documents.content import MOTTO, board_of, place_of, upper, written_date
from awards.documents.pdf import html_to_pdf
from awards.models import Award
from units.text import search_text_of


def verification_url(award: Award) -> str:
    return settings.PORTAL_URL.rstrip("/") + reverse("awards_public:verify", args=[award.token])


def qr_data_uri(url: str) -> str:
    """The QR code as an SVG data URI (vector: sharp at any print size)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def has_certificate(award: Award) -> bool:
    return bool(award.form.certificate_heading)


@dataclass(frozen=True)
class CertificateContent:
    motto: tuple[str, str]
    authority: str
    heading: str
    name: str
    unit: str
    citation: str
    decision_line: str
    place_date: str
    sign_for: str
    signer_title: str
    signer_name: str
    url: str
    qr: str
    collective: bool


def certificate_content(award: Award) -> CertificateContent:
    """`award` with its decision, issuing unit (and its unit type) and form already loaded."""
    decision = award.decision
    board = board_of(decision)
    issuer = decision.issuer_name or f"{board} {decision.issuing_unit.name}"
    url = verification_url(award)
    return CertificateContent(
        motto=MOTTO,
        authority=upper(issuer),
        heading=award.form.certificate_heading,
        name=award.awardee_name,
        unit=award.unit_name,
        citation=award.citation or f"Đã có thành tích xuất sắc trong phong trào thi đua năm {award.year}.",
        decision_line=f"Quyết định số {decision.reference} {written_date(decision.decided_on)}",
        place_date=f"{place_of(decision)}, {written_date(decision.decided_on)}",
        sign_for="" if decision.issuer_name else f"TM. {upper(board)}",
        signer_title=upper(decision.signer_title or "Chủ tịch"),
        signer_name=decision.signer_name,
        url=url,
        qr=qr_data_uri(url),
        collective=award.collective_id is not None,
    )


def certificate_html(awards) -> str:
    return render_to_string("awards/documents/certificate_pdf.html", {"certificates": [certificate_content(a) for a in awards]})


def certificate_pdf(award: Award) -> bytes:
    return html_to_pdf(certificate_html([award]))


CHUNK = 20


def certificates_pdf(awards, output, *, chunk: int = CHUNK, progress=None) -> int:
    """Every certificate of `awards` into one PDF written to `output` (a binary file), a page each,
    to print at once; returns the number of certificates. WeasyPrint lays them out `chunk` at a time
    (laying out 500 pages as one document would hold every page's boxes: 250 MB more), and pypdf
    joins the chunks' pages, so memory grows only with the finished file. `progress(done)` after
    each chunk."""
    import io

    from pypdf import PdfReader, PdfWriter
    from weasyprint import HTML

    from awards.documents.pdf import font_config

    writer = PdfWriter()
    done = 0
    batch = []

    def flush():
        document = HTML(string=certificate_html(batch), base_url=str(settings.BASE_DIR)).render(font_config=font_config())
        writer.append(PdfReader(io.BytesIO(document.write_pdf())))

    for award in awards:
        batch.append(award)
        if len(batch) == chunk:
            flush()
            done += len(batch)
            batch = []
            if progress:
                progress(done)
    if batch:
        flush()
        done += len(batch)
        if progress:
            progress(done)
    writer.add_metadata({"/Title": "Chứng nhận khen thưởng"})
    writer.write(output)
    return done


def certificate_awards(decision_id: int):
    """The awards of an issued decision that get a certificate: in force, of a form that prints one,
    with what the certificate prints loaded in the same query."""
    return (
        Award.objects.filter(decision_id=decision_id, cancelled_by__isnull=True)
        .exclude(form__certificate_heading="")
        .select_related("form", "decision__issuing_unit__unit_type")
        .order_by("order", "id")
    )


def filename(award: Award) -> str:
    slug = search_text_of(award.awardee_name).replace(" ", "-")[:60] or "chung-nhan"
    return f"{slug}.pdf"


def batch_filename(decision) -> str:
    return f"chung-nhan-quyet-dinh-{decision.number}-{decision.year}.pdf"
