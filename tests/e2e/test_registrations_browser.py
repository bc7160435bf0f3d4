"""A grassroots chair registers the union for a campaign from a phone: the form, then members found
by typing a name without accents (htmx fills the results as they type). Screenshots of the forms at
360 and 1280 px go to SCREENSHOT_DIR."""

import os

import pytest
from playwright.sync_api import expect

from campaigns.duties import refresh_duties
from campaigns.models import Campaign, Registration
from tests.campaigns.test_registrations import load_titles
from tests.e2e.test_tree_browser import log_in
from tests.factories import CampaignFactory, PersonFactory

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR", "var/screenshots")


@pytest.mark.parametrize("width", [360, 1280])
def test_a_chair_registers_the_union_and_adds_a_member_found_without_accents(live_server, page, tree, cast, width):
    load_titles()
    campaign = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED)
    refresh_duties(campaign)
    PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa", job_title="Giáo viên")
    PersonFactory(unit=tree.school_a, full_name="Quàng Văn Thiết")
    PersonFactory(unit=tree.hospital_a, full_name="Lò Thị Hạnh")
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 780})
    log_in(page, live_server, "chutich.a1")

    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/registrations/new/")
    expect(page.get_by_label("Mã đơn vị")).to_have_value("CDCS-A1")
    page.get_by_label("Danh hiệu tập thể đăng ký").select_option(label="Tập thể lao động xuất sắc")
    page.screenshot(path=f"{SCREENSHOTS}/registration-form-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the phone
    page.get_by_role("button", name="Lưu").click()

    expect(page.locator("h1")).to_have_text("Sửa bản đăng ký thi đua")
    page.get_by_label("Tìm đoàn viên của công đoàn").fill("lo thi")
    results = page.locator("#candidates")
    expect(results).to_contain_text("Lò Thị Hoa")
    expect(results).not_to_contain_text("Quàng Văn Thiết")
    expect(results).not_to_contain_text("Lò Thị Hạnh")
    page.get_by_label("Lò Thị Hoa").check()
    # A second search keeps the member ticked before it.
    page.get_by_label("Tìm đoàn viên của công đoàn").fill("thiet")
    expect(results).to_contain_text("Quàng Văn Thiết")
    expect(page.get_by_label("Lò Thị Hoa")).to_be_checked()
    page.get_by_label("Quàng Văn Thiết").check()
    page.get_by_label("Danh hiệu đăng ký của những người thêm vào").select_option(label="Chiến sĩ thi đua cơ sở")
    page.screenshot(path=f"{SCREENSHOTS}/registration-edit-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="Lưu").click()

    page.screenshot(path=f"{SCREENSHOTS}/registration-saved-{width}.png", full_page=True)
    expect(page.locator("#entries")).to_contain_text("Lò Thị Hoa")
    expect(page.locator("#entries")).to_contain_text("Chiến sĩ thi đua cơ sở")
    expect(page.locator("#collective-title")).to_have_text("Tập thể lao động xuất sắc")
    expect(page.locator("#entries")).to_contain_text("Quàng Văn Thiết")
    assert Registration.objects.get().entries.count() == 2
