"""The documents as users reach them: the Word draft and PDF downloads, the kept and signed PDF,
the upload of a PDF signed with a token (and the refusal of one changed after signing), a
certificate, and the batch of certificates through the job worker."""

import datetime
import io
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.documents import certificates, signing
from awards.documents.models import DecisionDocument, SignatureKind
from awards.models import Award
from portal.jobs.models import Job
from tests.awards.test_documents import NAMES, pdf_text
from tests.awards.test_signing import TestAuthority
from tests.factories import PersonFactory, make_decision


@pytest.fixture(scope="module")
def authority():
    return TestAuthority()


@pytest.fixture
def issued(tree, cast):
    people = [PersonFactory(unit=tree.school_a, full_name=name) for name in NAMES[:3]]
    decision = make_decision(
        tree.province, people=people, form="bang-khen-ldld-tinh", by=cast.province_staff, signer_name="Lò Văn Mừng",
        signer_title="Chủ tịch", decided_on=datetime.date(2025, 12, 15),
    )
    return services.decision_issue(decision=decision, by=cast.province_staff, number=125, confirm_over_budget=True)


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


def test_with_the_units_certificate_the_issued_pdf_is_signed(client, cast, issued, settings, authority, tmp_path):
    settings.AWARD_SIGNING_KEYS = {issued.issuing_unit.code: authority.pkcs12(tmp_path, "Liên đoàn Lao động tỉnh Điện Biên")}
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
    settings.AWARD_SIGNING_KEYS = {}
    client.force_login(cast.province_staff)
    client.get(reverse("awards:decision-pdf", args=[issued.pk]))
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


def test_the_batch_runs_in_the_job_worker_and_gives_a_zip_of_every_certificate_in_force(client, cast, issued):
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
    assert "2 chứng nhận đã sẵn sàng" in page
    download = client.get(reverse("jobs:result", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = archive.namelist()
    assert names == ["001-lo-thi-hoa.pdf", "002-nguyen-van-hung.pdf"]
    assert "Nguyễn Văn Hùng" in pdf_text(archive.read(names[1]))
    # The cancelled award prints no certificate, alone either.
    assert client.get(reverse("awards:award-certificate", args=[cancelled.pk])).status_code == 404


def test_documents_of_a_decision_out_of_reach_are_404(client, cast, issued):
    client.force_login(cast.officer)  # district A's officer: the province's decision awards people of school A…
    assert client.get(reverse("awards:decision-documents", args=[issued.pk])).status_code == 200
    client.force_login(cast.nobody)
    for name in ["awards:decision-documents", "awards:decision-docx", "awards:decision-pdf"]:
        assert client.get(reverse(name, args=[issued.pk])).status_code == 404
    assert client.get(reverse("awards:award-certificate", args=[issued.awards.first().pk])).status_code == 404
