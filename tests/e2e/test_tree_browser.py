"""Province staff open the tree, expand a district (loaded by htmx), and search without accents."""

import re

from playwright.sync_api import expect

from tests.factories import UserFactory, grant
from units.access import Role


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "mat-khau-thu-nghiem")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))


def test_expand_a_district_and_search_without_accents(live_server, page, tree):
    staff = UserFactory(username="canbo.cspl")
    grant(staff, Role.PROVINCE_STAFF, tree.province)
    log_in(page, live_server, "canbo.cspl")

    page.goto(f"{live_server.url}/units/")
    toggle = page.get_by_role("button", name=f"Các đơn vị trực thuộc {tree.district_b.name}")
    expect(page.get_by_role("link", name=tree.school_b.name)).to_have_count(0)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(page.get_by_role("link", name=tree.school_b.name)).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()
    expect(page.get_by_role("link", name=tree.school_b.name)).to_be_hidden()
    toggle.click()
    expect(page.get_by_role("link", name=tree.school_b.name)).to_have_count(1)  # loaded once, shown again

    page.fill("input[name=q]", "tuan giao")
    page.locator("main form[role=search] button[type=submit]").click()
    found = page.locator("main .list-group-item .fw-semibold")
    expect(found).to_have_count(3)
    assert sorted(found.all_inner_texts()) == sorted([tree.district_b.name, tree.school_b.name, tree.clinic_b.name])
