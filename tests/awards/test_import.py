"""The import of past awards: all or nothing with every bad row listed, idempotent, grouped into
decisions by issuing unit, number and date; the command and the web page's job."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards import history, importing
from awards.models import Award, Decision
from portal.jobs.models import Job
from tests.factories import PersonFactory
from tests.units.test_import import xlsx
from tests.units.test_import_web import work_off_the_queue
from units.accounts import system_account


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


def test_the_web_import_previews_then_imports(client, tree, cast, members, tmp_path, settings):
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
