"""A grassroots chair logs in on a phone, sees their members, and cannot open another union's member."""

import re

from playwright.sync_api import expect

from tests.factories import PersonFactory, UserFactory, grant
from units.access import Role


def test_chair_sees_own_members_and_gets_404_elsewhere(live_server, page, tree):
    own = PersonFactory(unit=tree.school_a, full_name="Lò Thị Ngọc Ánh")
    other = PersonFactory(unit=tree.school_b, full_name="Giàng A Sùng")
    chair = UserFactory(username="chutich.cdcs")
    grant(chair, Role.GRASSROOTS_CHAIR, tree.school_a)

    page.goto(f"{live_server.url}/members/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.fill("input[name=username]", "chutich.cdcs")
    page.fill("input[name=password]", "mat-khau-thu-nghiem")
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/members/$"))
    expect(page.get_by_role("link", name="Lò Thị Ngọc Ánh")).to_be_visible()
    expect(page.get_by_text("Giàng A Sùng")).to_have_count(0)

    page.get_by_role("link", name="Lò Thị Ngọc Ánh").click()
    expect(page.locator("h1")).to_have_text("Lò Thị Ngọc Ánh")
    assert own.unit.name in page.content()

    response = page.goto(f"{live_server.url}/members/{other.pk}/")
    assert response.status == 404
    expect(page.get_by_text("Giàng A Sùng")).to_have_count(0)


def test_chair_records_a_retirement_on_a_phone(live_server, page, tree):
    import datetime

    retiring = PersonFactory(unit=tree.school_a, full_name="Quàng Văn Nghỉ", date_of_birth=datetime.date(1966, 4, 2))
    PersonFactory(unit=tree.school_a, full_name="Lò Thị Ở")
    chair = UserFactory(username="chutich.cdcs")
    grant(chair, Role.GRASSROOTS_CHAIR, tree.school_a)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "chutich.cdcs")
    page.fill("input[name=password]", "mat-khau-thu-nghiem")
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}/members/{retiring.pk}/")
    page.get_by_role("link", name="Ghi nhận rời tổ chức").click()
    page.fill("input[name=on]", "30/04/2026")
    page.select_option("select[name=reason]", label="Nghỉ hưu")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#person-left")).to_contain_text("30/04/2026")
    expect(page.locator("#person-events")).to_contain_text("Nghỉ hưu")

    page.goto(f"{live_server.url}/members/")
    expect(page.get_by_role("link", name="Lò Thị Ở")).to_be_visible()
    expect(page.get_by_role("link", name="Quàng Văn Nghỉ")).to_have_count(0)
    page.goto(f"{live_server.url}/members/?status=left")
    expect(page.get_by_role("link", name="Quàng Văn Nghỉ")).to_be_visible()
