"""A campaign's own pages: the list, a draft's create/edit, launch (with the overlap warning and the
fan-out of notices in the task worker), close and reopen, and who may do each."""

import datetime

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.duties import refresh_duties
from campaigns.models import Campaign, Duty
from campaigns.tasks import launch_fan_out
from portal.notices.models import Notice
from portal.states import transitions_of
from tests.factories import CampaignFactory, UnitFactory, UserFactory, grant, unit_type
from units.access import Role

D = datetime.date


def launched(**kwargs) -> Campaign:
    campaign = CampaignFactory(state=Campaign.State.LAUNCHED, **kwargs)
    refresh_duties(campaign)
    return campaign


def page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


FORM = {
    "code": "PT-LDG-2025", "name": "Lao động giỏi, Lao động sáng tạo", "kind": "regular", "year": "2025",
    "starts_on": "01/01/2025", "ends_on": "31/12/2025", "plans_due_on": "31/03/2025",
    "document_number": "15/KH-LĐLĐ", "document_date": "10/01/2025",
}


def form_data(tree, **changes):
    return {**FORM, "launching_unit": tree.province.pk, "unit_types": [unit_type("cdcs").pk], **changes}


def test_province_staff_create_a_draft_that_the_units_below_do_not_see(client, tree, cast):
    client.force_login(cast.province_staff)
    response = client.post(reverse("campaigns:create"), form_data(tree, sectors=["state_enterprise"]))
    campaign = Campaign.objects.get(code="PT-LDG-2025")
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert campaign.state == Campaign.State.DRAFT and campaign.created_by == cast.province_staff
    assert campaign.sectors == ["state_enterprise"] and list(campaign.unit_types.all()) == [unit_type("cdcs")]
    assert "Lao động giỏi, Lao động sáng tạo" in page(client, reverse("campaigns:list"))
    for user in (cast.officer, cast.chair):
        client.force_login(user)
        assert "Lao động giỏi" not in page(client, reverse("campaigns:list"))
        assert client.get(campaign.get_absolute_url()).status_code == 404


def test_the_launching_unit_is_one_where_the_user_holds_a_staff_role(client, tree, cast):
    client.force_login(cast.officer)
    form = page(client, reverse("campaigns:create"))
    choices = form.split('name="launching_unit"')[1].split("</select>")[0]
    assert tree.district_a.name in choices and tree.province.name not in choices
    response = client.post(reverse("campaigns:create"), form_data(tree))  # the province: not theirs
    assert response.status_code == 200 and not Campaign.objects.exists()
    assert "Hãy chọn" in response.content.decode() or "không" in response.content.decode()
    client.force_login(cast.chair)
    assert client.get(reverse("campaigns:create")).status_code == 403


def test_bad_dates_are_refused_in_vietnamese(client, tree, cast):
    client.force_login(cast.province_staff)
    response = client.post(reverse("campaigns:create"), form_data(tree, ends_on="01/01/2024"))
    assert response.status_code == 200 and not Campaign.objects.exists()
    assert "Phong trào không thể kết thúc trước khi bắt đầu." in response.content.decode()


def test_a_launched_campaign_can_no_longer_be_edited(client, tree, cast):
    campaign = launched(launching_unit=tree.province)
    client.force_login(cast.province_staff)
    response = client.get(reverse("campaigns:edit", args=[campaign.pk]))
    assert response.status_code == 302
    response = client.post(reverse("campaigns:edit", args=[campaign.pk]), form_data(tree, name="Đổi tên"), follow=True)
    assert "không thể sửa" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.name == "Lao động giỏi, Lao động sáng tạo"


def test_a_campaign_is_managed_only_by_its_launching_units_staff(client, tree, cast):
    district = CampaignFactory(launching_unit=tree.district_a, code="PT-A")
    client.force_login(cast.province_staff)  # sees it (it is below them), does not run it
    assert client.get(district.get_absolute_url()).status_code == 200
    assert reverse("campaigns:launch", args=[district.pk]) not in page(client, district.get_absolute_url())
    for name in ("campaigns:edit", "campaigns:launch"):
        assert client.get(reverse(name, args=[district.pk])).status_code == 403
    assert client.post(reverse("campaigns:launch", args=[district.pk])).status_code == 403
    district.refresh_from_db()
    assert district.state == Campaign.State.DRAFT
    client.force_login(cast.officer)
    assert client.get(reverse("campaigns:edit", args=[district.pk])).status_code == 200


def test_launch_refuses_without_the_document_and_says_why(client, tree, cast):
    campaign = CampaignFactory(launching_unit=tree.province, document_number="", document_date=None)
    client.force_login(cast.province_staff)
    form = page(client, reverse("campaigns:launch", args=[campaign.pk]))
    assert "Hãy nhập số và ngày của văn bản phát động trước khi phát động." in form
    response = client.post(reverse("campaigns:launch", args=[campaign.pk]), follow=True)
    assert "số của văn bản" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.DRAFT and not Duty.objects.exists()


def test_the_launch_form_says_how_many_campaigns_already_run_for_the_same_units(client, tree, cast):
    launched(launching_unit=tree.province, code="PT-1", name="Xanh – Sạch – Đẹp")
    launched(launching_unit=tree.district_a, code="PT-2", name="Văn hóa công sở")
    launched(launching_unit=tree.district_b, code="PT-3", name="Phong trào của huyện khác")  # other units
    launched(launching_unit=tree.province, code="PT-4", name="Phong trào năm trước", year=2024,
             starts_on=D(2024, 1, 1), ends_on=D(2024, 12, 31), plans_due_on=D(2024, 3, 31))  # another period
    draft = CampaignFactory(launching_unit=tree.district_a, code="PT-NEW")
    client.force_login(cast.officer)
    form = page(client, reverse("campaigns:launch", args=[draft.pk]))
    assert "2 phong trào khác đang diễn ra" in form
    assert "Xanh – Sạch – Đẹp" in form and "Văn hóa công sở" in form
    assert "Phong trào của huyện khác" not in form and "Phong trào năm trước" not in form


def test_overlap_is_one_query(tree, django_assert_num_queries):
    launched(launching_unit=tree.province, code="PT-1")
    draft = CampaignFactory(launching_unit=tree.district_a, code="PT-NEW")
    draft = Campaign.objects.select_related("launching_unit").get(pk=draft.pk)
    with django_assert_num_queries(1):
        assert services.overlapping(draft).count() == 1


def test_launching_returns_at_once_and_the_worker_tells_every_owing_chair(client, tree, cast, django_capture_on_commit_callbacks):
    chair_b = grant(UserFactory(username="chutich.b1"), Role.GRASSROOTS_CHAIR, tree.school_b).user
    campaign = CampaignFactory(launching_unit=tree.province)
    client.force_login(cast.province_staff)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("campaigns:launch", args=[campaign.pk]))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.LAUNCHED and campaign.launched_at is not None
    assert [t.target for t in transitions_of(campaign)] == ["launched"]
    assert not Duty.objects.exists()  # the page did not wait for the fan-out
    for callback in callbacks:
        callback()  # the immediate task backend of the tests runs the task here
    assert Duty.objects.filter(campaign=campaign).count() == 5
    notices = Notice.objects.filter(kind="campaigns.launched")
    assert {n.recipient for n in notices} == {cast.chair, chair_b}
    assert all(n.link == campaign.get_absolute_url() for n in notices)
    assert "Lao động giỏi, Lao động sáng tạo" in notices[0].title


def test_the_fan_out_does_not_grow_with_the_units(tree, django_assert_num_queries):
    def fan_out_queries(n):
        for i in range(n):
            unit = UnitFactory(parent=tree.district_b)
            grant(UserFactory(), Role.GRASSROOTS_CHAIR, unit)
        campaign = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            sent = launch_fan_out.call(campaign.pk, None)
        return sent, len(queries)

    few_sent, few = fan_out_queries(2)
    many_sent, many = fan_out_queries(20)
    assert many_sent == few_sent + 20
    assert many == few, (few, many)


def test_close_and_reopen(client, tree, cast):
    campaign = launched(launching_unit=tree.province)
    client.force_login(cast.province_staff)
    client.post(reverse("campaigns:close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.CLOSED
    response = client.post(reverse("campaigns:close", args=[campaign.pk]), follow=True)
    assert "Hãy tải lại trang." in response.content.decode()  # a second click: told, nothing changed
    client.post(reverse("campaigns:reopen", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.state == Campaign.State.LAUNCHED
    client.force_login(cast.leadership)  # reads, does not manage
    assert client.post(reverse("campaigns:close", args=[campaign.pk])).status_code == 403


def test_the_list_filters_and_keeps_a_flat_query_count(client, tree, cast, django_assert_max_num_queries):
    launched(launching_unit=tree.province, code="PT-1", name="Phong trào tỉnh 2025")
    launched(launching_unit=tree.district_a, code="PT-2", name="Phong trào huyện 2025")
    CampaignFactory(launching_unit=tree.province, code="PT-3", name="Phong trào tỉnh 2024", year=2024)
    client.force_login(cast.province_staff)
    assert "Phong trào tỉnh 2024" not in page(client, reverse("campaigns:list"), year=2025)
    body = page(client, reverse("campaigns:list"), state="draft")
    assert "Phong trào tỉnh 2024" in body and "Phong trào huyện 2025" not in body
    body = page(client, reverse("campaigns:list"), unit=tree.district_a.pk)
    assert "Phong trào huyện 2025" in body and "Phong trào tỉnh 2025" not in body
    with django_assert_max_num_queries(12) as few:
        page(client, reverse("campaigns:list"))
    for i in range(15):
        launched(launching_unit=tree.district_a, code=f"PT-X{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page(client, reverse("campaigns:list"))


def test_the_menu_names_the_campaigns_in_vietnamese(client, cast):
    client.force_login(cast.chair)
    assert "Phong trào thi đua" in page(client, reverse("home"))


def test_whoever_sees_everything_also_sees_drafts(client, tree, cast):
    draft = CampaignFactory(launching_unit=tree.district_b, name="Phong trào nháp của huyện")
    client.force_login(cast.admin)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert "Phong trào nháp của huyện" in page(client, reverse("campaigns:list"))
