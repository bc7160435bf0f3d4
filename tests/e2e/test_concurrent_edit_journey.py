"""Two officers edit the same member in two browsers: the second save is refused with what changed,
and the form then shows the record as it is now."""

from playwright.sync_api import expect

from tests.factories import PersonFactory, UserFactory, grant
from units.access import Role
from units.models import Person


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-thu-nghiem")
    page.locator("main form button[type=submit]").click()


def test_the_second_of_two_officers_saving_a_member_is_told_what_changed(live_server, browser, browser_context_args, tree):
    person = PersonFactory(unit=tree.school_a, full_name="Lò Thị Ngọc Ánh", job_title="Giáo viên")
    for name in ("canbo.mot", "canbo.hai"):
        grant(UserFactory(username=name), Role.UPPER_LEVEL_OFFICER, tree.district_a)
    first, second = (browser.new_context(**browser_context_args).new_page() for _ in range(2))
    _log_in(first, live_server, "canbo.mot")
    _log_in(second, live_server, "canbo.hai")
    edit_url = f"{live_server.url}/members/{person.pk}/edit/"
    first.goto(edit_url)
    second.goto(edit_url)

    first.fill("input[name=job_title]", "Hiệu phó")
    first.locator("main form button[type=submit]").click()
    expect(first.locator("h1")).to_have_text("Lò Thị Ngọc Ánh")

    second.fill("input[name=job_title]", "Tổ trưởng")
    second.locator("main form button[type=submit]").click()
    expect(second.locator("#stale-edit")).to_contain_text("Người khác đã lưu hồ sơ này sau khi bạn mở nó")
    expect(second.locator("#stale-edit")).to_contain_text("Chức vụ: Hiệu phó")
    expect(second.locator("input[name=job_title]")).to_have_value("Hiệu phó")
    assert Person.objects.get(pk=person.pk).job_title == "Hiệu phó"

    # Saved again from the refreshed form, the change goes through.
    second.fill("input[name=job_title]", "Tổ trưởng")
    second.locator("main form button[type=submit]").click()
    expect(second.locator("h1")).to_have_text("Lò Thị Ngọc Ánh")
    assert Person.objects.get(pk=person.pk).job_title == "Tổ trưởng"
