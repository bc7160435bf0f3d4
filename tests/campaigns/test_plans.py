"""A unit's plan and launch (campaigns.plans) and the duty's page: every refusal in Vietnamese, with
nothing written; files in the duty's two slots; the to-do list; the campaign page's duties section."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from campaigns import plans
from campaigns.duties import refresh_duties
from campaigns.models import Campaign, Duty, LaunchMethod
from portal.attachments.models import Attachment
from portal.attachments.services import attachment_add
from tests.attachments.conftest import EXE, JPEG, PDF, stored_files, upload
from tests.factories import CampaignFactory, unit_type

D = datetime.date


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def campaign(tree):
    campaign = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED)
    refresh_duties(campaign)
    return campaign


@pytest.fixture
def duty(campaign, tree):
    return Duty.objects.get(campaign=campaign, unit=tree.school_a)


def snapshot(duty):
    duty.refresh_from_db()
    return (duty.plan_number, duty.plan_date, duty.launched_on, duty.launch_method, duty.note, duty.version)


def refused(call, **kwargs) -> str:
    with pytest.raises(ValidationError) as exc:
        call(**kwargs)
    return " ".join(exc.value.messages)


def test_a_chair_records_the_plan_then_the_launch(duty, cast):
    plans.plan_record(duty=duty, number=" 05/KH-CĐCS ", date=D(2025, 2, 10), by=cast.chair)
    plans.launch_record(duty=duty, on=D(2025, 2, 20), method=LaunchMethod.MEETING, note="Hội nghị người lao động", by=cast.chair)
    duty.refresh_from_db()
    assert (duty.plan_number, duty.plan_date, duty.launched_on, duty.launch_method) == ("05/KH-CĐCS", D(2025, 2, 10), D(2025, 2, 20), "meeting")
    assert duty.is_done and duty.version == 3
    assert duty.plan_recorded_by == cast.chair and duty.launch_recorded_by == cast.chair


def test_a_plan_dated_after_its_launch_is_refused(duty, cast):
    plans.launch_record(duty=duty, on=D(2025, 2, 20), method="notice", by=cast.chair)
    before = snapshot(duty)
    message = refused(plans.plan_record, duty=duty, number="05/KH", date=D(2025, 3, 1), by=cast.chair)
    assert "sau ngày phát động 20/02/2025" in message
    assert snapshot(duty) == before


def test_a_launch_before_the_plan_is_refused(duty, cast):
    plans.plan_record(duty=duty, number="05/KH", date=D(2025, 3, 1), by=cast.chair)
    before = snapshot(duty)
    message = refused(plans.launch_record, duty=duty, on=D(2025, 2, 20), method="meeting", by=cast.chair)
    assert "Kế hoạch ghi ngày 01/03/2025, sau ngày phát động 20/02/2025" in message
    assert snapshot(duty) == before


def test_a_plan_in_the_future_is_refused(duty, cast):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before = snapshot(duty)
    message = refused(plans.plan_record, duty=duty, number="05/KH", date=tomorrow, by=cast.chair)
    assert f"Ngày kế hoạch {tomorrow:%d/%m/%Y} là ngày trong tương lai" in message
    assert snapshot(duty) == before


def test_a_launch_in_the_future_is_refused(duty, cast):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before = snapshot(duty)
    message = refused(plans.launch_record, duty=duty, on=tomorrow, method="meeting", by=cast.chair)
    assert "Ngày phát động" in message and "tương lai" in message
    assert snapshot(duty) == before


def test_a_launch_before_the_campaigns_own_launch_document_is_refused(duty, cast):
    before = snapshot(duty)
    message = refused(plans.launch_record, duty=duty, on=D(2025, 1, 5), method="meeting", by=cast.chair)
    assert message == "Ngày phát động 05/01/2025 trước ngày văn bản phát động của phong trào (số 15/KH-LĐLĐ ngày 10/01/2025)."
    assert snapshot(duty) == before


def test_a_second_plan_for_the_same_campaign_is_refused(duty, cast):
    plans.plan_record(duty=duty, number="05/KH", date=D(2025, 2, 10), by=cast.chair)
    before = snapshot(duty)
    message = refused(plans.plan_record, duty=duty, number="06/KH", date=D(2025, 2, 11), by=cast.officer)
    assert "Đơn vị đã có kế hoạch cho phong trào này (số 05/KH ngày 10/02/2025)" in message
    assert snapshot(duty) == before
    # A correction, from the version it was opened with, is allowed.
    plans.plan_record(duty=duty, number="06/KH", date=D(2025, 2, 11), by=cast.officer, version=before[-1])
    assert snapshot(duty)[:2] == ("06/KH", D(2025, 2, 11))


def test_a_second_launch_is_refused(duty, cast):
    plans.launch_record(duty=duty, on=D(2025, 2, 20), method="meeting", by=cast.chair)
    before = snapshot(duty)
    message = refused(plans.launch_record, duty=duty, on=D(2025, 2, 21), method="notice", by=cast.chair)
    assert "Đơn vị đã ghi nhận phát động phong trào này (ngày 20/02/2025)" in message
    assert snapshot(duty) == before


def test_a_stale_correction_is_refused(duty, cast):
    opened = duty.version
    plans.plan_record(duty=duty, number="05/KH", date=D(2025, 2, 10), by=cast.officer, version=opened)
    before = snapshot(duty)
    with pytest.raises(plans.StaleEdit) as exc:
        plans.plan_record(duty=duty, number="07/KH", date=D(2025, 2, 12), by=cast.chair, version=opened)
    assert "Người khác đã lưu mục này" in str(exc.value) and "kế hoạch số 05/KH ngày 10/02/2025" in str(exc.value)
    assert snapshot(duty) == before


@pytest.mark.parametrize("state", [Duty.State.PASSED, Duty.State.ENDED])
def test_a_duty_no_longer_owed_takes_nothing(duty, cast, state):
    Duty.objects.filter(pk=duty.pk).update(state=state)
    duty.refresh_from_db()
    before = snapshot(duty)
    message = refused(plans.plan_record, duty=duty, number="05/KH", date=D(2025, 2, 10), by=cast.chair)
    assert message.startswith("Đơn vị không còn phải thực hiện phong trào này")
    message = refused(plans.launch_record, duty=duty, on=D(2025, 2, 20), method="meeting", by=cast.chair)
    assert message.startswith("Đơn vị không còn phải thực hiện phong trào này")
    assert snapshot(duty) == before
    with pytest.raises(PermissionDenied):
        attachment_add(owner=duty, upload=upload("ke-hoach.pdf", PDF), by=cast.chair, purpose="plan")


def test_the_page_of_a_duty_no_longer_owed_says_so_and_takes_nothing(duty, cast, client):
    Duty.objects.filter(pk=duty.pk).update(state=Duty.State.PASSED)
    client.force_login(cast.chair)
    page = client.get(duty.get_absolute_url()).content.decode()
    assert 'id="not-owed"' in page and 'id="plan-form"' not in page
    response = client.post(duty.get_absolute_url(), {"plan-part": "plan", "plan-version": 1, "plan-plan_number": "05/KH", "plan-plan_date": "10/02/2025"})
    assert response.status_code == 400 and "Đơn vị không còn phải thực hiện phong trào này" in response.content.decode()
    assert snapshot(duty)[0] == ""


def test_missing_values_and_unknown_method_are_refused(duty, cast):
    before = snapshot(duty)
    message = refused(plans.plan_record, duty=duty, number=" ", date=None, by=cast.chair)
    assert "Hãy ghi số kế hoạch." in message and "Hãy ghi ngày kế hoạch." in message
    message = refused(plans.launch_record, duty=duty, on=D(2025, 2, 20), method="fax", by=cast.chair)
    assert message == "Hãy chọn hình thức phát động."
    assert snapshot(duty) == before


def test_only_those_who_record_for_the_unit_may(duty, cast, tree):
    for user in (cast.leadership, cast.council, cast.nobody):
        with pytest.raises(PermissionDenied):
            plans.plan_record(duty=duty, number="05/KH", date=D(2025, 2, 10), by=user)
    neighbour = Duty.objects.get(campaign=duty.campaign, unit=tree.hospital_a)
    with pytest.raises(PermissionDenied):
        plans.launch_record(duty=neighbour, on=D(2025, 2, 20), method="meeting", by=cast.chair)
    assert snapshot(duty)[:4] == ("", None, None, "")


# Files in the duty's two slots -------------------------------------------------------------------


def test_the_plan_file_and_the_launch_evidence_are_two_slots(duty, cast):
    attachment_add(owner=duty, upload=upload("Kế hoạch 05.pdf", PDF), by=cast.chair, purpose="plan")
    attachment_add(owner=duty, upload=upload("Ảnh hội nghị.jpg", JPEG), by=cast.chair, purpose="launch")
    assert [a.filename for a in Attachment.objects.of(duty, "plan")] == ["Kế hoạch 05.pdf"]
    assert [a.filename for a in Attachment.objects.of(duty, "launch")] == ["Ảnh hội nghị.jpg"]
    with pytest.raises(ValueError):
        attachment_add(owner=duty, upload=upload("x.pdf", PDF), by=cast.chair, purpose="")
    with pytest.raises(ValueError):  # a model without slots takes none
        attachment_add(owner=duty.unit, upload=upload("x.pdf", PDF), by=cast.officer, purpose="plan")


def test_a_file_of_the_wrong_type_or_too_big_is_refused_on_the_duty(duty, cast, client, settings, media):
    client.force_login(cast.chair)
    url = reverse("attachments:upload", args=["campaigns.duty", duty.pk]) + "?purpose=plan"
    response = client.post(url, {"file": upload("ke-hoach.pdf", EXE)})
    assert response.status_code == 400 and "Nội dung tệp không thuộc loại được nhận" in response.content.decode()
    settings.ATTACHMENT_MAX_BYTES = 50
    response = client.post(url, {"file": upload("ke-hoach.pdf", PDF)})
    assert response.status_code == 400 and "Tệp lớn hơn 50" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(media) == []
    assert client.get(reverse("attachments:upload", args=["campaigns.duty", duty.pk]) + "?purpose=minutes").status_code == 404
    assert client.get(reverse("attachments:upload", args=["units.unit", duty.unit_id]) + "?purpose=plan").status_code == 404


# Pages -------------------------------------------------------------------------------------------


def test_the_duty_page_records_a_plan_and_a_launch(duty, cast, client):
    client.force_login(cast.chair)
    url = duty.get_absolute_url()
    page = client.get(url).content.decode()
    assert 'id="plan-form"' in page and 'id="launch-form"' in page
    assert "Tệp kế hoạch" in page and "Minh chứng phát động" in page
    response = client.post(url, {"plan-part": "plan", "plan-version": duty.version, "plan-plan_number": "05/KH", "plan-plan_date": "10/02/2025"})
    assert response.status_code == 302 and response["Location"].endswith("#plan")
    duty.refresh_from_db()
    response = client.post(url, {"launch-part": "launch", "launch-version": duty.version, "launch-launched_on": "20/02/2025", "launch-launch_method": "meeting"}, follow=True)
    assert "Đã ghi nhận phát động." in response.content.decode()
    duty.refresh_from_db()
    assert duty.is_done


def test_the_duty_page_shows_refusals_in_vietnamese_and_writes_nothing(duty, cast, client):
    client.force_login(cast.chair)
    response = client.post(duty.get_absolute_url(), {"launch-part": "launch", "launch-version": duty.version, "launch-launched_on": "05/01/2025", "launch-launch_method": "meeting"})
    assert response.status_code == 400
    assert "trước ngày văn bản phát động của phong trào" in response.content.decode()
    before = snapshot(duty)
    response = client.post(duty.get_absolute_url(), {"plan-part": "plan", "plan-version": duty.version - 1, "plan-plan_number": "05/KH", "plan-plan_date": "10/02/2025"})
    assert response.status_code == 409 and 'id="stale-edit"' in response.content.decode()
    assert snapshot(duty) == before


def test_readers_see_the_duty_without_forms(duty, cast, client):
    client.force_login(cast.leadership)
    page = client.get(duty.get_absolute_url()).content.decode()
    assert "Chưa ghi nhận kế hoạch." in page and 'id="plan-form"' not in page
    assert client.post(duty.get_absolute_url(), {"plan-part": "plan"}).status_code == 403


def test_the_todo_list_puts_the_late_first(tree, cast, client):
    late = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, name="Giỏi việc nước, đảm việc nhà")
    later = CampaignFactory(
        launching_unit=tree.province, state=Campaign.State.LAUNCHED, name="Xanh - Sạch - Đẹp", year=2026,
        starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31), plans_due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    done = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, name="An toàn vệ sinh lao động")
    draft = CampaignFactory(launching_unit=tree.province, name="Bản nháp")
    for campaign in (late, later, done, draft):
        refresh_duties(campaign)
    finished = Duty.objects.get(campaign=done, unit=tree.school_a)
    plans.plan_record(duty=finished, number="1/KH", date=D(2025, 2, 1), by=cast.chair)
    plans.launch_record(duty=finished.__class__.objects.get(pk=finished.pk), on=D(2025, 2, 2), method="meeting", by=cast.chair)

    client.force_login(cast.chair)
    page = client.get(reverse("campaigns:todo")).content.decode()
    assert page.index("Giỏi việc nước") < page.index("Xanh - Sạch - Đẹp") < page.index("An toàn vệ sinh lao động")
    assert "Bản nháp" not in page and "Trễ hạn" in page
    assert "Trường THPT Phan Đình Giót" in page and "Bệnh viện" not in page  # only the chair's own union
    rows = page.count('class="list-group-item"')
    assert rows == 3


def test_the_todo_list_and_the_duty_page_run_a_flat_number_of_queries(tree, cast, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.force_login(cast.chair)
    first = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, name="Phong trào đầu")
    refresh_duties(first)
    duty = Duty.objects.get(campaign=first, unit=tree.school_a)
    queries(duty.get_absolute_url())  # warms the content-type cache the panels use
    todo, page = queries(reverse("campaigns:todo")), queries(duty.get_absolute_url())
    for n in range(12):
        refresh_duties(CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, name=f"Phong trào {n}"))
    for n in range(5):
        attachment_add(owner=duty, upload=upload(f"ke-hoach-{n}.pdf", PDF), by=cast.chair, purpose="plan")
    assert queries(reverse("campaigns:todo")) == todo
    assert queries(duty.get_absolute_url()) == page
    assert todo <= 12 and page <= 14


def test_the_campaign_pages_duties_section_lists_the_users_own(duty, campaign, cast, tree):
    request = RequestFactory().get("/")
    request.user = cast.chair
    html = Template('{% include "campaigns/detail/_duties.html" %}').render(Context({"campaign": campaign, "request": request}))
    assert duty.get_absolute_url() in html and "Trường THPT Phan Đình Giót" in html and "Bệnh viện" not in html
    request.user = cast.council
    html = Template('{% include "campaigns/detail/_duties.html" %}').render(Context({"campaign": campaign, "request": request}))
    assert "my-duties" not in html


def test_a_campaign_for_upper_level_unions_is_on_the_officers_list(tree, cast, client):
    campaign = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED, unit_types=[unit_type("ldld-huyen")])
    refresh_duties(campaign)
    client.force_login(cast.officer)
    page = client.get(reverse("campaigns:todo")).content.decode()
    assert "LĐLĐ thành phố Điện Biên Phủ" in page and "Tuần Giáo" not in page


def _english_of_this_area() -> list[str]:
    """The English msgids of this area's block of the .po file: none may show on its pages."""
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "locale/vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    block = text.split("# camp-duty:", 1)[1].split("\n# ", 1)[0]
    ids = [line[len('msgid "'):-1] for line in block.splitlines() if line.startswith('msgid "')]
    return [i.split("%(")[0].strip() for i in ids if len(i.split("%(")[0].strip()) > 8]


def test_no_english_shows_on_the_areas_pages(duty, cast, client):
    plans.plan_record(duty=duty, number="05/KH", date=D(2025, 2, 10), by=cast.chair)
    english = _english_of_this_area()
    assert len(english) > 30
    for user in (cast.chair, cast.leadership):
        client.force_login(user)
        for url in (duty.get_absolute_url(), reverse("campaigns:todo"), reverse("campaigns:import-launches")):
            page = client.get(url).content.decode()
            shown = [words for words in english if words in page]
            assert shown == [], (url, shown)


def test_a_duty_slot_upload_is_scoped_like_the_duty(duty, campaign, cast, tree, client):
    neighbour = Duty.objects.get(campaign=campaign, unit=tree.hospital_a)
    url = lambda d: reverse("attachments:upload", args=["campaigns.duty", d.pk]) + "?purpose=launch"  # noqa: E731
    client.force_login(cast.chair)
    assert client.get(url(duty)).status_code == 200
    assert client.get(url(neighbour)).status_code == 404  # another union's duty: as if it did not exist
    client.force_login(cast.leadership)
    assert client.get(url(duty)).status_code == 403  # sees it, records nothing
    client.force_login(cast.officer)
    assert client.get(url(neighbour)).status_code == 200
