"""A district officer self-scores its bloc sheet on a phone (360 px) with an evidence file, province
staff give an official score with a reason, and the officer reads the reason. Screenshots of both
pages at 360 and 1280 px go to var/screenshots/ to look at."""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from blocs.models import Bloc, Score
from portal.attachments.models import Attachment
from tests.attachments.conftest import PDF
from tests.blocs.conftest import BlocWorld, criteria_by_code
from tests.e2e.test_tree_browser import log_in

pytestmark = pytest.mark.browser
SHOTS = Path("var/screenshots")


def scoring_world(tree, cast):
    world = BlocWorld(tree, cast)
    Bloc.objects.filter(pk=world.districts.pk).update(self_scoring_due_on=timezone.localdate() + datetime.timedelta(days=30))
    world.districts.refresh_from_db()
    world.open(world.districts)
    return world


def shoot(page, name, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 800})
    page.screenshot(path=str(SHOTS / f"bloc-{name}-{width}.png"), full_page=True)


def test_self_score_official_score_and_the_reason_read_back(live_server, page, tree, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    world = scoring_world(tree, cast)
    c = criteria_by_code(world.districts)
    sheet = live_server.url + reverse("blocs:scores", args=[world.districts.pk, world.member_a.pk])
    evidence = tmp_path / "Kế hoạch thi đua 2025.pdf"
    evidence.write_bytes(PDF)

    # The district officer, on a phone.
    log_in(page, live_server, "canbo.dbp")
    page.goto(sheet)
    expect(page.locator("#deadline")).to_contain_text("Hạn tự chấm điểm")
    page.locator(f"#id_points-{c['1.1'].pk}").press_sequentially("18,5")  # typed with the Vietnamese decimal comma
    page.locator(f"#id_points-{c['1.2'].pk}").fill("20")
    page.locator(f"#id_points-{c['2.1'].pk}").fill("28")
    page.locator(f"#id_file-{c['1.1'].pk}").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    expect(page.get_by_text("Đã lưu điểm tự chấm.")).to_be_visible()
    expect(page.get_by_role("link", name="Kế hoạch thi đua 2025.pdf")).to_be_visible()
    assert Score.objects.get(member=world.member_a, criterion=c["1.1"]).self_points == 18.5
    assert Attachment.objects.count() == 1
    shoot(page, "sheet-self", 360)
    shoot(page, "sheet-self", 1280)

    # Province staff, on a desktop: a different score needs a reason.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server, "canbo.cspl")
    page.goto(sheet)
    page.locator(f"#id_official-{c['1.1'].pk}").fill("17")
    page.get_by_role("button", name="Lưu điểm chính thức").click()
    expect(page.get_by_text("Dòng 1.1: điểm chính thức khác điểm tự chấm (18,5): hãy nêu lý do.")).to_be_visible()
    expect(page.locator(f"#id_official-{c['1.1'].pk}")).to_have_value("17")
    page.locator(f"#id_reason-{c['1.1'].pk}").fill("Kế hoạch ban hành chậm so với hướng dẫn.")
    page.get_by_role("button", name="Lưu điểm chính thức").click()
    expect(page.get_by_text("Đã lưu điểm chính thức.")).to_be_visible()
    shoot(page, "sheet-official", 1280)
    shoot(page, "sheet-official", 360)
    page.goto(live_server.url + reverse("blocs:ranking", args=[world.districts.pk]))
    expect(page.locator("#ranking")).to_contain_text("LĐLĐ thành phố Điện Biên Phủ")
    shoot(page, "ranking", 1280)
    shoot(page, "ranking", 360)

    # The officer reads the official score and its reason.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 360, "height": 780})
    log_in(page, live_server, "canbo.dbp")
    page.goto(sheet)
    line = page.locator(f"#sheet-line-{c['1.1'].pk}")
    expect(line.locator("[data-official]")).to_have_text("17")
    expect(line.locator("[data-reason]")).to_have_text("Kế hoạch ban hành chậm so với hướng dẫn.")
    shoot(page, "sheet-member-reads", 360)
