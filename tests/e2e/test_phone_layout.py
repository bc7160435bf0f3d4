"""At 360 px: no page scrolls sideways, unit codes stay whole, a page of 50 members stays short,
and a chair's new member goes to their union without typing its code."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_tree_browser import log_in
from tests.factories import PersonFactory

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def fifty_members(tree):
    unions = [tree.school_a, tree.hospital_a, tree.school_b, tree.clinic_b, tree.direct]
    for n in range(50):
        PersonFactory(unit=unions[n % 5], full_name=f"Nguyễn Thị Thanh Hương {n:02d}", job_title="Giáo viên trung học phổ thông")


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 360, "height": 780})
    return page


def test_no_page_scrolls_sideways_at_360_px(live_server, phone, tree, cast, fifty_members):
    for username, paths in [
        ("canbo.cspl", ["/units/", "/members/", "/members/?q=nguyen+thi", "/members/new/", tree.district_a.get_absolute_url()]),
        ("chutich.a1", ["/units/", "/members/", "/members/new/"]),
        ("lanhdao", ["/members/"]),
    ]:
        phone.context.clear_cookies()
        log_in(phone, live_server, username)
        for path in paths:
            phone.goto(live_server.url + path)
            assert phone.evaluate(OVERFLOW) <= 0, f"{username} {path}"


def test_unit_codes_do_not_break_at_their_hyphen(live_server, phone, tree, cast):
    log_in(phone, live_server, "canbo.cspl")
    phone.goto(f"{live_server.url}/units/")
    code = phone.locator(".unit-code", has_text="CDCS-TT1").first
    expect(code).to_be_visible()
    box = code.bounding_box()
    assert box["height"] < 30, "the code wraps onto two lines"


def test_fifty_members_make_a_short_page_on_a_phone(live_server, phone, tree, cast, fifty_members):
    log_in(phone, live_server, "lanhdao")
    phone.goto(f"{live_server.url}/members/")
    rows = phone.locator("table tbody tr:not(.unit-row)")
    expect(rows).to_have_count(50)
    table_height = phone.locator("table").bounding_box()["height"]
    page_height = phone.evaluate("document.documentElement.scrollHeight")
    print(f"50 members at 360 px: table {table_height:.0f} px, page {page_height} px")
    # One line a member, each unit named once above its members (before: table 3,586 px, page 4,220 px).
    assert table_height < 50 * 36 + 5 * 45
    assert page_height < 2700


def test_a_chair_sees_their_union_once_and_adds_a_member_to_it_without_typing_it(live_server, phone, tree, cast):
    PersonFactory.create_batch(3, unit=tree.school_a)
    log_in(phone, live_server, "chutich.a1")
    phone.goto(f"{live_server.url}/members/")
    expect(phone.get_by_text(tree.school_a.name)).to_have_count(1)
    expect(phone.get_by_label("Đơn vị (kể cả đơn vị trực thuộc)")).to_have_count(0)  # one union: nothing to choose

    phone.get_by_role("link", name="Thêm đoàn viên").click()
    expect(phone.get_by_label("Đơn vị")).to_have_value(tree.school_a.code)
    phone.get_by_label("Họ và tên").fill("Lò Thị Mai")
    phone.get_by_label("Giới tính").select_option(label="Nữ")
    phone.get_by_label("Đối tượng").select_option(index=1)
    phone.get_by_role("button", name="Lưu").click()
    expect(phone.locator("h1")).to_have_text("Lò Thị Mai")
    assert tree.school_a.name in phone.content()
