"""The public page of exemplars in a browser, on a phone and a desktop: it loads without login,
shows the published items with their photos, fits the phone's width, and its item page carries the
share card. Screenshots go to $SCREENSHOT_DIR when it is set (to look at them)."""

import os
import struct
import zlib

import pytest
from django.urls import reverse

from campaigns.duties import refresh_duties
from campaigns.models import Exemplar
from tests.attachments.conftest import upload
from tests.campaigns.test_exemplars import make_exemplar
from tests.factories import CampaignFactory, PersonFactory

OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real PNG of one colour with a lighter band, so a browser draws it (no imaging library needed)."""
    rows = b""
    for y in range(height):
        colour = bytes(min(255, c + 60) for c in rgb) if height // 3 < y < height // 2 else bytes(rgb)
        rows += b"\x00" + colour * width

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def public_items(tree, cast):
    campaign = CampaignFactory(launching_unit=tree.province, state="launched", name="Lao động giỏi, Lao động sáng tạo")
    refresh_duties(campaign)
    person = PersonFactory(unit=tree.school_a, full_name="Lò Văn Mừng", citizen_id="011085004321")
    first = make_exemplar(
        tree.school_a, cast.chair, kind=Exemplar.Kind.PERSON, person=person, title="Lò Văn Mừng", campaign=campaign,
        description="Giáo viên dạy giỏi nhiều năm liền, có sáng kiến dạy tiếng Việt cho học sinh dân tộc Thái ở bản xa.",
        photo=upload("mung.png", png(480, 320, (40, 90, 160))), published_by=cast.officer,
    )
    make_exemplar(
        tree.hospital_a, cast.officer, title="Bữa cơm công đoàn", campaign=campaign,
        description="Mỗi tháng một bữa cơm chung của đoàn viên khoa, công đoàn hỗ trợ một phần kinh phí.",
        photo=upload("bua-com.png", png(480, 320, (150, 60, 40))), published_by=cast.province_staff,
    )
    make_exemplar(
        tree.school_b, cast.province_staff, kind=Exemplar.Kind.UNIT, title="Công đoàn Trường PTDTNT Tuần Giáo",
        description="Tập thể lao động xuất sắc ba năm liền.", published_by=cast.province_staff,
    )
    make_exemplar(tree.clinic_b, cast.province_staff, title="Mô hình chưa duyệt", description="Chưa công bố.")
    return first


@pytest.mark.parametrize("width", [360, 1280])
def test_the_public_page_on_a_phone_and_a_desktop(live_server, page, tree, cast, width, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    first = public_items(tree, cast)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("login"))
    page.get_by_role("link", name="Điển hình tiên tiến, mô hình mới, cách làm hay (trang công khai, không cần đăng nhập)").click()
    assert page.locator("h1").inner_text() == "Điển hình tiên tiến, mô hình mới, cách làm hay"
    assert page.locator("#public-items article").count() == 3
    assert "Mô hình chưa duyệt" not in page.content()
    images = page.locator("#public-items img")
    assert images.count() == 2
    # Photos load lazily and, on a busy machine, late: bring each into view and give it time to arrive.
    for i in range(2):
        images.nth(i).scroll_into_view_if_needed()
        images.nth(i).evaluate("img => img.complete || new Promise(done => { img.onload = img.onerror = done; setTimeout(done, 5000); })")
    assert all(images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0") for i in range(2))
    assert page.evaluate(OVERFLOW) <= 0
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=f"{shots}/public-list-{width}.png", full_page=True)
    page.fill("input[name=q]", "lo van mung")
    page.get_by_role("button", name="Tìm kiếm").click()
    assert page.locator("#public-items article").count() == 1
    page.get_by_role("link", name="Lò Văn Mừng").click()
    assert page.locator("h1").inner_text() == "Lò Văn Mừng"
    assert page.locator("meta[property='og:image']").get_attribute("content") == f"{live_server.url}/cong-khai/{first.public_token}/photo/"
    assert page.locator("main img").evaluate("img => img.naturalWidth") == 480
    assert page.evaluate(OVERFLOW) <= 0
    if shots:
        page.screenshot(path=f"{shots}/public-detail-{width}.png", full_page=True)


@pytest.mark.parametrize("width", [360, 1280])
def test_the_exemplars_and_the_honour_board_are_one_site(live_server, page, tree, cast, width, settings, tmp_path):
    """The shared navigation goes from the exemplars to the honour board and back, on a phone and a desktop."""
    from awards import services as award_services
    from tests.factories import make_decision

    settings.MEDIA_ROOT = tmp_path / "media"
    public_items(tree, cast)
    hoa = PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa", citizen_id="011190000001")
    decision = make_decision(tree.province, people=[hoa], collectives=[tree.hospital_a], form="bang-khen-ldld-tinh", issued=True, by=cast.province_staff)
    for award in decision.awards.all():
        award_services.award_update(award=award, by=cast.province_staff, published=True)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("public:exemplars"))
    nav = page.get_by_role("navigation", name="Các trang công khai")
    assert nav.get_by_role("link", name="Điển hình tiên tiến, mô hình mới, cách làm hay").get_attribute("aria-current") == "page"
    shots = os.environ.get("SCREENSHOT_DIR")
    if shots:
        page.screenshot(path=f"{shots}/public-nav-exemplars-{width}.png", full_page=True)
    nav.get_by_role("link", name="Bảng vinh danh").click()
    assert page.locator("h1").inner_text() == "Bảng vinh danh"
    assert page.locator("#board li").count() == 2 and "011190000001" not in page.content()
    assert page.get_by_role("navigation", name="Các trang công khai").get_by_role("link", name="Bảng vinh danh").get_attribute("aria-current") == "page"
    assert page.evaluate(OVERFLOW) <= 0
    if shots:
        page.screenshot(path=f"{shots}/public-nav-board-{width}.png", full_page=True)
    page.goto(live_server.url + reverse("awards_public:verify", args=[decision.awards.first().token]))
    assert page.evaluate(OVERFLOW) <= 0
    if shots:
        page.screenshot(path=f"{shots}/public-nav-verify-{width}.png", full_page=True)
    page.get_by_role("navigation", name="Các trang công khai").get_by_role("link", name="Điển hình tiên tiến, mô hình mới, cách làm hay").click()
    assert page.locator("#public-items article").count() == 3
