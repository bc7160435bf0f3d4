"""The import pages: upload → the worker checks → preview → confirm → the worker applies; refusals, reach, templates."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.units.test_import import GOOD_UNITS, person_row, xlsx
from portal.jobs.models import Job
from units import import_jobs, importing
from units.accounts import system_account
from units.models import Person, Unit, UnitYearStats


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes())


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.province_staff)
    return client


def checked_job(client, url, data):
    """Upload, then land on the job's page (the immediate task backend has already checked the file)."""
    response = client.post(url, data, follow=True)
    assert response.status_code == 200 and response.redirect_chain[0][0].startswith("/jobs/")
    return response, response.context["job"]


def test_units_upload_preview_confirm(staff_client, tree, tmp_path):
    path = xlsx(tmp_path / "units.xlsx", importing.UNIT_COLUMNS, GOOD_UNITS)
    assert staff_client.get(reverse("imports:units")).status_code == 200

    response, job = checked_job(staff_client, reverse("imports:units"), {"file": upload(path), "year": 2024})

    assert job.state == Job.State.READY and job.input_name == "units.xlsx"
    report = response.context["report"]
    assert (report["created"], report["updated"], report["unchanged"]) == (2, 0, 1)
    assert b'id="confirm-import"' in response.content
    assert not Unit.objects.filter(code="H-MC").exists()
    assert default_storage.exists(job.input_file.name)
    kept_file = job.input_file.name

    response = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True)

    assert response.context["job"].state == Job.State.DONE and b'id="import-done"' in response.content
    assert Unit.objects.get(code="CDCS-MC1").parent == Unit.objects.get(code="H-MC")
    assert UnitYearStats.objects.filter(unit__code="H-MC", year=2024).exists()
    assert not default_storage.exists(kept_file)
    # A second click cannot apply the file twice.
    response = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True)
    assert "đã được xác nhận" in response.content.decode()
    assert Unit.objects.filter(code="CDCS-MC1").count() == 1


def test_members_upload_preview_confirm(staff_client, tree, tmp_path):
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row(), person_row("Lò Thị Hoa", "011190000002", sex="Nữ")])
    response, job = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})
    assert response.context["report"]["created"] == 2

    response = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True)

    assert reverse("units:person-list") in response.content.decode()
    assert Person.objects.filter(unit=tree.school_a).count() == 2
    recent = staff_client.get(reverse("imports:people")).content.decode()
    assert "people.xlsx" in recent and "Đã nhập" in recent


def test_a_checked_file_can_be_dropped(staff_client, tree, tmp_path):
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row()])
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})

    response = staff_client.post(reverse("imports:discard", args=[job.pk]))

    assert response.url == reverse("imports:people")
    assert not Job.objects.exists() and not default_storage.exists(job.input_file.name)
    assert Person.objects.count() == 0


def test_old_jobs_and_unconfirmed_files_are_swept_by_the_next_upload(staff_client, tree, tmp_path):
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row()])
    _, forgotten = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})
    _, finished = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})
    staff_client.post(reverse("imports:confirm", args=[finished.pk]))
    long_ago = timezone.now() - datetime.timedelta(days=91)
    Job.objects.filter(pk__in=[forgotten.pk, finished.pk]).update(updated_at=long_ago)

    _, fresh = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})

    assert list(Job.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not default_storage.exists(forgotten.input_file.name) and default_storage.exists(fresh.input_file.name)


def test_bad_file_shows_every_error_and_no_confirm(staff_client, tree, tmp_path):
    rows = [
        ["CDCS-X1", "Công đoàn X1", "cdcs", "KHONG-CO", "", "", "", "", ""],
        ["CDCS-X2", "", "cdcs", "DB", "", "32/01/2020", "", "", ""],
    ]
    path = xlsx(tmp_path / "bad.xlsx", importing.UNIT_COLUMNS, rows)
    count = Unit.objects.count()

    response, job = checked_job(staff_client, reverse("imports:units"), {"file": upload(path), "year": 2024})

    assert job.state == Job.State.REFUSED
    assert {(e["row"], e["column"]) for e in response.context["errors"]} == {(2, "Mã đơn vị cấp trên"), (3, "Tên đơn vị"), (3, "Ngày thành lập")}
    assert b'id="import-errors"' in response.content and b'id="confirm-import"' not in response.content
    assert job.input_file.name == "" and staff_client.post(reverse("imports:confirm", args=[job.pk])).status_code == 302
    assert Unit.objects.count() == count


def test_a_long_error_list_comes_a_page_at_a_time(staff_client, tree, tmp_path):
    rows = [person_row(f"Lò Văn {n}", f"0110850{n:05d}", unit="KHONG-CO") for n in range(450)]
    path = xlsx(tmp_path / "bad.xlsx", importing.PEOPLE_COLUMNS, rows)
    response, job = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})

    assert "450 lỗi" in response.content.decode()
    assert [e["row"] for e in response.context["errors"]][:2] == [2, 3] and len(response.context["errors"]) == 200
    last = staff_client.get(job.get_absolute_url(), {"page": 3})
    assert [e["row"] for e in last.context["errors"]] == list(range(402, 452))


def test_a_file_that_cannot_be_processed_says_so_imports_nothing_and_can_be_retried(staff_client, tree, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setitem(import_jobs.IMPORTERS, "import_people", broken)
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row()])

    response, job = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})

    page = response.content.decode()
    assert job.state == Job.State.FAILED and "chưa lưu gì" in page and 'id="job-retry"' in page
    assert default_storage.exists(job.input_file.name) and Person.objects.count() == 0
    monkeypatch.undo()
    response = staff_client.post(reverse("jobs:retry", args=[job.pk]), follow=True)
    assert response.context["job"].state == Job.State.READY and b'id="confirm-import"' in response.content


def test_an_import_is_seen_only_by_the_account_that_uploaded_it(client, cast, tree, tmp_path):
    client.force_login(cast.province_staff)
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row()])
    _, job = checked_job(client, reverse("imports:people"), {"file": upload(path)})

    client.force_login(cast.admin)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:discard", args=[job.pk])).status_code == 404
    assert Person.objects.count() == 0 and Job.objects.get().state == Job.State.READY


def test_the_worker_checks_and_applies_what_the_page_queued(transactional_db, staff_client, tree, tmp_path, settings):
    """With the real database backend nothing happens in the request; `manage.py db_worker` does the work
    (committed rows, as in production: the worker closes its database connection when it is done)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row()])

    response = staff_client.post(reverse("imports:people"), {"file": upload(path)}, follow=True)

    job = response.context["job"]
    assert job.state == Job.State.QUEUED
    assert 'hx-trigger="every 2s"' in response.content.decode()
    Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=5))
    assert 'id="job-stalled"' in staff_client.get(job.get_absolute_url()).content.decode(), "a stopped worker is said"
    work_off_the_queue()
    job.refresh_from_db()
    assert job.state == Job.State.READY and job.report["created"] == 1
    assert 'id="job-stalled"' not in staff_client.get(job.get_absolute_url()).content.decode()

    staff_client.post(reverse("imports:confirm", args=[job.pk]))
    assert Person.objects.count() == 0
    work_off_the_queue()
    job.refresh_from_db()
    assert job.state == Job.State.DONE and Person.objects.count() == 1
    assert 'hx-trigger' not in staff_client.get(job.get_absolute_url()).content.decode()


def work_off_the_queue():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "test", stdout=io.StringIO())


@pytest.mark.parametrize(
    "name, content",
    [("members.csv", "Họ và tên,Giới tính\n".encode()), ("members.xlsx", b"PK\x03\x04 not really a zip"), ("members.xlsx", b"%PDF-1.4")],
)
def test_non_xlsx_upload_is_refused(staff_client, tree, name, content):
    response = staff_client.post(reverse("imports:people"), {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert response.templates[0].name == "units/import_form.html"
    assert response.context["form"].errors["file"]
    assert Person.objects.count() == 0 and not Job.objects.exists()


def test_too_large_upload_is_refused(staff_client, tree, tmp_path, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row()])
    response = staff_client.post(reverse("imports:people"), {"file": upload(path)})
    assert response.context["form"].errors["file"]


def test_chair_cannot_import_members_into_another_union(client, cast, tree, tmp_path):
    client.force_login(cast.chair)
    rows = [person_row("Lò Văn Một", "011085000001"), person_row("Lò Văn Hai", "011085000002", unit="CDCS-B1")]
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, rows)

    response, _ = checked_job(client, reverse("imports:people"), {"file": upload(path)})

    assert [(e["row"], e["column"]) for e in response.context["errors"]] == [(3, "Mã đơn vị")]
    assert b'id="confirm-import"' not in response.content
    assert Person.objects.count() == 0
    # An unreachable code reads exactly like an unknown one.
    unknown = importing.import_people(
        xlsx(tmp_path / "u.xlsx", importing.PEOPLE_COLUMNS, [person_row(unit="KHONG-CO")]), user=cast.chair, commit=False
    )
    assert unknown.errors[0].message.replace("KHONG-CO", "?") == response.context["errors"][0]["message"].replace("CDCS-B1", "?")


def test_chair_may_not_import_units(client, cast):
    client.force_login(cast.chair)
    assert client.get(reverse("imports:units")).status_code == 403
    assert client.get(reverse("imports:people")).status_code == 200
    client.force_login(cast.leadership)
    assert client.get(reverse("imports:people")).status_code == 403


@pytest.mark.parametrize("name", ["units", "people", "units-template", "people-template"])
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(f"imports:{name}"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    job_url = reverse("imports:confirm", args=["00000000-0000-0000-0000-000000000000"])
    response = client.post(job_url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name, columns", [("units-template", importing.UNIT_COLUMNS), ("people-template", importing.PEOPLE_COLUMNS)])
def test_template_downloads_are_valid_workbooks(staff_client, name, columns):
    response = staff_client.get(reverse(f"imports:{name}"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header == columns
    assert workbook.worksheets[0]["A1"].font.bold
    assert workbook.sheetnames[1] == "Hướng dẫn"
    guide = [row[0] for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert ("Công đoàn cơ sở" in guide) if name == "units-template" else ("Thái" in guide)
    # The example row passes the header check and every cell check but the made-up unit codes.
    importer = importing.import_units if name == "units-template" else importing.import_people
    report = importer(io.BytesIO(response.content), user=system_account(), commit=False)
    assert report.rows == 1 and {e.column for e in report.errors} <= {"Mã đơn vị cấp trên", "Mã đơn vị"}


def test_the_preview_notes_rows_of_members_who_left(staff_client, tree, tmp_path):
    PersonFactory(full_name="Lò Văn Hùng", citizen_id="011085000001", unit=tree.school_a,
                  left_on=datetime.date(2025, 6, 30), left_reason="retired")
    path = xlsx(tmp_path / "people.xlsx", importing.PEOPLE_COLUMNS, [person_row()])

    response, job = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})

    page = response.content.decode()
    assert 'id="import-notes"' in page and "Dòng 2:" in page and 'id="confirm-import"' in page
