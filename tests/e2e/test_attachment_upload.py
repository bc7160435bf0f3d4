"""An officer on a 360 px phone attaches a camera photo of a paper page to a union: the photo is made
smaller in the browser, the upload shows its progress, and the smaller file is what gets stored."""

import os
import struct

import pytest
from playwright.sync_api import expect

from portal.attachments.models import Attachment
from tests.e2e.test_tree_browser import log_in

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR", "var/screenshots")

# A 4000×3000 "photo" of a page: paper-coloured gradient, lines of "text" and sensor noise, so that the
# camera-quality JPEG weighs several megabytes, as a phone's does.
MAKE_PHOTO = """async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 4000; canvas.height = 3000;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(4000, 3000);
  let seed = 7;
  for (let i = 0; i < image.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const noise = (seed >> 16) % 40;
    const row = Math.floor(i / 4 / 4000);
    const ink = (row % 60 < 14 && (i / 4) % 4000 > 300 && (i / 4) % 4000 < 3700) ? 140 : 0;
    image.data[i] = 235 - ink + noise - 24; image.data[i + 1] = 228 - ink + noise - 24;
    image.data[i + 2] = 210 - ink + noise - 24; image.data[i + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  const blob = await new Promise(r => canvas.toBlob(r, "image/jpeg", 0.95));
  const file = new File([blob], "anh-quyet-dinh.jpg", {type: "image/jpeg"});
  const input = document.querySelector("form[data-attachment-form] input[type=file]");
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event("change", {bubbles: true}));
  window.progressSeen = [];
  const bar = document.querySelector("[data-attachment-progress]");
  new MutationObserver(() => window.progressSeen.push(
      [bar.classList.contains("d-none") ? "hidden" : "shown", Number(bar.getAttribute("aria-valuenow"))]
  )).observe(bar, {attributes: true});
  return file.size;
}"""


def jpeg_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a JPEG's start-of-frame marker."""
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2 : i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    raise ValueError("no frame")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_phone_photo_is_made_smaller_and_uploads_with_progress(live_server, page, tree, cast, media):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    log_in(page, live_server, "canbo.dbp")
    page.goto(live_server.url + tree.school_a.get_absolute_url())
    panel = page.locator("section", has=page.get_by_role("heading", name="Quyết định thành lập và văn bản của đơn vị"))
    expect(panel.get_by_text("Chọn tệp…")).to_be_visible()
    expect(panel.get_by_text("Chưa chọn tệp nào")).to_be_visible()
    original = page.evaluate(MAKE_PHOTO)
    assert original > 3_000_000
    expect(panel.get_by_text("anh-quyet-dinh.jpg")).to_be_visible()
    panel.scroll_into_view_if_needed()
    page.screenshot(path=f"{SCREENSHOTS}/attachment-chosen-360.png", full_page=True)

    panel.get_by_role("button", name="Đính kèm", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Đã đính kèm anh-quyet-dinh.jpg")).to_be_visible(timeout=20_000)
    stored = Attachment.objects.get()
    assert stored.kind == "jpg" and stored.filename == "anh-quyet-dinh.jpg"
    assert stored.size < original / 3 and stored.size < 1_500_000
    with stored.file.open("rb") as fh:
        width, height = jpeg_size(fh.read())
    assert max(width, height) <= 2000 and (width, height) == (2000, 1500)
    expect(page.get_by_role("link", name="anh-quyet-dinh.jpg")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/attachment-done-360.png", full_page=True)


def test_the_upload_shows_its_progress_on_a_slow_link(live_server, page, tree, cast, media):
    log_in(page, live_server, "canbo.dbp")
    page.goto(live_server.url + tree.school_a.get_absolute_url())
    page.evaluate(MAKE_PHOTO)
    # A slow mobile link (about 1 Mbit/s up), so the bar is seen filling while the photo travels.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150, "downloadThroughput": 250_000, "uploadThroughput": 125_000})
    page.get_by_role("button", name="Đính kèm", exact=True).click()
    bar = page.get_by_role("progressbar", name="Tiến độ tải lên")
    expect(bar).to_be_visible()
    expect(page.get_by_text("Đang gửi… anh-quyet-dinh.jpg")).to_be_visible()
    for _ in range(200):  # polled from here: the page's CSP forbids wait_for_function's string evaluation
        seen = page.evaluate("() => window.progressSeen")
        if any(state == "shown" and 0 < pct < 100 for state, pct in seen):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail(f"no progress shown: {seen}")
    page.screenshot(path=f"{SCREENSHOTS}/attachment-progress-360.png", full_page=False)
    expect(page.get_by_role("alert").filter(has_text="Đã đính kèm")).to_be_visible(timeout=30_000)
    assert Attachment.objects.count() == 1


def test_a_renamed_program_is_refused_on_the_phone_with_nothing_stored(live_server, page, tree, cast, media):
    log_in(page, live_server, "canbo.dbp")
    page.goto(live_server.url + tree.school_a.get_absolute_url())
    page.set_input_files("form[data-attachment-form] input[type=file]", files=[{"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 200}])
    page.get_by_role("button", name="Đính kèm", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Nội dung tệp không thuộc loại được nhận")).to_be_visible()
    assert Attachment.objects.count() == 0
    page.locator("form[data-attachment-form]").screenshot(path=f"{SCREENSHOTS}/attachment-refused-360.png")
    # Without JavaScript the same refusal comes back on the upload page.
    page.goto(f"{live_server.url}/files/add/units.unit/{tree.school_a.pk}/")
    expect(page.get_by_role("heading", name="Đính kèm tệp")).to_be_visible()


def test_the_unit_page_with_files_at_desktop_width(live_server, page, tree, cast, media):
    from portal.attachments.services import attachment_add
    from tests.attachments.conftest import PDF, XLSX, upload

    attachment_add(owner=tree.school_a, upload=upload("Quyết định thành lập số 12-QĐ.pdf", PDF), by=cast.officer)
    attachment_add(owner=tree.school_a, upload=upload("Danh sách đoàn viên 2026.xlsx", XLSX), by=cast.officer)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "canbo.dbp")
    page.goto(live_server.url + tree.school_a.get_absolute_url())
    expect(page.get_by_role("link", name="Danh sách đoàn viên 2026.xlsx")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/attachment-unit-1280.png", full_page=True)
    page.set_viewport_size({"width": 360, "height": 780})
    page.screenshot(path=f"{SCREENSHOTS}/attachment-unit-360.png", full_page=True)


def test_the_import_page_shows_the_vietnamese_file_input(live_server, page, tree, cast):
    log_in(page, live_server, "chutich.a1")
    page.goto(live_server.url + "/import/members/")
    native = page.locator("input[type=file]")
    expect(native).to_be_attached()
    assert native.bounding_box()["width"] <= 1  # visually hidden: no "Choose File / No file chosen"
    expect(page.get_by_text("Chọn tệp…")).to_be_visible()
    expect(page.get_by_text("Chưa chọn tệp nào")).to_be_visible()
    # Keyboard users reach the input and see where they are.
    native.focus()
    assert page.evaluate("() => document.activeElement.type") == "file"
    page.set_input_files("input[type=file]", files=[{"name": "doan-vien-2026.xlsx", "mimeType": "application/octet-stream", "buffer": b"PK"}])
    expect(page.get_by_text("doan-vien-2026.xlsx")).to_be_visible()
    expect(page.get_by_text("Chưa chọn tệp nào")).to_be_hidden()
    page.screenshot(path=f"{SCREENSHOTS}/import-file-input-360.png", full_page=True)


def test_an_oversize_file_is_refused_before_it_is_sent(live_server, page, tree, cast, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 2000
    log_in(page, live_server, "canbo.dbp")
    page.goto(live_server.url + tree.school_a.get_absolute_url())
    sent = []
    page.on("request", lambda request: sent.append(request.url) if "/files/add/" in request.url else None)
    page.set_input_files("form[data-attachment-form] input[type=file]", files=[{"name": "ho-so.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n" + b"0" * 5000}])
    page.get_by_role("button", name="Đính kèm", exact=True).click()
    expect(page.get_by_text("Tệp lớn hơn 2,0 KB.")).to_be_visible()
    assert sent == [] and Attachment.objects.count() == 0
