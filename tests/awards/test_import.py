"""The import of past awards: all or nothing with every bad row listed, idempotent, grouped into
decisions by issuing unit, number and date; the command and the web page's job."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards import history, importing
from awards.models import Award, Decision
from portal.jobs.models import Job
from tests.factories import PersonFactory, grant, user_with_role
from tests.units.test_import import xlsx
from tests.units.test_import_web import work_off_the_queue
from units.access import Role
from units.accounts import system_account
from units.models import Person


def awards_file(path, rows):
    return xlsx(path, importing.AWARD_COLUMNS, rows)


@pytest.fixture
def members(tree):
    return {
        "hoa": PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa", date_of_birth=datetime.date(1988, 5, 2), citizen_id="011188000111"),
        "hung": PersonFactory(unit=tree.school_a, full_name="Nguyễn Văn Hùng", date_of_birth=datetime.date(1979, 1, 30)),
        "duc": PersonFactory(unit=tree.school_b, full_name="Quàng Văn Đức", date_of_birth=datetime.date(1990, 8, 8)),
    }


def good_rows():
    return [
        # By citizen ID; the form and type as past sheets write them (short forms, no accents).
        ["Lò Thị Hoa", "02/05/1988", "011188000111", "CDCS-A1", "CSTĐCS", "Tong ket nam", 2022, "12/QĐ-CĐ", "20/12/2022", "CDCS-A1"],
        ["Lò Thị Hoa", "02/05/1988", "011188000111", "CDCS-A1", "Chiến sĩ thi đua cơ sở", "Tổng kết năm", 2023, "15/QĐ-CĐ", "22/12/2023", "CDCS-A1"],
        # By name, date of birth and unit; two rows of one decision.
        ["Nguyễn Văn Hùng", "30/01/1979", "", "CDCS-A1", "LĐTT", "Tổng kết năm", 2023, "15/QĐ-CĐ", "22/12/2023", "CDCS-A1"],
        ["Quàng Văn Đức", "08/08/1990", "", "CDCS-B1", "Bằng khen LĐLĐ tỉnh", "Đột xuất", 2024, "125/QĐ-LĐLĐ", "15/05/2024", "DB"],
        # A collective: no name, the unit itself.
        ["", "", "", "CDCS-B1", "Tập thể LĐTT", "Tổng kết năm", 2024, "7/QĐ-LĐLĐ", "10/12/2024", "H-TG"],
    ]


def test_a_good_file_creates_decisions_and_awards_and_twice_adds_nothing(tree, members, tmp_path):
    path = awards_file(tmp_path / "khen-thuong.xlsx", good_rows())
    report = importing.import_awards(path, user=system_account())
    assert report.ok, report.errors
    assert (report.rows, report.created, report.unchanged) == (5, 5, 0)
    assert Decision.objects.count() == 4 and Award.objects.count() == 5
    shared = Decision.objects.get(number=15)
    assert (shared.reference, shared.decided_on, shared.source, shared.state) == ("15/QĐ-CĐ", datetime.date(2023, 12, 22), "import", "issued")
    assert shared.awards.count() == 2
    collective = Award.objects.get(collective=tree.school_b)
    assert collective.form.code == "tap-the-lao-dong-tien-tien" and collective.decision.issuing_unit == tree.district_b
    records = history.history_of_people([members["hoa"].pk])[members["hoa"].pk]
    assert [(r.year, r.form_code, r.imported) for r in records] == [(2023, "chien-si-thi-dua-co-so", True), (2022, "chien-si-thi-dua-co-so", True)]

    again = importing.import_awards(path, user=system_account())
    assert again.ok and (again.created, again.unchanged) == (0, 5)
    assert Decision.objects.count() == 4 and Award.objects.count() == 5


def test_a_bad_file_imports_nothing_and_lists_every_bad_row(tree, members, tmp_path):
    rows = good_rows() + [
        ["Lò Thị Hoa", "02/05/1988", "011188000111", "CDCS-A1", "Huy chương vàng", "Tổng kết năm", 2023, "16/QĐ-CĐ", "22/12/2023", "CDCS-A1"],  # 7
        ["Giàng A Dình", "01/01/1980", "", "CDCS-A1", "LĐTT", "Tổng kết năm", 2023, "15/QĐ-CĐ", "22/12/2023", "CDCS-A1"],  # 8
        ["Nguyễn Văn Hùng", "30/01/1979", "", "CDCS-A1", "LĐTT", "Tổng kết năm", 2022, "17/QĐ-CĐ", "31/02/2022", "CDCS-A1"],  # 9
        ["Nguyễn Văn Hùng", "30/01/1979", "", "CDCS-A1", "Giấy khen", "Đột xuất", 2023, "15/QĐ-CĐ", "23/12/2023", "CDCS-A1"],  # 10
    ]
    report = importing.import_awards(awards_file(tmp_path / "loi.xlsx", rows), user=system_account())
    by_row = {}
    for error in report.errors:
        by_row.setdefault(error.row, []).append(str(error.message))
    assert sorted(by_row) == [7, 8, 9, 10]
    assert "Hình thức khen thưởng không có trong danh mục: “Huy chương vàng”." in by_row[7]
    assert any("Không tìm thấy Giàng A Dình" in m and "trong danh sách đoàn viên" in m for m in by_row[8])
    assert "Ngày 31/02/2022 không có trên lịch; vui lòng kiểm tra lại ngày, tháng." in by_row[9]
    assert any("ngày 22/12/2023 ở dòng 3" in m for m in by_row[10])
    assert not report.applied
    assert Decision.objects.count() == 0 and Award.objects.count() == 0


def test_a_number_already_in_the_portal_with_another_date_is_refused(tree, members, tmp_path):
    importing.import_awards(awards_file(tmp_path / "a.xlsx", good_rows()[:1]), user=system_account())
    moved = [["Lò Thị Hoa", "02/05/1988", "011188000111", "CDCS-A1", "LĐTT", "Tổng kết năm", 2022, "12/QĐ-CĐ", "21/12/2022", "CDCS-A1"]]
    report = importing.import_awards(awards_file(tmp_path / "b.xlsx", moved), user=system_account())
    assert [str(e.message) for e in report.errors] == ["Quyết định số 12/QĐ-CĐ năm 2022 đã có trên cổng thông tin, ngày 20/12/2022."]


def test_a_user_imports_only_for_units_in_their_area(tree, cast, members, tmp_path):
    report = importing.import_awards(awards_file(tmp_path / "a.xlsx", good_rows()), user=cast.officer)
    assert {e.row for e in report.errors} == {5, 6}  # the rows of Tuần Giáo's union
    assert Award.objects.count() == 0


def test_the_command_imports_and_says_what_it_did(tree, members, tmp_path, capsys):
    path = awards_file(tmp_path / "a.xlsx", good_rows())
    call_command("import_awards", str(path))
    assert "5" in capsys.readouterr().out
    bad = awards_file(tmp_path / "b.xlsx", [["Ai Đó", "", "", "CDCS-A1", "LĐTT", "Tổng kết năm", 2023, "1/QĐ", "01/12/2023", "CDCS-A1"]])
    with pytest.raises(CommandError):
        call_command("import_awards", str(bad))


def test_the_web_import_previews_then_imports(transactional_db, client, tree, cast, members, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(cast.province_staff)
    assert client.get(reverse("awards:import")).status_code == 200
    assert client.get(reverse("awards:import-template")).status_code == 200
    path = awards_file(tmp_path / "khen-thuong.xlsx", good_rows())
    with open(path, "rb") as handle:
        response = client.post(reverse("awards:import"), {"file": SimpleUploadedFile("khen-thuong.xlsx", handle.read())})
    job = Job.objects.get(kind="import_awards")
    assert response["Location"] == job.get_absolute_url()
    work_off_the_queue()
    job.refresh_from_db()
    assert job.state == "ready" and Award.objects.count() == 0
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Mọi dòng đều hợp lệ" in page or "confirm-import" in page
    client.post(reverse("imports:confirm", args=[job.pk]))
    work_off_the_queue()
    job.refresh_from_db()
    assert job.state == "done" and Award.objects.count() == 5
    assert reverse("awards:decision-list") in client.get(job.get_absolute_url()).content.decode()


def test_a_chair_may_not_import_awards(client, cast):
    client.force_login(cast.chair)
    assert client.get(reverse("awards:import")).status_code == 403


def unknown_rows():
    return [
        # Nobody of this name, birth or citizen ID in the registry; two awards of the same person.
        ["Giàng A Dình", "01/01/1980", "011180009999", "CDCS-A1", "LĐTT", "Tổng kết năm", 2022, "12/QĐ-CĐ", "20/12/2022", "CDCS-A1"],
        ["Giàng A Dình", "01/01/1980", "011180009999", "CDCS-A1", "CSTĐCS", "Tổng kết năm", 2023, "15/QĐ-CĐ", "22/12/2023", "CDCS-A1"],
        # No citizen ID: a new person by name, date of birth and unit.
        ["Mùa Thị Sua", "03/04/1992", "", "CDCS-B1", "LĐTT", "Tổng kết năm", 2024, "7/QĐ-LĐLĐ", "10/12/2024", "H-TG"],
    ]


def test_without_the_option_a_person_not_in_the_registry_is_an_error_that_says_so(tree, members, tmp_path):
    report = importing.import_awards(awards_file(tmp_path / "a.xlsx", unknown_rows()), user=system_account())
    messages = {e.row: str(e.message) for e in report.errors}
    assert sorted(messages) == [2, 3, 4]
    assert "Không có đoàn viên nào mang số CCCD 011180009999" in messages[2]
    assert "Không tìm thấy Mùa Thị Sua" in messages[4]
    assert Person.objects.filter(full_name__in=["Giàng A Dình", "Mùa Thị Sua"]).count() == 0 and Award.objects.count() == 0


def test_with_the_option_the_people_are_added_to_the_registry_in_the_same_import(tree, members, tmp_path):
    path = awards_file(tmp_path / "a.xlsx", good_rows() + unknown_rows())
    preview = importing.import_awards(path, user=system_account(), commit=False, add_missing_people=True)
    assert preview.ok, preview.errors
    assert [(c.row, c.name) for c in preview.changes] == [(7, "Giàng A Dình (sẽ được thêm vào danh sách đoàn viên)"), (9, "Mùa Thị Sua (sẽ được thêm vào danh sách đoàn viên)")]
    assert ("Mã đơn vị", "—", "CDCS-A1 – Công đoàn Trường THPT Phan Đình Giót") in preview.changes[0].changes
    assert "2 người trong tệp chưa có trong danh sách đoàn viên" in str(preview.notes[0].message)
    assert Person.objects.filter(full_name="Giàng A Dình").count() == 0

    report = importing.import_awards(path, user=system_account(), add_missing_people=True)
    assert report.ok and report.created == 8
    dinh = Person.objects.get(citizen_id="011180009999")
    assert (dinh.full_name, dinh.date_of_birth, dinh.unit, dinh.unit_path) == ("Giàng A Dình", datetime.date(1980, 1, 1), tree.school_a, tree.school_a.path)
    assert dinh.awards.count() == 2  # one person for the two rows naming them
    sua = Person.objects.get(full_name="Mùa Thị Sua")
    assert (sua.unit, sua.citizen_id) == (tree.school_b, None) and sua.awards.get().form.code == "lao-dong-tien-tien"

    again = importing.import_awards(path, user=system_account(), add_missing_people=True)
    assert again.ok and (again.created, again.unchanged) == (0, 8) and not again.changes
    assert Person.objects.filter(full_name__in=["Giàng A Dình", "Mùa Thị Sua"]).count() == 2


def test_adding_people_is_refused_where_the_user_may_not_edit_the_members(tree, members, tmp_path):
    # Leadership sees the whole province; as an upper-level officer she edits the members of her district only.
    user = user_with_role(Role.LEADERSHIP, tree.province, "lanhdao.canbo")
    grant(user, Role.UPPER_LEVEL_OFFICER, tree.district_a)
    path = awards_file(tmp_path / "a.xlsx", good_rows() + unknown_rows())
    report = importing.import_awards(path, user=user, add_missing_people=True)
    assert [(e.row, e.column) for e in report.errors] == [(9, "Mã đơn vị")]
    assert "không có quyền thêm đoàn viên vào CDCS-B1" in str(report.errors[0].message)
    assert not report.applied and Person.objects.filter(full_name__in=["Giàng A Dình", "Mùa Thị Sua"]).count() == 0
    assert Award.objects.count() == 0


def test_the_web_upload_passes_the_option_to_the_job(transactional_db, client, tree, cast, members, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(cast.province_staff)
    assert "add_missing_people" in client.get(reverse("awards:import")).content.decode()
    path = awards_file(tmp_path / "a.xlsx", unknown_rows())
    with open(path, "rb") as handle:
        client.post(reverse("awards:import"), {"file": SimpleUploadedFile("a.xlsx", handle.read()), "add_missing_people": "on"})
    job = Job.objects.get(kind="import_awards")
    work_off_the_queue()
    job.refresh_from_db()
    assert job.state == "ready", job.report
    assert "sẽ được thêm vào danh sách đoàn viên" in client.get(job.get_absolute_url()).content.decode()
    client.post(reverse("imports:confirm", args=[job.pk]))
    work_off_the_queue()
    job.refresh_from_db()
    assert job.state == "done" and Person.objects.filter(citizen_id="011180009999").exists() and Award.objects.count() == 3


def test_the_command_adds_missing_people_when_asked(tree, members, tmp_path):
    path = awards_file(tmp_path / "a.xlsx", unknown_rows())
    with pytest.raises(CommandError):
        call_command("import_awards", str(path))
    call_command("import_awards", str(path), "--add-missing-people")
    assert Person.objects.filter(full_name__in=["Giàng A Dình", "Mùa Thị Sua"]).count() == 2


def many_rows(tree, count: int, decision: int) -> list[list]:
    """`count` rows naming `count` registry members of school A (a third by citizen ID), one new person and
    a collective award, in two decisions."""
    rows = []
    for i in range(count):
        citizen_id = f"0111900{decision:02d}{i:03d}" if i % 3 == 0 else None
        person = PersonFactory(unit=tree.school_a, full_name=f"Lò Văn Thử {decision} {i}", date_of_birth=datetime.date(1990, 1, 1), citizen_id=citizen_id)
        rows.append([person.full_name, "01/01/1990", citizen_id or "", "CDCS-A1", "LĐTT", "Tổng kết năm", 2023, f"{decision}/QĐ-CĐ", "22/12/2023", "CDCS-A1"])
    rows.append([f"Người Mới {decision}", "02/02/1991", "", "CDCS-A1", "LĐTT", "Tổng kết năm", 2023, f"{decision + 1}/QĐ-CĐ", "22/12/2023", "CDCS-A1"])
    rows.append(["", "", "", "CDCS-A1", "Tập thể LĐTT", "Tổng kết năm", 2023, f"{decision + 1}/QĐ-CĐ", "22/12/2023", "CDCS-A1"])
    return rows


def test_the_import_costs_the_same_queries_for_a_few_rows_as_for_many(tree, cast, tmp_path, django_assert_num_queries):
    small = awards_file(tmp_path / "small.xlsx", many_rows(tree, 3, 10))
    # 47 awards: one insert on SQLite too (at most 999 parameters a statement; PostgreSQL takes far more).
    large = awards_file(tmp_path / "large.xlsx", many_rows(tree, 45, 20))
    importing.import_awards(small, user=cast.province_staff, commit=False, add_missing_people=True)  # what is read once per user
    with CaptureQueriesContext(connection) as captured:
        report = importing.import_awards(small, user=cast.province_staff, add_missing_people=True)
    assert report.ok and report.created == 5, report.errors
    with django_assert_num_queries(len(captured.captured_queries)):
        report = importing.import_awards(large, user=cast.province_staff, add_missing_people=True)
    assert report.ok and report.created == 47
