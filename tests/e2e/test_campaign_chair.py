"""A grassroots chair on a 360×640 phone records the union's plan and launch of a campaign, each with
its file, from the duty page; the district's late list then holds one union fewer."""

import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.duties import refresh_duties
from campaigns.models import Campaign, Duty
from portal.attachments.models import Attachment
from tests.attachments.conftest import JPEG, PDF
from tests.e2e.test_tree_browser import log_in
from tests.factories import CampaignFactory

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR", "var/screenshots")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def late_in_district(campaign, district) -> int:
    return Duty.objects.filter(campaign=campaign, unit_path__startswith=district.path).late_on(timezone.localdate()).count()


def officers_late_list(page, live_server, campaign, district) -> list[str]:
    """The units the district officer's late list shows, as they read it on the status page."""
    page.context.clear_cookies()
    log_in(page, live_server, "canbo.dbp")
    page.goto(f"{live_server.url}/campaigns/{campaign.pk}/status/?under={district.pk}&late=1")
    names = page.locator("#duty-list tbody tr td:first-child").all_inner_texts()
    page.context.clear_cookies()
    return [name.strip() for name in names]


def test_a_chair_records_plan_and_launch_with_files_on_a_phone(live_server, page, tree, cast, tmp_path):
    campaign = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, code="PT-LDG-2025")
    refresh_duties(campaign)
    duty = Duty.objects.get(campaign=campaign, unit=tree.school_a)
    assert late_in_district(campaign, tree.district_a) == 2
    plan_file, photo = tmp_path / "Kế hoạch 05.pdf", tmp_path / "anh-hoi-nghi.jpg"
    plan_file.write_bytes(PDF)
    photo.write_bytes(JPEG)
    os.makedirs(SCREENSHOTS, exist_ok=True)

    page.set_viewport_size({"width": 360, "height": 640})
    late_before = officers_late_list(page, live_server, campaign, tree.district_a)
    assert len(late_before) == 2 and any(tree.school_a.name in name for name in late_before)
    log_in(page, live_server, "chutich.a1")
    page.goto(f"{live_server.url}/campaigns/todo/")
    page.screenshot(path=f"{SCREENSHOTS}/campaign-todo-360.png", full_page=True)
    expect(page.locator("#todo-list")).to_contain_text("Trễ hạn")
    page.locator("#todo-list a", has_text="Lao động giỏi").click()
    expect(page).to_have_url(f"{live_server.url}{duty.get_absolute_url()}")
    page.screenshot(path=f"{SCREENSHOTS}/campaign-duty-360.png", full_page=True)

    page.get_by_label("Số kế hoạch").fill("05/KH-CĐCS")
    page.get_by_label("Ngày kế hoạch").fill("10/02/2025")
    page.get_by_role("button", name="Ghi nhận kế hoạch").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận kế hoạch.")

    page.locator("#id_attach_plan_file").set_input_files(str(plan_file))
    page.locator("#id_attach_plan_file").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    # The upload ends by loading the page again: wait for the file's link in the list (the file input
    # itself shows the chosen name at once, before anything is sent).
    expect(page.locator("#attachments-%s-plan" % duty.pk).locator("xpath=ancestor::section").get_by_role("link", name="Kế hoạch 05.pdf")).to_be_visible()

    page.get_by_label("Ngày phát động").fill("20/02/2025")
    page.get_by_label("Hội nghị", exact=True).check()
    page.get_by_role("button", name="Ghi nhận phát động").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã ghi nhận phát động.")

    page.locator("#id_attach_launch_file").set_input_files(str(photo))
    page.locator("#id_attach_launch_file").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    expect(page.locator("#attachments-%s-launch" % duty.pk).locator("xpath=ancestor::section").get_by_role("link", name="anh-hoi-nghi.jpg")).to_be_visible()
    expect(page.locator("#duty-state")).to_contain_text("Đã xong")
    page.screenshot(path=f"{SCREENSHOTS}/campaign-duty-done-360.png", full_page=True)

    duty.refresh_from_db()
    assert duty.is_done and duty.plan_number == "05/KH-CĐCS" and duty.launch_method == "meeting"
    assert [a.filename for a in Attachment.objects.of(duty, "plan")] == ["Kế hoạch 05.pdf"]
    assert [a.filename for a in Attachment.objects.of(duty, "launch")] == ["anh-hoi-nghi.jpg"]
    assert late_in_district(campaign, tree.district_a) == 1
    late_after = officers_late_list(page, live_server, campaign, tree.district_a)
    assert len(late_after) == 1 and not any(tree.school_a.name in name for name in late_after)
    log_in(page, live_server, "chutich.a1")
    # No sideways scroll on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{duty.get_absolute_url()}")
    page.screenshot(path=f"{SCREENSHOTS}/campaign-duty-1280.png", full_page=True)
    page.goto(f"{live_server.url}/campaigns/todo/")
    page.screenshot(path=f"{SCREENSHOTS}/campaign-todo-1280.png", full_page=True)
