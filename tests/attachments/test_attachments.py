"""Files attached to a unit: checked by content, stored under a random name, served only to those who
see the unit, removed with their record; the unit page lists them in a fixed number of queries."""

import hashlib
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from portal.attachments.models import Attachment
from portal.attachments.services import attachment_add, attachment_delete
from tests.attachments.conftest import DOCX, EXE, JPEG, PDF, PLAIN_ZIP, PNG, XLSX, stored_files, upload
from tests.factories import UserFactory, grant
from units.access import Role


def upload_url(unit):
    return reverse("attachments:upload", args=["units.unit", unit.pk])


@pytest.fixture
def school_file(tree, cast):
    return attachment_add(owner=tree.school_a, upload=upload("Quyết định thành lập.pdf", PDF), by=cast.officer)


@pytest.mark.parametrize(
    "name,data",
    [("quyet-dinh.pdf", PDF), ("bao-cao.docx", DOCX), ("bang-diem.xlsx", XLSX), ("anh.JPG", JPEG), ("anh.jpeg", JPEG), ("so-do.png", PNG)],
)
def test_each_accepted_kind_is_stored_with_its_facts(tree, cast, media, name, data):
    attachment = attachment_add(owner=tree.school_a, upload=upload(name, data), by=cast.officer)
    assert attachment.filename == name
    assert attachment.size == len(data)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    assert attachment.uploaded_by == cast.officer
    # Stored under a random name: the user's name does not reach the disk.
    assert name not in attachment.file.name
    assert [p.read_bytes() for p in stored_files(media)] == [data]


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("quyet-dinh.pdf", EXE, "Nội dung tệp không thuộc loại được nhận"),  # a renamed executable
        ("trong.pdf", b"", "Tệp rỗng"),
        ("bao-cao.docx", PDF, "nhưng nội dung là PDF"),  # content is not its extension
        ("bang-diem.xlsx", PLAIN_ZIP, "Nội dung tệp không thuộc loại được nhận"),  # a renamed .zip of something else
        ("bang-diem.pdf", XLSX, "nhưng nội dung là Excel"),
        ("ghi-chu.txt", b"just text", "Nội dung tệp không thuộc loại được nhận"),
    ],
)
def test_a_bad_file_is_refused_in_vietnamese_and_nothing_is_stored(client, tree, cast, media, name, data, message):
    client.force_login(cast.officer)
    response = client.post(upload_url(tree.school_a), {"file": upload(name, data)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_an_oversize_file_is_refused_and_nothing_is_stored(client, tree, cast, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    client.force_login(cast.officer)
    response = client.post(upload_url(tree.school_a), {"file": upload("quyet-dinh.pdf", PDF + b"0" * 1000)})
    assert response.status_code == 400
    assert "Tệp lớn hơn 1000" in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_phone_upload_gets_its_refusal_as_json(client, tree, cast, media):
    client.force_login(cast.officer)
    response = client.post(upload_url(tree.school_a), {"file": upload("quyet-dinh.pdf", EXE)}, headers={"X-Requested-With": "XMLHttpRequest"})
    assert response.status_code == 400
    assert "Nội dung tệp không thuộc loại được nhận" in response.json()["errors"][0]
    assert stored_files(media) == []


def test_an_officer_attaches_a_file_to_a_union_below_and_it_shows_on_its_page(client, tree, cast):
    client.force_login(cast.officer)
    response = client.post(upload_url(tree.school_a), {"file": upload("Quyết định thành lập.pdf", PDF)})
    assert response.status_code == 302
    assert response["Location"] == tree.school_a.get_absolute_url()
    page = client.get(tree.school_a.get_absolute_url()).content.decode()
    assert "Quyết định thành lập và văn bản của đơn vị" in page
    assert "Quyết định thành lập.pdf" in page
    assert Attachment.objects.get().get_absolute_url() in page


def test_a_chair_sees_the_files_of_their_union_but_may_not_attach(client, tree, cast, school_file):
    client.force_login(cast.chair)
    page = client.get(tree.school_a.get_absolute_url()).content.decode()
    assert school_file.get_absolute_url() in page
    assert 'data-attachment-form' not in page
    assert client.post(upload_url(tree.school_a), {"file": upload("x.pdf", PDF)}).status_code == 403
    assert client.post(reverse("attachments:delete", args=[school_file.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        attachment_add(owner=tree.school_a, upload=upload("x.pdf", PDF), by=cast.chair)


def test_the_owners_reach_downloads_the_file_with_a_safe_name(client, tree, cast, school_file):
    for user in (cast.chair, cast.officer, cast.province_staff, cast.leadership):
        client.force_login(user)
        response = client.get(school_file.get_absolute_url())
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        # A Vietnamese name travels RFC 5987-encoded, never raw in the header.
        assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote('Quyết định thành lập.pdf')}"


def test_an_office_file_is_downloaded_not_opened_in_the_page(client, tree, cast):
    attachment = attachment_add(owner=tree.school_a, upload=upload('bao "cao".docx', DOCX), by=cast.officer)
    client.force_login(cast.chair)
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Disposition"] == 'attachment; filename="bao \\"cao\\".docx"'


def test_another_units_file_is_a_404(client, tree, cast, school_file):
    other_chair = UserFactory(username="chutich.b1")
    grant(other_chair, Role.GRASSROOTS_CHAIR, tree.school_b)
    other_officer = UserFactory(username="canbo.tg")
    grant(other_officer, Role.UPPER_LEVEL_OFFICER, tree.district_b)
    same_district_chair = UserFactory(username="chutich.a2")
    grant(same_district_chair, Role.GRASSROOTS_CHAIR, tree.hospital_a)
    url = school_file.get_absolute_url()
    for user in (other_chair, other_officer, same_district_chair, cast.nobody):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert client.post(reverse("attachments:delete", args=[school_file.pk])).status_code == 404, user
        assert client.get(upload_url(tree.school_a)).status_code == 404, user
    client.logout()
    # An anonymous visitor is not sent to the login page: that would say the file exists.
    assert client.get(url).status_code == 404
    assert client.get(upload_url(tree.school_a)).status_code == 404
    assert client.get(reverse("attachments:download", args=[2**63])).status_code == 404
    assert client.get(reverse("attachments:upload", args=["auth.user", cast.officer.pk])).status_code == 404


def test_removing_a_file_deletes_it_from_storage(client, tree, cast, media, school_file, django_capture_on_commit_callbacks):
    client.force_login(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("attachments:delete", args=[school_file.pk]))
    assert response.status_code == 302
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_refused_delete_keeps_the_file(tree, cast, media, school_file):
    with pytest.raises(PermissionDenied):
        attachment_delete(attachment=school_file, by=cast.chair)
    assert len(stored_files(media)) == 1


def test_a_failed_save_leaves_no_file_behind(tree, cast, media, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Attachment, "save", broken_save)
    with pytest.raises(RuntimeError):
        attachment_add(owner=tree.school_a, upload=upload("quyet-dinh.pdf", PDF), by=cast.officer)
    assert stored_files(media) == []


def test_the_accepted_kinds_are_a_setting(tree, cast, settings):
    settings.ATTACHMENT_KINDS = ["pdf"]
    with pytest.raises(ValidationError, match="Chỉ nhận: PDF."):
        attachment_add(owner=tree.school_a, upload=upload("anh.png", PNG), by=cast.officer)


def test_the_unit_page_lists_its_files_in_a_fixed_number_of_queries(client, tree, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.officer)
    url = tree.school_a.get_absolute_url()

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    attachment_add(owner=tree.school_a, upload=upload("a.pdf", PDF), by=cast.officer)
    one = queries()
    for n in range(12):
        attachment_add(owner=tree.school_a, upload=upload(f"van-ban-{n}.pdf", PDF), by=cast.province_staff if n % 2 else cast.admin)
    assert queries() == one


def test_deleting_in_the_admin_also_removes_the_file(client, tree, cast, media, school_file, django_capture_on_commit_callbacks):
    cast.admin.is_staff = cast.admin.is_superuser = True
    cast.admin.save()
    client.force_login(cast.admin)
    assert client.get(reverse("admin:attachments_attachment_changelist")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:attachments_attachment_delete", args=[school_file.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_large_office_file_spooled_to_disk_is_checked_too(client, tree, cast, media, settings):
    from tests.attachments.conftest import zip_bytes

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 100  # the upload goes through a temporary file, as big ones do
    big_docx = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>" + b"x" * 5000 + b"</w:document>"})
    client.force_login(cast.officer)
    assert client.post(upload_url(tree.school_a), {"file": upload("bao-cao.docx", big_docx)}).status_code == 302
    assert client.post(upload_url(tree.school_a), {"file": upload("bao-cao.xlsx", big_docx)}).status_code == 400
    assert [a.kind for a in Attachment.objects.all()] == ["docx"]
    assert len(stored_files(media)) == 1


def test_a_row_whose_file_is_gone_is_a_404_not_an_error(client, tree, cast, school_file):
    school_file.file.storage.delete(school_file.file.name)
    client.force_login(cast.chair)
    assert client.get(school_file.get_absolute_url()).status_code == 404
