"""The Excel import of plans and launches: every bad row listed and nothing written; a good file twice
changes nothing the second time; the command; the web pages (upload → preview → confirm); the template."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from campaigns import import_launches as launches
from campaigns.duties import refresh_duties
from campaigns.models import Campaign, Duty
from portal.jobs.models import Job
from tests.factories import CampaignFactory, UnitFactory, unit_type
from tests.units.test_import import xlsx

D = datetime.date
COLUMNS = launches.COLUMNS


@pytest.fixture
def campaign(tree):
    campaign = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, code="PT-LDG-2025")
    refresh_duties(campaign)
    return campaign


def duties_now():
    return sorted(Duty.objects.values_list("unit__code", "plan_number", "plan_date", "launched_on", "launch_method", "note", "version"))


GOOD = [
    ["CDCS-A1", "PT-LDG-2025", "05/KH-CĐCS", D(2025, 2, 10), D(2025, 2, 20), "Họp", "Hội nghị người lao động"],
    ["CDCS-A2", "PT-LDG-2025", "07/KH", "12/02/2025", "21/02/2025", "thong bao", None],
    ["CDCS-B1", "PT-LDG-2025", "2/KH", D(2025, 2, 1), None, None, None],
    ["CDCS-B2", "pt-ldg-2025".upper(), None, None, D(2025, 3, 1), "HOP", None],
]


def test_a_good_file_imports_then_changes_nothing_the_second_time(tree, campaign, cast, tmp_path):
    path = xlsx(tmp_path / "kh.xlsx", COLUMNS, GOOD)
    preview = launches.import_launches(path, user=cast.province_staff, commit=False)
    assert preview.ok and (preview.created, preview.updated, preview.unchanged) == (4, 0, 0)
    assert all(duty[1] == "" and duty[3] is None for duty in duties_now())

    report = launches.import_launches(path, user=cast.province_staff)
    assert report.ok and report.applied
    a1 = Duty.objects.get(campaign=campaign, unit=tree.school_a)
    assert (a1.plan_number, a1.plan_date, a1.launched_on, a1.launch_method, a1.note) == (
        "05/KH-CĐCS", D(2025, 2, 10), D(2025, 2, 20), "meeting", "Hội nghị người lao động"
    )
    assert Duty.objects.get(unit=tree.hospital_a).launch_method == "notice"
    b1 = Duty.objects.get(unit=tree.school_b)
    assert b1.has_plan and not b1.has_launch
    b2 = Duty.objects.get(unit=tree.clinic_b)
    assert not b2.has_plan and b2.launch_method == "meeting"
    before = duties_now()

    again = launches.import_launches(path, user=cast.province_staff)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert duties_now() == before


def test_a_row_with_blank_cells_leaves_what_is_recorded(tree, campaign, cast, tmp_path):
    launches.import_launches(xlsx(tmp_path / "a.xlsx", COLUMNS, GOOD[:1]), user=cast.officer)
    rows = [["CDCS-A1", "PT-LDG-2025", "05b/KH-CĐCS", D(2025, 2, 10), None, None, None]]
    report = launches.import_launches(xlsx(tmp_path / "b.xlsx", COLUMNS, rows), user=cast.officer)
    assert report.ok and report.updated == 1
    assert report.changes[0].changes == [("Số kế hoạch", "05/KH-CĐCS", "05b/KH-CĐCS")]
    duty = Duty.objects.get(unit=tree.school_a)
    assert duty.plan_number == "05b/KH-CĐCS" and duty.launched_on == D(2025, 2, 20) and duty.note == "Hội nghị người lao động"


def test_a_bad_file_lists_every_bad_row_and_writes_nothing(tree, campaign, cast, tmp_path):
    CampaignFactory(launching_unit=tree.district_b, state=Campaign.State.LAUNCHED, code="PT-TG")  # not the officer's
    other = UnitFactory(code="LC-CDCS1", parent=UnitFactory(code="LC", unit_type=unit_type("ldld-tinh")))
    for_districts = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, code="PT-HUYEN", unit_types=[unit_type("ldld-huyen")])
    refresh_duties(for_districts)
    rows = [
        GOOD[0],  # row 2: good
        ["CDCS-ZZ", "PT-LDG-2025", "1/KH", D(2025, 2, 1), None, None, None],  # 3: unknown unit
        ["CDCS-B1", "PT-LDG-2025", "1/KH", D(2025, 2, 1), None, None, None],  # 4: outside the officer's reach
        ["LC-CDCS1", "PT-LDG-2025", "1/KH", D(2025, 2, 1), None, None, None],  # 5: another province
        ["CDCS-A2", "PT-KHONG-CO", "1/KH", D(2025, 2, 1), None, None, None],  # 6: unknown campaign
        ["CDCS-A2", "PT-HUYEN", "1/KH", D(2025, 2, 1), None, None, None],  # 7: a union that does not owe it
        ["CDCS-A2", "PT-TG", "1/KH", D(2025, 2, 1), None, None, None],  # 8: a campaign the officer does not see
        ["CDCS-A1", "PT-LDG-2025", "1/KH", D(2025, 2, 1), None, None, None],  # 9: row 2 again (a second plan)
    ]
    before = duties_now()
    report = launches.import_launches(xlsx(tmp_path / "bad.xlsx", COLUMNS, rows), user=cast.officer)
    assert not report.applied and duties_now() == before
    by_row = messages_by_row(report)
    assert set(by_row) == set(range(3, 10))
    unknown = "Mã đơn vị “%s” không có trong các đơn vị thuộc phạm vi của bạn."
    assert by_row[3] == [unknown % "CDCS-ZZ"]
    assert by_row[4] == [unknown % "CDCS-B1"]  # the same words as unknown: the file cannot probe the tree
    assert by_row[5] == [unknown % "LC-CDCS1"]
    assert by_row[6] == ["Không có phong trào mã “PT-KHONG-CO”."]
    assert by_row[7] == ["Đơn vị CDCS-A2 không thuộc diện thực hiện phong trào PT-HUYEN."]
    assert by_row[8] == ["Không có phong trào mã “PT-TG”."]
    assert by_row[9] == ["Kế hoạch và phát động của đơn vị CDCS-A1 cho phong trào PT-LDG-2025 đã có ở dòng 2."]


def messages_by_row(report):
    by_row = {}
    for error in report.errors:
        by_row.setdefault(error.row, []).append(error.message)
    return by_row


def test_bad_dates_and_methods_are_listed_and_nothing_is_written(tree, campaign, cast, tmp_path):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    rows = [
        ["CDCS-A1", "PT-LDG-2025", "1/KH", D(2025, 3, 1), D(2025, 2, 20), "Họp", None],  # 2: plan after launch
        ["CDCS-A2", "PT-LDG-2025", None, None, D(2025, 1, 5), "Họp", None],  # 3: before the launch document
        ["CDCS-B1", "PT-LDG-2025", "1/KH", tomorrow, None, None, None],  # 4: in the future
        ["CDCS-B2", "PT-LDG-2025", None, None, D(2025, 2, 20), "điện thoại", None],  # 5: unknown method
        ["CDCS-TT1", "PT-LDG-2025", "1/KH", "31/02/2025", None, None, None],  # 6: not a real date
        ["CDCS-TT1", "PT-KHAC", "1/KH", None, None, None, None],  # 7: a number without its date (and unknown campaign)
        ["CDCS-A1", "PT-LDG-2025", None, None, None, None, "Ghi chú"],  # 8: a note alone (and a second row of A1)
    ]
    before = duties_now()
    report = launches.import_launches(xlsx(tmp_path / "bad.xlsx", COLUMNS, rows), user=cast.province_staff)
    assert not report.applied and duties_now() == before
    by_row = messages_by_row(report)
    assert set(by_row) == set(range(2, 9))
    assert by_row[2] == ["Kế hoạch ghi ngày 01/03/2025, sau ngày phát động 20/02/2025: đơn vị phải có kế hoạch trước khi phát động."]
    assert by_row[3] == ["Ngày phát động 05/01/2025 trước ngày văn bản phát động của phong trào (số 15/KH-LĐLĐ ngày 10/01/2025)."]
    assert any("tương lai" in m for m in by_row[4])
    assert by_row[5] == ["Hình thức phát động “điện thoại” không hợp lệ: ghi Họp, Thông báo hoặc Khác."]
    assert any("31/02/2025" in m for m in by_row[6])
    assert "Số và ngày kế hoạch phải ghi cùng nhau: hãy ghi cả hai." in by_row[7]
    assert "Ghi chú đi kèm việc phát động: hãy ghi cả ngày và hình thức phát động." in by_row[8]


def test_the_rows_use_the_same_date_rules_as_the_forms(tree, campaign, cast, tmp_path):
    """A launch already recorded on the page, and a file that plans after it: refused by the same rule."""
    from campaigns import plans

    duty = Duty.objects.get(unit=tree.school_a)
    plans.launch_record(duty=duty, on=D(2025, 2, 20), method="meeting", by=cast.chair)
    rows = [["CDCS-A1", "PT-LDG-2025", "1/KH", D(2025, 2, 25), None, None, None]]
    report = launches.import_launches(xlsx(tmp_path / "a.xlsx", COLUMNS, rows), user=cast.chair)
    assert [e.message for e in report.errors] == [plans.date_problems(campaign, plan_date=D(2025, 2, 25), launched_on=D(2025, 2, 20))["plan_date"]]


def test_a_duty_no_longer_owed_is_refused(tree, campaign, cast, tmp_path):
    Duty.objects.filter(unit=tree.school_a).update(state=Duty.State.PASSED)
    report = launches.import_launches(xlsx(tmp_path / "a.xlsx", COLUMNS, GOOD[:1]), user=cast.officer)
    assert report.errors[0].message.startswith("Đơn vị không còn phải thực hiện phong trào này")


def test_formulas_are_not_read(tree, campaign, cast, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(["CDCS-A1", "PT-LDG-2025", "05/KH", "=DATE(2025,2,10)", None, None, None])
    path = tmp_path / "f.xlsx"
    workbook.save(path)
    report = launches.import_launches(path, user=cast.officer)
    assert [(e.row, e.column) for e in report.errors] == [(2, "Ngày kế hoạch")]
    assert "công thức" in report.errors[0].message
    assert not Duty.objects.filter(plan_number="05/KH").exists()


def test_the_command(tree, campaign, cast, tmp_path, capsys):
    path = xlsx(tmp_path / "kh.xlsx", COLUMNS, GOOD)
    call_command("import_launches", str(path), "--user", cast.province_staff.username)
    assert Duty.objects.filter(plan_number="05/KH-CĐCS").exists()
    bad = xlsx(tmp_path / "bad.xlsx", COLUMNS, [["CDCS-B1", "PT-LDG-2025", "1/KH", D(2025, 2, 1), None, None, None]])
    with pytest.raises(CommandError):
        call_command("import_launches", str(bad), "--user", cast.officer.username)
    assert "CDCS-B1" in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("import_launches", str(path), "--user", cast.leadership.username)


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def test_the_web_import_previews_confirms_and_says_when_nothing_changes(tree, campaign, cast, client, tmp_path):
    client.force_login(cast.officer)
    rows = [GOOD[0], GOOD[1]]
    path = xlsx(tmp_path / "kh.xlsx", COLUMNS, rows)
    assert client.get(reverse("campaigns:import-launches")).status_code == 200
    response = client.post(reverse("campaigns:import-launches"), {"file": upload(path)}, follow=True)
    job = response.context["job"]
    assert job.kind == "import_launches" and job.state == Job.State.READY
    page = response.content.decode()
    assert 'id="confirm-import"' in page and "05/KH-CĐCS" in page
    assert not Duty.objects.filter(plan_number="05/KH-CĐCS").exists()

    response = client.post(reverse("imports:confirm", args=[job.pk]), follow=True)
    assert response.context["job"].state == Job.State.DONE and 'id="import-done"' in response.content.decode()
    assert Duty.objects.filter(plan_number="05/KH-CĐCS").exists()

    response = client.post(reverse("campaigns:import-launches"), {"file": upload(path)}, follow=True)
    page = response.content.decode()
    assert "không thay đổi" in page and 'id="import-nothing"' in page
    assert response.context["report"]["unchanged"] == 2

    discard = client.post(reverse("campaigns:import-launches-discard", args=[response.context["job"].pk]))
    assert discard.status_code == 302 and discard["Location"] == reverse("campaigns:import-launches")


def test_the_web_import_of_a_bad_file_lists_the_rows(tree, campaign, cast, client, tmp_path):
    client.force_login(cast.officer)
    path = xlsx(tmp_path / "bad.xlsx", COLUMNS, [GOOD[0], ["CDCS-B1", "PT-LDG-2025", "1/KH", D(2025, 2, 1), None, None, None]])
    response = client.post(reverse("campaigns:import-launches"), {"file": upload(path)}, follow=True)
    assert response.context["job"].state == Job.State.REFUSED
    page = response.content.decode()
    assert "CDCS-B1" in page and 'id="import-errors"' in page and 'id="confirm-import"' not in page
    assert not Duty.objects.filter(plan_number="05/KH-CĐCS").exists()


def test_readers_may_not_import(cast, client):
    client.force_login(cast.leadership)
    assert client.get(reverse("campaigns:import-launches")).status_code == 403
    assert client.get(reverse("campaigns:import-launches-template")).status_code == 403


def test_the_template_workbook_has_the_columns_and_a_guide(tree, cast, client, tmp_path):
    client.force_login(cast.chair)
    response = client.get(reverse("campaigns:import-launches-template"))
    assert response.status_code == 200 and "mau-nhap-ke-hoach-phat-dong.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet, guide = workbook.worksheets
    assert [c.value for c in sheet[1]] == COLUMNS
    assert guide.title == "Hướng dẫn"
    text = " ".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "Thông báo" in text and "thong bao" in text and "English" not in text
    # The template's own example row, once its unit and campaign exist, is a good row.
    UnitFactory(code="CDCS-MAU", parent=tree.district_a)
    refresh_duties(CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, code="PT-LDG-2025"))
    path = tmp_path / "mau.xlsx"
    path.write_bytes(response.content)
    assert launches.import_launches(path, user=cast.officer, commit=False).ok
