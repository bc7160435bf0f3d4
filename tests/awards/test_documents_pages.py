"""The documents as users reach them: the Word draft and PDF downloads, the issued PDF made (and
signed) by the job worker when the decision is issued, what the pages say while it is prepared and
when it failed, the upload of a PDF signed with a token (and the refusal of one changed after
signing), a certificate, and the batch of certificates as one PDF through the job worker."""

import datetime
import io
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.documents import certificates, signing
from awards.documents.models import DecisionDocument, SignatureKind
from awards.models import Award, Decision
from awards.tasks_documents import PDF_KIND
from portal.jobs.models import Job
from tests.awards.test_documents import NAMES, pdf_text
from tests.awards.test_signing import TestAuthority
from tests.factories import PersonFactory, make_decision


@pytest.fixture(scope="module")
def authority():
    return TestAuthority()


@pytest.fixture
def draft(tree, cast):
    people = [PersonFactory(unit=tree.school_a, full_name=name) for name in NAMES[:3]]
    return make_decision(
        tree.province, people=people, form="bang-khen-ldld-tinh", by=cast.province_staff, signer_name="Lò Văn Mừng",
        signer_title="Chủ tịch", decided_on=datetime.date(2025, 12, 15),
    )


@pytest.fixture
def issue(cast, django_capture_on_commit_callbacks):
    """Issue as the page does: once the issue commits, the immediate task backend runs the PDF's job."""

    def issue(decision):
        with django_capture_on_commit_callbacks(execute=True):
            return services.decision_issue(decision=decision, by=cast.province_staff, number=125, confirm_over_budget=True)

    return issue


@pytest.fixture
def issued(draft, issue, settings):
    settings.AWARD_SIGNING_KEYS = {}
    return issue(draft)


def test_issuing_makes_the_pdf_in_the_job_worker_without_anyone_opening_it(client, cast, draft, settings, django_capture_on_commit_callbacks):
    settings.AWARD_SIGNING_KEYS = {}
    client.force_login(cast.province_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:decision-issue", args=[draft.pk]), {"number": 125, "confirm_over_budget": "on"})
    assert response.status_code == 302
    job = Job.objects.get(kind=PDF_KIND)
    assert job.state == Job.State.DONE and job.owner == cast.province_staff
    assert Decision.objects.get(pk=draft.pk).pdf_job == job
    # Nobody requested the download: the kept PDF is there, with the number and the names.
    document = DecisionDocument.objects.get(decision=draft)
    with document.pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "Số: 125/QĐ-LĐLĐ" in text and "Quàng Văn Đức" in text
    page = client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    assert 'id="pdf-link"' in page and "Đang chuẩn bị" not in page


def test_until_the_worker_made_it_the_pages_say_the_pdf_is_being_prepared(client, cast, draft, settings, django_capture_on_commit_callbacks):
    settings.AWARD_SIGNING_KEYS = {}
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not taken the job yet
        decision = services.decision_issue(decision=draft, by=cast.province_staff, number=125, confirm_over_budget=True)
    waiting = Job.objects.create(kind=PDF_KIND, owner=cast.province_staff, params={"decision": decision.pk})
    Decision.objects.filter(pk=decision.pk).update(pdf_job=waiting)
    client.force_login(cast.officer)  # sees the decision (it awards people of district A), does not keep it
    for name in ["awards:decision-detail", "awards:decision-documents"]:
        page = client.get(reverse(name, args=[decision.pk])).content.decode()
        assert "Bản PDF đang được chuẩn bị" in page and 'hx-trigger="every 2s"' in page, name
        assert 'id="pdf-link"' not in page
    response = client.get(reverse("awards:decision-pdf", args=[decision.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("awards:decision-documents", args=[decision.pk])
    assert "vẫn đang được chuẩn bị" in response.content.decode()
    assert not DecisionDocument.objects.exists()  # a request never makes it


def test_a_failed_preparation_is_shown_and_retried_by_the_decisions_keeper(client, cast, draft, settings, django_capture_on_commit_callbacks):
    settings.AWARD_SIGNING_KEYS = {}
    with django_capture_on_commit_callbacks(execute=False):
        decision = services.decision_issue(decision=draft, by=cast.province_staff, number=125, confirm_over_budget=True)
    failed = Job.objects.create(kind=PDF_KIND, owner=cast.province_staff, params={"decision": decision.pk}, state="failed", report={"failure": "error"})
    Decision.objects.filter(pk=decision.pk).update(pdf_job=failed)
    client.force_login(cast.officer)
    page = client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    assert "Không tạo được bản PDF" in page and 'id="pdf-retry"' not in page  # not theirs to retry
    assert client.post(reverse("awards:decision-pdf-prepare", args=[decision.pk])).status_code == 403
    client.force_login(cast.admin)  # another keeper than the one who issued
    page = client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    assert "Không tạo được bản PDF" in page and 'id="pdf-retry"' in page
    response = client.post(reverse("awards:decision-pdf-prepare", args=[decision.pk]), {"back": "detail"})
    assert response["Location"] == decision.get_absolute_url()
    retried = Decision.objects.get(pk=decision.pk).pdf_job
    assert retried != failed and retried.state == Job.State.DONE and retried.owner == cast.admin
    page = client.get(reverse("awards:decision-detail", args=[decision.pk])).content.decode()
    assert 'id="pdf-link"' in page and "Không tạo được bản PDF" not in page
    # A second press changes nothing: the PDF is kept, the page says it is ready.
    client.post(reverse("awards:decision-pdf-prepare", args=[decision.pk]))
    assert Job.objects.filter(kind=PDF_KIND).count() == 2 and DecisionDocument.objects.count() == 1


def test_a_decision_issued_before_pdfs_were_made_at_issue_can_have_its_pdf_prepared(client, cast, draft, settings, django_capture_on_commit_callbacks):
    settings.AWARD_SIGNING_KEYS = {}
    with django_capture_on_commit_callbacks(execute=False):  # no job at all
        decision = services.decision_issue(decision=draft, by=cast.province_staff, number=125, confirm_over_budget=True)
    client.force_login(cast.province_staff)
    page = client.get(reverse("awards:decision-documents", args=[decision.pk])).content.decode()
    assert "Chưa có bản PDF" in page and "Chuẩn bị bản PDF" in page
    client.post(reverse("awards:decision-pdf-prepare", args=[decision.pk]))
    assert DecisionDocument.objects.filter(decision=decision).exists()


def test_the_word_draft_downloads(client, cast, issued):
    from docx import Document

    client.force_login(cast.leadership)
    response = client.get(reverse("awards:decision-docx", args=[issued.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-125-2025.docx"'
    text = "\n".join(c.text for t in Document(io.BytesIO(response.content)).tables for r in t.rows for c in r.cells)
    assert "Số: 125/QĐ-LĐLĐ" in text and "Lò Thị Hoa" in text


def test_a_drafts_pdf_is_a_preview_marked_as_such_and_not_kept(client, cast, tree):
    draft = make_decision(tree.province, people=[PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa")], form="bang-khen-ldld-tinh", by=cast.province_staff)
    client.force_login(cast.province_staff)
    response = client.get(reverse("awards:decision-pdf", args=[draft.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "DỰ THẢO" in pdf_text(response.content)
    assert not DecisionDocument.objects.exists()


def test_without_a_certificate_the_issued_pdf_is_kept_unsigned_and_the_page_says_so(client, cast, issued, settings):
    settings.AWARD_SIGNING_KEYS = {}
    client.force_login(cast.province_staff)
    first = b"".join(client.get(reverse("awards:decision-pdf", args=[issued.pk])).streaming_content)
    again = b"".join(client.get(reverse("awards:decision-pdf", args=[issued.pk])).streaming_content)
    assert first == again  # kept: the same file every time
    assert "Số: 125/QĐ-LĐLĐ" in pdf_text(first)
    assert not signing.check_pdf(first).signed
    page = client.get(reverse("awards:decision-documents", args=[issued.pk])).content.decode()
    assert "Chưa ký số" in page and "Chưa cấu hình chứng thư số" in page


def test_with_the_units_certificate_the_issued_pdf_is_signed_by_the_job(client, cast, draft, issue, settings, authority, tmp_path):
    settings.AWARD_SIGNING_KEYS = {draft.issuing_unit.code: authority.pkcs12(tmp_path, "Liên đoàn Lao động tỉnh Điện Biên")}
    issued = issue(draft)
    assert DecisionDocument.objects.get(decision=issued).signature == SignatureKind.PORTAL  # before any download
    client.force_login(cast.province_staff)
    data = b"".join(client.get(reverse("awards:decision-pdf", args=[issued.pk])).streaming_content)
    check = signing.check_pdf(data, roots=authority.roots())
    assert check.ok and check.trusted and check.signer_name == "Liên đoàn Lao động tỉnh Điện Biên"
    assert "Lò Thị Hoa" in pdf_text(data)
    document = DecisionDocument.objects.get(decision=issued)
    assert document.signature == SignatureKind.PORTAL
    page = client.get(reverse("awards:decision-documents", args=[issued.pk])).content.decode()
    assert "Đã ký số" in page and "CA thử nghiệm của cổng thi đua" in page


def test_a_certificate_configured_later_signs_the_kept_pdf(client, cast, issued, settings, authority, tmp_path):
    client.force_login(cast.province_staff)
    settings.AWARD_SIGNING_KEYS = {issued.issuing_unit.code: authority.pkcs12(tmp_path, "Lò Văn Mừng")}
    response = client.post(reverse("awards:decision-sign", args=[issued.pk]))
    assert response.status_code == 302
    document = DecisionDocument.objects.get(decision=issued)
    with document.pdf.open("rb") as handle:
        assert signing.check_pdf(handle.read(), roots=authority.roots()).ok


def _download(client, decision) -> bytes:
    return b"".join(client.get(reverse("awards:decision-pdf", args=[decision.pk])).streaming_content)


def test_the_pdf_signed_with_a_token_is_checked_kept_and_shows_who_signed(client, cast, issued, settings, authority, tmp_path):
    settings.AWARD_SIGNING_KEYS = {}
    settings.AWARD_SIGNING_TRUST_ROOTS = [authority.root_pem(tmp_path)]
    client.force_login(cast.province_staff)
    unsigned = _download(client, issued)
    signed = signing.sign_pdf(unsigned, key=authority.pkcs12(tmp_path, "Lò Văn Mừng"))  # the signer's own software
    response = client.post(reverse("awards:decision-signed-upload", args=[issued.pk]), {"file": SimpleUploadedFile("qd-125-da-ky.pdf", signed, "application/pdf")})
    assert response.status_code == 302
    document = DecisionDocument.objects.get(decision=issued)
    assert document.signature == SignatureKind.UPLOADED and document.signer_name == "Lò Văn Mừng"
    assert document.trusted is True and document.built_on_portal_pdf is True
    assert _download(client, issued) == signed
    page = client.get(reverse("awards:decision-documents", args=[issued.pk])).content.decode()
    assert "Lò Văn Mừng" in page and "CA thử nghiệm của cổng thi đua" in page


def test_a_pdf_changed_after_signing_is_refused_and_said_so(client, cast, issued, settings, authority, tmp_path):
    from pyhanko.pdf_utils.generic import NameObject, TextStringObject
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    settings.AWARD_SIGNING_KEYS = {}
    client.force_login(cast.province_staff)
    signed = signing.sign_pdf(_download(client, issued), key=authority.pkcs12(tmp_path, "Lò Văn Mừng"))
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root[NameObject("/Lang")] = TextStringObject("en")
    writer.update_root()
    changed = io.BytesIO()
    writer.write(changed)
    response = client.post(reverse("awards:decision-signed-upload", args=[issued.pk]), {"file": SimpleUploadedFile("qd.pdf", changed.getvalue())})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp đã bị thay đổi sau khi ký" in page and "Lò Văn Mừng" in page
    assert DecisionDocument.objects.get(decision=issued).signature == SignatureKind.UNSIGNED
    # An unsigned file is refused too.
    response = client.post(reverse("awards:decision-signed-upload", args=[issued.pk]), {"file": SimpleUploadedFile("qd.pdf", _download(client, issued))})
    assert "không có chữ ký số" in response.content.decode()


def test_a_certificate_holds_the_heading_name_decision_and_the_verification_address(client, cast, issued):
    award = issued.awards.get(awardee_name="Lò Thị Hoa")
    client.force_login(cast.chair)  # the awardee's union sees the issued award
    response = client.get(reverse("awards:award-certificate", args=[award.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    for expected in ["BẰNG KHEN", "Lò Thị Hoa", "Công đoàn Trường THPT Phan Đình Giót", "Quyết định số 125/QĐ-LĐLĐ ngày 15 tháng 12 năm 2025",
                     "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐIỆN BIÊN", "Điện Biên, ngày 15 tháng 12 năm 2025", "Lò Văn Mừng"]:
        assert expected in text, expected
    assert certificates.verification_url(award) in text
    info = subprocess.run(["pdfinfo", "-"], input=response.content, capture_output=True).stdout.decode()
    assert "841.89 x 595.276" in info  # A4 landscape
    assert certificates.verification_url(award).endswith(reverse("awards_public:verify", args=[award.token]))


def test_the_qr_code_encodes_the_verification_address(issued):
    import segno

    award = issued.awards.first()
    url = certificates.verification_url(award)
    assert certificates.qr_data_uri(url) == segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    assert url.startswith("http") and award.token in url


def pdf_pages(data: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def page_text(data: bytes, number: int) -> str:
    args = ["pdftotext", "-f", str(number), "-l", str(number), "-", "-"]
    return " ".join(subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode().split())


def test_the_batch_runs_in_the_job_worker_and_gives_one_pdf_of_every_certificate_in_force(client, cast, issued):
    cancelled = issued.awards.get(awardee_name="Quàng Văn Đức")
    correction = services.decision_correct(decision=issued, by=cast.province_staff, kind="cancel", decided_on=datetime.date(2026, 1, 5), awards=[cancelled])
    services.decision_issue(decision=correction, by=cast.province_staff)
    client.force_login(cast.province_staff)
    response = client.post(reverse("awards:certificates-batch", args=[issued.pk]))
    job = Job.objects.get(kind="award_certificates")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.report["certificates"] == 2
    page = client.get(job.get_absolute_url()).content.decode()
    assert "2 chứng nhận đã sẵn sàng" in page and "PDF" in page
    download = client.get(reverse("jobs:result", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="chung-nhan-quyet-dinh-125-2025.pdf"'
    data = b"".join(download.streaming_content)
    assert pdf_pages(data) == 2
    assert "Lò Thị Hoa" in page_text(data, 1) and "Nguyễn Văn Hùng" in page_text(data, 2)
    assert "Quàng Văn Đức" not in pdf_text(data)
    # The cancelled award prints no certificate, alone either.
    assert client.get(reverse("awards:award-certificate", args=[cancelled.pk])).status_code == 404


def test_the_batch_pdf_has_a_landscape_page_with_its_qr_code_per_awardee_across_chunks(client, cast, tree, issue):
    """More awardees than one chunk of layout (certificates.CHUNK): the chunks' pages join in order."""
    names = [f"{name} {i:02d}" for i in range(certificates.CHUNK // len(NAMES) + 1) for name in NAMES][: certificates.CHUNK + 3]
    people = [PersonFactory(unit=tree.school_a, full_name=name) for name in names]
    decision = issue(make_decision(tree.province, people=people, form="bang-khen-ldld-tinh", by=cast.province_staff))
    client.force_login(cast.province_staff)
    client.post(reverse("awards:certificates-batch", args=[decision.pk]))
    job = Job.objects.get(kind="award_certificates")
    with job.result_file.open("rb") as handle:
        data = handle.read()
    assert pdf_pages(data) == len(names) == job.report["certificates"]
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True).stdout.decode()
    assert "841.89 x 595.276" in info  # A4 landscape
    awards = list(certificates.certificate_awards(decision.pk))
    for number, award in enumerate(awards, start=1):
        assert award.awardee_name in page_text(data, number), number
    assert qr_codes(data) == [certificates.verification_url(award) for award in awards]


def qr_codes(data: bytes) -> list[str]:
    """What the QR code of each page reads, as a phone would (the pages drawn at 100 dpi, zbarimg)."""
    import os
    import shutil
    import tempfile

    if not shutil.which("zbarimg"):
        if os.environ.get("CI"):
            pytest.fail("zbarimg is missing: apt-get install zbar-tools")
        pytest.skip("zbarimg (zbar-tools) is not installed")
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", "100", "-gray", "-png", "-", f"{folder}/page"], input=data, check=True)
        pages = sorted(os.listdir(folder))
        return [
            subprocess.run(["zbarimg", "-q", "--raw", f"{folder}/{page}"], capture_output=True, text=True).stdout.strip()
            for page in pages
        ]


def test_documents_of_a_decision_out_of_reach_are_404(client, cast, issued):
    client.force_login(cast.officer)  # district A's officer: the province's decision awards people of school A…
    assert client.get(reverse("awards:decision-documents", args=[issued.pk])).status_code == 200
    client.force_login(cast.nobody)
    for name in ["awards:decision-documents", "awards:decision-docx", "awards:decision-pdf"]:
        assert client.get(reverse(name, args=[issued.pk])).status_code == 404
    assert client.get(reverse("awards:award-certificate", args=[issued.awards.first().pk])).status_code == 404


def test_an_issue_whose_pdf_job_cannot_be_queued_stays_issued_and_says_so(client, cast, draft, monkeypatch, django_capture_on_commit_callbacks):
    from awards.documents import services as document_services

    def down(**kwargs):
        raise RuntimeError("the task queue is unreachable")

    monkeypatch.setattr(document_services, "pdf_job_start", down)
    client.force_login(cast.province_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("awards:decision-issue", args=[draft.pk]), {"number": 125, "confirm_over_budget": "on"})
    assert response.status_code == 302 and Decision.objects.get(pk=draft.pk).is_issued
    page = client.get(reverse("awards:decision-detail", args=[draft.pk])).content.decode()
    assert "Chưa có bản PDF" in page and 'id="pdf-retry"' in page
