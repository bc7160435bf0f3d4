"""A grassroots chair imports members from Excel on a phone: a bad file is refused row by row,
the corrected file is previewed, confirmed, and the new members appear in the list. The task worker
runs for real (database backend): the page waits for it and updates itself."""

import re

import openpyxl
from playwright.sync_api import expect

from tests.factories import UserFactory, grant
from tests.units.test_import_web import work_off_the_queue
from units.access import Role
from units.importing import PEOPLE_COLUMNS
from units.models import Person


def members_file(path, rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(PEOPLE_COLUMNS)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return str(path)


def test_chair_imports_members_after_fixing_the_file(live_server, page, tree, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    chair = UserFactory(username="chutich.cdcs")
    grant(chair, Role.GRASSROOTS_CHAIR, tree.school_a)
    good = ["Lò Thị Phương", "Nữ", "12/04/1990", "Thái", "011190004321", "CDCS-A1", "Giáo viên", "Lao động trực tiếp", "Đoàn viên", "Không"]
    bad = ["Giàng A Dình", "Nam", "31/02/1988", "H'Mông", "", "CDCS-B1", "Bảo vệ", "Lao động trực tiếp", "Đoàn viên", ""]

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "chutich.cdcs")
    page.fill("input[name=password]", "mat-khau-thu-nghiem")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))

    page.goto(f"{live_server.url}/import/members/")
    page.set_input_files("input[type=file]", members_file(tmp_path / "bad.xlsx", [good, bad]))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#job-status")).to_have_attribute("data-state", "queued")
    work_off_the_queue()
    errors = page.locator("main table tbody tr")
    expect(errors).to_have_count(2)  # the impossible date and the union outside the chair's reach, both on row 3
    expect(page.locator("#confirm-import")).to_have_count(0)
    assert not Person.objects.filter(full_name="Lò Thị Phương").exists()

    page.goto(f"{live_server.url}/import/members/")
    page.set_input_files("input[type=file]", members_file(tmp_path / "good.xlsx", [good]))
    page.locator("main form button[type=submit]").click()
    work_off_the_queue()
    page.locator("#confirm-import").click()
    expect(page.locator("#job-status")).to_have_attribute("data-state", "queued")
    work_off_the_queue()
    expect(page.locator("#import-done")).to_be_visible()
    page.get_by_role("link", name="Mở danh sách đoàn viên").click()
    expect(page).to_have_url(re.compile(r"/members/$"))
    expect(page.get_by_role("link", name="Lò Thị Phương")).to_be_visible()
    assert Person.objects.get(citizen_id="011190004321").unit == tree.school_a


def test_a_correction_is_ticked_on_the_phone_checked_again_and_imported(live_server, page, tree, cast, tmp_path, settings):
    """A file fixes the name of a member whose citizen ID it gives: refused until the row is ticked as a
    correction; the preview then shows the old and new name; both pages pass the WCAG checks."""
    from tests.e2e.test_accessibility import violations
    from tests.e2e.test_tree_browser import log_in
    from tests.factories import PersonFactory

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    member = PersonFactory(full_name="Lò Văn Hung", citizen_id="011085000321", unit=tree.school_a)
    row = ["Lò Văn Hùng", "Nam", "", "Thái", "011085000321", "CDCS-A1", "Giáo viên", "Lao động trực tiếp", "", ""]
    log_in(page, live_server, "canbo.cspl")

    page.goto(f"{live_server.url}/import/members/")
    page.set_input_files("input[type=file]", members_file(tmp_path / "fix.xlsx", [row]))
    page.locator("main form button[type=submit]").click()
    work_off_the_queue()
    expect(page.locator("#import-errors")).to_contain_text("Lò Văn Hung")
    assert violations(page) == [], "refused with a row to tick"
    page.get_by_label("Là sửa thông tin").check()
    page.locator("#recheck-import").click()
    work_off_the_queue()
    expect(page.locator("#import-changes")).to_contain_text("Lò Văn Hùng")
    assert violations(page) == [], "preview of the changes"
    page.locator("#confirm-import").click()
    work_off_the_queue()
    expect(page.locator("#import-done")).to_be_visible()
    member.refresh_from_db()
    assert member.full_name == "Lò Văn Hùng"
