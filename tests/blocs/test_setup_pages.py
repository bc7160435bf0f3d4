"""The set-up pages of blocs: what each user sees in the list, creating and editing a bloc, its
members (one bloc a year), rating bands, the scoring sheet's editor (the sum rule's message with the
input kept), copying last year's sheet, opening scoring and going back, and flat query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from blocs import services, sheets
from blocs.models import Bloc, BlocMember, RatingBand
from tests.blocs.conftest import SHEET
from tests.factories import UnitFactory


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def sheet_post(lines, extra_blank=1) -> dict:
    rows = [*lines, *[("", "", "item", "")] * extra_blank]
    data = {"lines-TOTAL_FORMS": len(rows), "lines-INITIAL_FORMS": 0, "lines-MIN_NUM_FORMS": 0, "lines-MAX_NUM_FORMS": 200}
    for index, (code, name, kind, points) in enumerate(rows):
        data.update({f"lines-{index}-code": code, f"lines-{index}-name": name, f"lines-{index}-kind": kind, f"lines-{index}-max_points": points})
    return data


SHEET_ROWS = [(line.code, line.name, line.kind, str(line.max_points)) for line in SHEET]


def test_the_list_shows_the_blocs_a_user_reaches_for_the_latest_year(client, blocs, cast, tree):
    services.bloc_create(by=cast.province_staff, organiser=tree.province, year=2024, name="Khối năm trước")
    client.force_login(cast.province_staff)
    listed = page(client, reverse("blocs:list"))
    assert blocs.districts.name in listed and blocs.direct.name in listed and "Khối năm trước" not in listed
    assert "Khối thi đua mới" in listed or reverse("blocs:create") in listed
    assert "Khối năm trước" in page(client, reverse("blocs:list"), year=2024)
    assert blocs.direct.name not in page(client, reverse("blocs:list"), q="huyện")
    # District A's officer sees the bloc it sits in, not the other one, and may not create one at the province.
    client.force_login(cast.officer)
    listed = page(client, reverse("blocs:list"))
    assert blocs.districts.name in listed and blocs.direct.name not in listed
    client.force_login(cast.chair)  # school A sits in no bloc
    listed = page(client, reverse("blocs:list"))
    assert blocs.districts.name not in listed and reverse("blocs:create") not in listed
    assert client.get(blocs.districts.get_absolute_url()).status_code == 404


def test_province_staff_create_a_bloc_then_name_its_leader_and_deputy(client, blocs, cast, tree):
    client.force_login(cast.province_staff)
    response = client.post(reverse("blocs:create"), {
        "name": "Khối doanh nghiệp", "year": 2025, "organiser": tree.province.pk, "note": "Ghi chú",
        "pledge_signed_on": "15/03/2025", "self_scoring_due_on": "30/11/2025",
    })
    bloc = Bloc.objects.get(name="Khối doanh nghiệp")
    assert response.status_code == 302 and response["Location"] == reverse("blocs:members", args=[bloc.pk])
    assert bloc.pledge_signed_on == datetime.date(2025, 3, 15) and bloc.bands.count() == 3
    again = client.post(reverse("blocs:create"), {"name": "Khối doanh nghiệp", "year": 2025, "organiser": tree.province.pk})
    assert again.status_code == 200 and "Đã có Khối thi đua khác với Đơn vị tổ chức, Năm và Tên này" in again.content.decode()

    edit = reverse("blocs:edit", args=[blocs.districts.pk])
    form = page(client, edit)
    assert tree.district_a.name in form and "Giao ước" in form  # the members to choose from; the pledge's file slot
    response = client.post(edit, {"name": blocs.districts.name, "leader": blocs.member_a.pk, "deputy": blocs.member_a.pk})
    assert response.status_code == 200 and "Phó khối không thể đồng thời là trưởng khối." in response.content.decode()
    response = client.post(edit, {"name": blocs.districts.name, "leader": blocs.member_a.pk, "deputy": blocs.member_b.pk,
                                  "self_scoring_due_on": "30/11/2025"})
    assert response.status_code == 302
    detail = page(client, blocs.districts.get_absolute_url())
    assert tree.district_a.name in detail and "Trưởng khối" in detail


def test_a_member_cannot_edit_the_bloc(client, blocs, cast):
    client.force_login(cast.officer)
    assert client.get(blocs.districts.get_absolute_url()).status_code == 200
    assert client.get(reverse("blocs:bands", args=[blocs.districts.pk])).status_code == 403
    assert 'id="member-add"' not in page(client, reverse("blocs:members", args=[blocs.districts.pk]))  # the list, no form
    assert client.get(reverse("blocs:edit", args=[blocs.districts.pk])).status_code == 403
    assert client.post(reverse("blocs:open", args=[blocs.districts.pk])).status_code == 403
    assert client.post(reverse("blocs:sheet", args=[blocs.districts.pk]), sheet_post(SHEET_ROWS)).status_code == 403


def test_the_detail_links_only_the_score_sheets_the_user_may_see(client, blocs, cast, tree):
    client.force_login(cast.officer)
    detail = page(client, blocs.districts.get_absolute_url())
    assert reverse("blocs:scores", args=[blocs.districts.pk, blocs.member_a.pk]) in detail
    assert reverse("blocs:scores", args=[blocs.districts.pk, blocs.member_b.pk]) not in detail
    assert tree.district_b.name in detail  # listed, not linked
    assert reverse("blocs:ranking", args=[blocs.districts.pk]) in detail and reverse("blocs:open", args=[blocs.districts.pk]) not in detail
    client.force_login(cast.province_staff)
    detail = page(client, blocs.districts.get_absolute_url())
    assert reverse("blocs:scores", args=[blocs.districts.pk, blocs.member_b.pk]) in detail
    assert "100" in detail and reverse("blocs:open", args=[blocs.districts.pk]) in detail


def test_sheet_editor_shows_the_sum_rule_message_and_keeps_the_input(client, blocs, cast):
    client.force_login(cast.province_staff)
    url = reverse("blocs:sheet", args=[blocs.districts.pk])
    rows = [row if row[0] != "1.2" else ("1.2", "Đăng ký thi đua, ký giao ước (sửa)", "item", "18.5") for row in SHEET_ROWS]
    response = client.post(url, sheet_post(rows))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nhóm 1" in html and "thiếu 1,5 điểm" in html  # the group and the gap, above the table
    assert 'value="Đăng ký thi đua, ký giao ước (sửa)"' in html and 'value="18.5"' in html  # what was typed stays
    assert sheets.lines_of(blocs.districts)[2].name == "Đăng ký thi đua, ký giao ước"  # nothing written
    rows = [*rows, ("1.3", "Tiêu chí mới", "item", "1.5")]
    response = client.post(url, sheet_post(rows, extra_blank=2))
    assert response.status_code == 302
    codes = [line.code for line in sheets.lines_of(blocs.districts)]
    assert "1.3" in codes and "" not in codes and len(codes) == len(SHEET) + 1  # blank rows ignored


def test_a_row_can_be_removed_and_a_half_filled_row_is_named(client, blocs, cast):
    client.force_login(cast.province_staff)
    url = reverse("blocs:sheet", args=[blocs.districts.pk])
    data = sheet_post([*SHEET_ROWS, ("T2", "Thưởng thêm", "bonus", "2")])
    data["lines-8-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert "T2" not in [line.code for line in sheets.lines_of(blocs.districts)]
    response = client.post(url, sheet_post([*SHEET_ROWS, ("T3", "", "bonus", "")]))
    assert response.status_code == 200 and "T3" in response.content.decode()


def test_copy_last_years_sheet_lands_on_the_editor(client, blocs, cast, tree):
    new = services.bloc_create(by=cast.province_staff, organiser=tree.province, year=2026, name="Khối các LĐLĐ huyện 2026")
    client.force_login(cast.province_staff)
    editor = page(client, reverse("blocs:sheet", args=[new.pk]))
    assert blocs.districts.name in editor  # offered as a source
    response = client.post(reverse("blocs:sheet-copy", args=[new.pk]), {"source": blocs.districts.pk})
    assert response.status_code == 302 and response["Location"].endswith(reverse("blocs:sheet", args=[new.pk]) + "#sheet-editor")
    new.refresh_from_db()
    assert new.sheet_copied_from == blocs.districts and len(sheets.lines_of(new)) == len(SHEET)
    editor = client.get(response["Location"].split("#")[0]).content.decode()
    assert 'value="Phát triển đoàn viên"' in editor and f"Đã sao chép bảng điểm của {blocs.districts}" in editor


def test_a_unit_already_in_a_bloc_this_year_is_refused_naming_that_bloc(client, blocs, cast, tree):
    client.force_login(cast.province_staff)
    url = reverse("blocs:members", args=[blocs.direct.pk])
    response = client.post(url, {"unit": tree.district_a.code})
    html = response.content.decode()
    assert response.status_code == 200 and f"đã thuộc khối “{blocs.districts.name}” năm 2025" in html
    assert not blocs.direct.members.filter(unit=tree.district_a).exists()
    response = client.post(url, {"unit": tree.hospital_a.code})
    assert response.status_code == 302 and blocs.direct.members.filter(unit=tree.hospital_a).exists()
    member = blocs.direct.members.get(unit=tree.hospital_a)
    assert client.post(reverse("blocs:member-remove", args=[blocs.direct.pk, member.pk])).status_code == 302
    assert not BlocMember.objects.filter(pk=member.pk).exists()
    # a member of another bloc is not found under this one
    assert client.post(reverse("blocs:member-remove", args=[blocs.direct.pk, blocs.member_a.pk])).status_code == 404


def test_rating_bands_are_saved_and_two_equal_thresholds_refused(client, blocs, cast):
    client.force_login(cast.province_staff)
    url = reverse("blocs:bands", args=[blocs.districts.pk])
    assert "Xuất sắc" in page(client, url)

    def post(rows):
        data = {"bands-TOTAL_FORMS": len(rows), "bands-INITIAL_FORMS": 0, "bands-MIN_NUM_FORMS": 0, "bands-MAX_NUM_FORMS": 20}
        for index, (label, total) in enumerate(rows):
            data.update({f"bands-{index}-label": label, f"bands-{index}-min_total": total})
        return client.post(url, data)

    response = post([("Xuất sắc", "90"), ("Tốt", "90"), ("", "")])
    assert response.status_code == 200 and "Hai mức xếp loại có cùng điểm bắt đầu." in response.content.decode()
    assert RatingBand.objects.filter(bloc=blocs.districts, min_total=95).exists()
    assert post([("Xuất sắc", "90"), ("Tốt", "80"), ("Khá", "0"), ("", "")]).status_code == 302
    assert sorted(RatingBand.objects.filter(bloc=blocs.districts).values_list("min_total", flat=True)) == [0, 80, 90]


def test_open_scoring_then_back_to_setup_and_refusals_as_messages(client, blocs, cast, tree):
    client.force_login(cast.province_staff)
    empty = services.bloc_create(by=cast.province_staff, organiser=tree.province, year=2025, name="Khối trống")
    response = client.post(reverse("blocs:open", args=[empty.pk]), follow=True)
    assert "Khối chưa có thành viên" in response.content.decode()
    response = client.post(reverse("blocs:open", args=[blocs.districts.pk]), follow=True)
    blocs.districts.refresh_from_db()
    assert blocs.districts.state == Bloc.State.SCORING
    html = response.content.decode()
    assert reverse("blocs:setup-reopen", args=[blocs.districts.pk]) in html and "Đang chấm điểm" in html and "Đã mở chấm điểm" in html
    assert 'id="sheet-editor"' not in page(client, reverse("blocs:sheet", args=[blocs.districts.pk]))  # frozen: a table
    assert client.post(reverse("blocs:setup-reopen", args=[blocs.districts.pk])).status_code == 302
    blocs.districts.refresh_from_db()
    assert blocs.districts.state == Bloc.State.SETUP
    history = page(client, blocs.districts.get_absolute_url())
    assert history.count("→") >= 2


def _grow(tree, cast, n, start):
    """n more blocs of three members each, under district A (so that its officer sees them too)."""
    staff = cast.province_staff
    for index in range(start, start + n):
        bloc = services.bloc_create(by=staff, organiser=tree.province, year=2025, name=f"Khối số {index}")
        for _ in range(3):
            services.member_add(bloc=bloc, unit=UnitFactory(parent=tree.district_a), by=staff)
        services.bloc_update(bloc=bloc, by=staff, leader=bloc.members.first())


@pytest.mark.parametrize("role", ["province_staff", "officer"])
def test_list_queries_stay_flat_as_blocs_grow(client, blocs, cast, tree, role):
    client.force_login(getattr(cast, role))
    client.get(reverse("blocs:list"))  # the session and the menu's cached reads
    counts = []
    for start, n in ((0, 2), (2, 8)):
        _grow(tree, cast, n, start)
        with CaptureQueriesContext(connection) as run:
            listed = client.get(reverse("blocs:list")).content.decode()
        assert f"Khối số {start + n - 1}" in listed
        counts.append(len(run))
    assert counts[0] == counts[1]


def test_detail_queries_stay_flat_as_members_grow(client, blocs, cast, tree):
    client.force_login(cast.province_staff)
    url = blocs.direct.get_absolute_url()
    client.get(url)
    counts = []
    for n in (2, 10):
        for _ in range(n):
            services.member_add(bloc=blocs.direct, unit=UnitFactory(parent=tree.district_b), by=cast.province_staff)
        with CaptureQueriesContext(connection) as run:
            assert client.get(url).status_code == 200
        counts.append(len(run))
    assert counts[0] == counts[1]
