"""An import says what it changes for each member it updates, and does not rename someone by a mistyped citizen ID."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal.jobs.models import Job
from tests.factories import PersonFactory
from tests.units.test_import import people_file, person_row
from tests.units.test_import_web import checked_job, staff_client, upload  # noqa: F401 (a fixture)
from units import importing
from units.accounts import system_account
from units.models import Person


@pytest.fixture
def mai(tree):
    return PersonFactory(
        full_name="Nguyễn Thị Mai", sex="F", citizen_id="011190000005", unit=tree.school_a, date_of_birth=datetime.date(1980, 2, 1),
        job_title="Kế toán",
    )


def test_the_preview_lists_each_change_old_and_new(tree, mai, tmp_path):
    row = person_row("Nguyễn Thị Mai", "011190000005", sex="Nữ", born="01/02/1980", unit="CDCS-B1", job="Giáo viên")
    report = importing.import_people(people_file(tmp_path / "p.xlsx", [row]), commit=False, user=system_account())

    assert report.ok and report.updated == 1
    [change] = report.changes
    assert (change.row, change.name) == (2, "Nguyễn Thị Mai")
    changes = {column: (old, new) for column, old, new in change.changes}
    assert changes["Mã đơn vị"] == ("CDCS-A1 – Công đoàn Trường THPT Phan Đình Giót", "CDCS-B1 – Công đoàn Trường PTDTNT Tuần Giáo")
    assert changes["Chức vụ"] == ("Kế toán", "Giáo viên")
    assert "Họ và tên" not in changes


def test_a_citizen_id_of_someone_else_is_an_error_and_renames_nobody(tree, mai, tmp_path):
    # One digit wrong in the file: the ID is Mai's, the row is another person.
    path = people_file(tmp_path / "p.xlsx", [person_row("Lò Văn Hùng", "011190000005", born="07/03/1985")])

    report = importing.import_people(path, user=system_account())

    assert not report.applied and report.updated == 0
    [error] = report.errors
    assert error.row == 2 and error.column == "Số CCCD" and error.correctable
    assert "Nguyễn Thị Mai (sinh 01/02/1980)" in error.message and "Là sửa thông tin" in error.message
    mai.refresh_from_db()
    assert mai.full_name == "Nguyễn Thị Mai"


def test_a_different_birth_date_alone_is_also_someone_else(tree, mai, tmp_path):
    report = importing.import_people(people_file(tmp_path / "p.xlsx", [person_row("NGUYỄN THỊ MAI", "011190000005", sex="Nữ", born="02/01/1980")]), commit=False, user=system_account())
    assert [error.row for error in report.errors] == [2]
    # Case and spacing are not another name; a blank birth date is not another date.
    report = importing.import_people(people_file(tmp_path / "q.xlsx", [person_row("nguyễn  thị mai", "011190000005", sex="Nữ", born="")]), commit=False, user=system_account())
    assert report.ok


def test_a_row_ticked_as_a_correction_updates_and_shows_before_and_after(tree, mai, tmp_path):
    path = people_file(tmp_path / "p.xlsx", [person_row("Nguyễn Thị Mây", "011190000005", sex="Nữ", born="01/02/1981")])

    preview = importing.import_people(path, commit=False, corrections={2}, user=system_account())
    assert preview.ok and preview.updated == 1
    [change] = preview.changes
    assert change.correction
    assert ("Họ và tên", "Nguyễn Thị Mai", "Nguyễn Thị Mây") in change.changes
    assert ("Ngày sinh", "01/02/1980", "01/02/1981") in change.changes

    importing.import_people(path, corrections={2}, user=system_account())
    mai.refresh_from_db()
    assert (mai.full_name, mai.date_of_birth) == ("Nguyễn Thị Mây", datetime.date(1981, 2, 1))


def test_the_command_takes_the_corrections(tree, mai, tmp_path):
    path = people_file(tmp_path / "p.xlsx", [person_row("Nguyễn Thị Mây", "011190000005", sex="Nữ", born="01/02/1980")])
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_people", str(path), stdout=out, stderr=err)
    assert "Là sửa thông tin" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("import_people", str(path), "--corrections", "2,x", stdout=out, stderr=err)

    call_command("import_people", str(path), "--dry-run", "--corrections", "2", stdout=out, stderr=err)
    assert "Nguyễn Thị Mai → Nguyễn Thị Mây" in out.getvalue()
    call_command("import_people", str(path), "--corrections", "2", stdout=out, stderr=err)
    assert Person.objects.get(pk=mai.pk).full_name == "Nguyễn Thị Mây"


def test_on_the_page_a_ticked_row_is_checked_again_then_imported(staff_client, tree, mai, tmp_path):
    rows = [person_row("Nguyễn Thị Mây", "011190000005", sex="Nữ", born="01/02/1980"), person_row("Cà Văn Mới", "011085000077")]
    path = people_file(tmp_path / "p.xlsx", rows)
    response, job = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})

    assert job.state == Job.State.REFUSED and job.input_file, "the file is kept for the tick"
    page = response.content.decode()
    assert 'id="correction-2"' in page and 'id="confirm-with-corrections"' in page

    response = staff_client.post(reverse("imports:recheck", args=[job.pk]), {"ticks": "1", "shown": ["2"], "correction": ["2"]}, follow=True)
    job = response.context["job"]
    assert job.state == Job.State.READY and job.params["corrections"] == [2]
    page = response.content.decode()
    assert 'id="import-changes"' in page and "Nguyễn Thị Mai" in page and "Nguyễn Thị Mây" in page
    assert Person.objects.get(pk=mai.pk).full_name == "Nguyễn Thị Mai"

    # Confirmed from a page where row 2 is not shown (another page of the list): its tick stays.
    response = staff_client.post(reverse("imports:confirm", args=[job.pk]), {"ticks": "1"}, follow=True)
    assert response.context["job"].state == Job.State.DONE
    assert Person.objects.get(pk=mai.pk).full_name == "Nguyễn Thị Mây" and Person.objects.count() == 2


def test_confirming_from_the_refusal_with_the_ticks_applies_and_unticking_refuses(staff_client, tree, mai, tmp_path):
    path = people_file(tmp_path / "p.xlsx", [person_row("Nguyễn Thị Mây", "011190000005", sex="Nữ", born="01/02/1980")])
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": upload(path)})

    # A row number the report does not offer is ignored, so the refusal stands.
    staff_client.post(reverse("imports:confirm", args=[job.pk]), {"ticks": "1", "shown": ["2"], "correction": ["999999"]})
    job.refresh_from_db()
    assert job.state == Job.State.REFUSED and job.params["corrections"] == []
    assert Person.objects.get(pk=mai.pk).full_name == "Nguyễn Thị Mai"

    staff_client.post(reverse("imports:confirm", args=[job.pk]), {"ticks": "1", "shown": ["2"], "correction": ["2"]})
    job.refresh_from_db()
    assert job.state == Job.State.DONE and not job.input_file
    assert Person.objects.get(pk=mai.pk).full_name == "Nguyễn Thị Mây"


def test_a_long_list_of_changes_comes_a_page_at_a_time_and_the_report_stays_bounded(staff_client, tree, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "CHANGES_KEPT", 150)
    for n in range(200):
        PersonFactory(full_name=f"Lò Văn {n}", citizen_id=f"0110850{n:05d}", unit=tree.school_a, date_of_birth=datetime.date(1985, 3, 7))
    rows = [person_row(f"Lò Văn {n}", f"0110850{n:05d}", job="Tổ trưởng") for n in range(200)]
    response, job = checked_job(staff_client, reverse("imports:people"), {"file": upload(people_file(tmp_path / "p.xlsx", rows))})

    assert job.report["updated"] == 200 and len(job.report["changes"]) == 150
    assert len(response.context["changes"]) == 100 and "150" in response.content.decode()
    second = staff_client.get(job.get_absolute_url(), {"page": 2})
    assert [c["row"] for c in second.context["changes"]] == list(range(102, 152))


def test_a_correction_beside_a_bad_row_changes_nothing(tree, mai, tmp_path):
    rows = [person_row("Nguyễn Thị Mây", "011190000005", sex="Nữ", born="01/02/1980"), person_row("Cà Văn Sai", "011085000078", unit="KHONG-CO")]
    report = importing.import_people(people_file(tmp_path / "p.xlsx", rows), corrections={2}, user=system_account())

    assert not report.applied and [error.row for error in report.errors] == [3]
    assert Person.objects.get(pk=mai.pk).full_name == "Nguyễn Thị Mai"
