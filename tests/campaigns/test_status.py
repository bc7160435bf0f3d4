"""A campaign's status page (counts by the level below with drill-down, the late list, "remind the
late ones", the Excel export) and the coverage of a year, on the hand-built tree."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.duties import refresh_duties
from campaigns.models import Campaign, Duty
from portal.notices.models import Notice
from tests.factories import CampaignFactory, UnitFactory, UserFactory, grant
from units.access import Role

D = datetime.date


def launched(**kwargs) -> Campaign:
    campaign = CampaignFactory(state=Campaign.State.LAUNCHED, **kwargs)
    refresh_duties(campaign)
    return campaign


def record(campaign, unit, plan=True, launch=True):
    Duty.objects.filter(campaign=campaign, unit=unit).update(
        plan_number="01/KH-CĐ" if plan else "", plan_date=D(2025, 2, 1) if plan else None, launched_on=D(2025, 2, 10) if launch else None,
        launch_method="meeting" if launch else "",
    )


@pytest.fixture
def campaign(tree):
    """Due 31/03/2025 (past): school A done, hospital A a plan only, school B done, clinic B and the
    direct union nothing."""
    campaign = launched(launching_unit=tree.province)
    record(campaign, tree.school_a)
    record(campaign, tree.hospital_a, launch=False)
    record(campaign, tree.school_b)
    return campaign


def status(client, campaign, **params):
    response = client.get(reverse("campaigns:status", args=[campaign.pk]), params)
    assert response.status_code == 200
    return response


def by_unit(response) -> dict:
    return {(row.unit.code if row.unit else None): row for row in response.context["rows"]}


def test_counts_by_level_add_up_to_the_parents(client, tree, cast, campaign):
    client.force_login(cast.province_staff)
    top = status(client, campaign)
    total, rows = top.context["total"], by_unit(top)
    assert set(rows) == {"TP-DBP", "H-TG", "CDCS-TT1"}
    assert (total.owed, total.with_plan, total.with_launch, total.done, total.late) == (5, 3, 2, 2, 3)
    for name in ("owed", "with_plan", "with_launch", "done", "late"):
        assert sum(getattr(row, name) for row in rows.values()) == getattr(total, name)
    for district in (tree.district_a, tree.district_b):
        below = status(client, campaign, under=district.pk)
        row = rows[district.code]
        assert (below.context["total"].owed, below.context["total"].done, below.context["total"].late) == (row.owed, row.done, row.late)
        assert len(below.context["page"].object_list) == row.owed
        late = status(client, campaign, under=district.pk, late=1)
        assert len(late.context["page"].object_list) == row.late
    assert (rows["TP-DBP"].owed, rows["TP-DBP"].done, rows["TP-DBP"].late, rows["TP-DBP"].coverage) == (2, 1, 1, 50)
    assert rows["CDCS-TT1"].late == 1


def test_the_late_list_of_a_district_names_its_late_unions_only(client, tree, cast, campaign):
    client.force_login(cast.officer)
    response = status(client, campaign, late=1)  # the officer lands on their own district
    assert response.context["under"] == tree.district_a
    body = response.content.decode()
    assert tree.hospital_a.name in body and tree.school_a.name not in body.split('id="duty-list"')[1]
    assert tree.clinic_b.name not in body and tree.direct.name not in body


def test_nothing_is_late_before_the_due_day(client, tree, cast):
    campaign = launched(launching_unit=tree.province, plans_due_on=D(2099, 1, 1), ends_on=D(2099, 12, 31))
    client.force_login(cast.province_staff)
    response = status(client, campaign)
    assert response.context["total"].late == 0 and response.context["total"].owed == 5
    assert "Nhắc" not in response.content.decode().split("<main")[-1].split('id="totals"')[0]


def test_drill_down_outside_the_users_area_is_a_404(client, tree, cast, campaign):
    client.force_login(cast.officer)
    assert client.get(reverse("campaigns:status", args=[campaign.pk]), {"under": tree.district_b.pk}).status_code == 404
    other = UnitFactory(code="LC", parent=None)
    client.force_login(cast.admin)
    assert client.get(reverse("campaigns:status", args=[campaign.pk]), {"under": other.pk}).status_code == 404


def test_a_chair_sees_only_their_own_union_on_the_status_page(client, tree, cast, campaign):
    client.force_login(cast.chair)
    response = status(client, campaign)
    assert response.context["total"].owed == 1
    assert [d.unit for d in response.context["page"]] == [tree.school_a]
    assert client.post(reverse("campaigns:remind", args=[campaign.pk])).status_code == 403


def test_remind_the_late_ones_of_a_district(client, tree, cast, campaign):
    chair_a2 = grant(UserFactory(username="chutich.a2"), Role.GRASSROOTS_CHAIR, tree.hospital_a).user
    chair_b2 = grant(UserFactory(username="chutich.b2"), Role.GRASSROOTS_CHAIR, tree.clinic_b).user
    client.force_login(cast.officer)
    assert "Nhắc 1 đơn vị trễ hạn" in status(client, campaign).content.decode()
    response = client.post(reverse("campaigns:remind", args=[campaign.pk]), {"under": tree.district_a.pk}, follow=True)
    assert "Đã nhắc 1 đơn vị trễ hạn." in response.content.decode()
    reminded = set(Duty.objects.filter(reminded_at__isnull=False).values_list("unit__code", flat=True))
    assert reminded == {"CDCS-A2"}
    notices = Notice.objects.filter(kind="campaigns.reminder")
    assert [n.recipient for n in notices] == [chair_a2]
    assert "trễ hạn" in notices[0].title
    assert not Notice.objects.filter(recipient=chair_b2).exists()
    client.force_login(cast.leadership)  # reads, does not chase
    assert client.post(reverse("campaigns:remind", args=[campaign.pk]), {"under": tree.district_b.pk}).status_code == 403


def test_remind_reads_the_chairs_at_once(tree, cast, campaign, django_assert_max_num_queries):
    from campaigns.services import remind_late

    def queries(n):
        for _ in range(n):
            unit = UnitFactory(parent=tree.district_b)
            grant(UserFactory(), Role.GRASSROOTS_CHAIR, unit)
        refresh_duties(campaign)
        Duty.objects.update(reminded_at=None)
        staff = type(cast.province_staff).objects.get(pk=cast.province_staff.pk)  # its roles read afresh each time
        with CaptureQueriesContext(connection) as captured:
            remind_late(campaign, under=tree.province, by=staff)
        return len(captured)

    few, many = queries(2), queries(20)
    assert few == many and few <= 10, (few, many)


def test_the_export_holds_the_same_list(client, tree, cast, campaign):
    client.force_login(cast.province_staff)
    response = client.get(reverse("campaigns:status-export", args=[campaign.pk]), {"under": tree.district_a.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[2][:3] == ["Mã đơn vị", "Tên đơn vị", "Số kế hoạch"]
    assert [r[0] for r in rows[3:]] == ["CDCS-A1", "CDCS-A2"]
    assert rows[3][2:7] == ["01/KH-CĐ", "01/02/2025", "10/02/2025", "Hội nghị", "Xong"]
    assert rows[4][6] == "Trễ hạn"
    late = client.get(reverse("campaigns:status-export", args=[campaign.pk]), {"under": tree.district_a.pk, "late": 1})
    sheet = openpyxl.load_workbook(io.BytesIO(late.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)] == ["CDCS-A2"]


def test_a_unit_name_that_looks_like_a_formula_stays_text_in_the_export(client, tree, cast, campaign):
    tree.school_a.name = "=HYPERLINK(\"http://x\")"
    tree.school_a.save()
    client.force_login(cast.province_staff)
    response = client.get(reverse("campaigns:status-export", args=[campaign.pk]), {"under": tree.district_a.pk})
    cell = openpyxl.load_workbook(io.BytesIO(response.content)).active["B4"]
    assert cell.data_type == "s" and cell.value.startswith("=")


def grow(tree, n):
    for _ in range(n):
        UnitFactory(parent=tree.district_a)
        UnitFactory(parent=UnitFactory(parent=tree.province, unit_type=tree.district_b.unit_type))


@pytest.mark.parametrize("role, params", [("province_staff", {}), ("officer", {"late": "1"}), ("province_staff", {"under": "district_a"})])
def test_the_status_page_stays_within_15_queries_and_flat_as_units_grow_tenfold(client, tree, cast, role, params):
    params = {k: (getattr(tree, v).pk if k == "under" else v) for k, v in params.items()}
    client.force_login(getattr(cast, role))

    def measure():
        campaign = launched(launching_unit=tree.province)
        with CaptureQueriesContext(connection) as captured:
            status(client, campaign, **params)
        Campaign.objects.filter(pk=campaign.pk).delete()
        return len(captured)

    grow(tree, 2)
    few = measure()
    grow(tree, 20)
    many = measure()
    assert few <= 15, few
    assert many == few, (few, many)


def test_coverage_by_district_across_every_campaign_of_the_year(client, tree, cast, campaign):
    other = launched(launching_unit=tree.district_a, code="PT-A")
    record(other, tree.hospital_a)
    launched(launching_unit=tree.province, code="PT-2024", year=2024, starts_on=D(2024, 1, 1), ends_on=D(2024, 12, 31), plans_due_on=D(2024, 3, 31))
    client.force_login(cast.province_staff)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("campaigns:coverage"), {"year": 2025})
    assert response.status_code == 200
    rows = {row.unit.code: (row.owed, row.done, row.coverage) for row in response.context["rows"]}
    assert rows == {"TP-DBP": (4, 2, 50), "H-TG": (2, 1, 50), "CDCS-TT1": (1, 0, 0)}
    assert len(captured) <= 12
    by_campaign = {row["campaign__code"]: (row["owed"], row["done"]) for row in response.context["by_campaign"]}
    assert by_campaign == {campaign.code: (5, 2), "PT-A": (2, 1)}
    drill = client.get(reverse("campaigns:coverage"), {"year": 2025, "under": tree.district_a.pk})
    assert {row.unit.code: row.owed for row in drill.context["rows"]} == {"CDCS-A1": 2, "CDCS-A2": 2}
    client.force_login(cast.officer)  # their own district's unions, not the province's districts
    response = client.get(reverse("campaigns:coverage"), {"year": 2025})
    assert {row.unit.code for row in response.context["rows"]} == {"CDCS-A1", "CDCS-A2"}
    assert client.get(reverse("campaigns:coverage"), {"under": tree.district_b.pk}).status_code == 404


def test_the_home_page_lists_campaigns_with_late_units_for_officers(client, tree, cast, campaign):
    client.force_login(cast.officer)
    body = client.get(reverse("home")).content.decode()
    assert "Phong trào có đơn vị trễ hạn trong phạm vi của tôi" in body
    assert "Lao động giỏi, Lao động sáng tạo (2025)" in body and "1 đơn vị trễ hạn" in body
    client.force_login(cast.chair)
    assert "Phong trào có đơn vị trễ hạn" not in client.get(reverse("home")).content.decode()


def test_a_district_campaign_is_seen_by_the_province_but_run_by_the_district(client, tree, cast):
    district = launched(launching_unit=tree.district_a, code="PT-A")
    client.force_login(cast.province_staff)
    assert client.get(district.get_absolute_url()).status_code == 200
    assert client.post(reverse("campaigns:close", args=[district.pk])).status_code == 403
    client.force_login(cast.officer)
    assert client.post(reverse("campaigns:close", args=[district.pk])).status_code == 302
    district.refresh_from_db()
    assert district.state == Campaign.State.CLOSED


def test_the_home_block_is_one_query_then_cached(rf, tree, cast, campaign, django_assert_num_queries):
    from campaigns.menu import _late_campaigns

    request = rf.get("/")
    request.user = type(cast.province_staff).objects.get(pk=cast.province_staff.pk)
    with django_assert_num_queries(2):  # the user's roles, the grouped late duties
        data = _late_campaigns(request)
    assert [(row["campaign__name"], row["late"]) for row in data["late_campaigns"]] == [(campaign.name, 3)]
    with django_assert_num_queries(0):
        _late_campaigns(request)


def test_a_long_level_below_keeps_its_most_late_rows_and_says_how_many_it_left_out(client, tree, cast, campaign, settings):
    from campaigns.views import campaigns as views

    client.force_login(cast.province_staff)
    settings.DEBUG = False
    original, views.LEVEL_ROWS = views.LEVEL_ROWS, 2
    try:
        response = status(client, campaign)
    finally:
        views.LEVEL_ROWS = original
    rows = by_unit(response)
    # Of the three rows (TP-DBP 1 late, H-TG 1 late, CDCS-TT1 1 late), two stay; the totals still count all.
    assert len(rows) == 2 and response.context["rows_hidden"] == 1
    assert response.context["total"].owed == 5
    assert "Còn 1 đơn vị cấp dưới không hiện ở bảng này" in response.content.decode()
