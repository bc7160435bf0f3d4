"""Registrations to emulate (đăng ký thi đua): a union registers its collective title and its members'
titles for a campaign and year; pages, rules, the member search, the list and its Excel export."""

import datetime
import importlib
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from campaigns import registrations as services
from campaigns.duties import refresh_duties
from campaigns.models import Campaign, Registration, RegistrationEntry, Title
from tests.factories import CampaignFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def load_titles():
    """The titles the migrations load: browser tests end with a flush that empties them, and the
    next test in the same worker needs them back."""
    for order, (code, name, collective) in enumerate(importlib.import_module("campaigns.migrations.0002_titles").TITLES, start=1):
        Title.objects.update_or_create(code=code, defaults={"name": name, "for_collective": collective, "order": order})


@pytest.fixture(autouse=True)
def _titles(db):
    load_titles()


def title(code) -> Title:
    return Title.objects.get(code=code)


@pytest.fixture
def campaign(tree):
    """The province's 2025 campaign for its grassroots unions, launched: each of them owes it."""
    launched = CampaignFactory(launching_unit=tree.province, state=Campaign.State.LAUNCHED)
    refresh_duties(launched)
    return launched


@pytest.fixture
def members(tree):
    return {
        "hoa": PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa"),
        "thiet": PersonFactory(unit=tree.school_a, full_name="Quàng Văn Thiết"),
        "left": PersonFactory(unit=tree.school_a, full_name="Lò Thị Hương", left_on=datetime.date(2025, 3, 1), left_reason="retired"),
        "neighbour": PersonFactory(unit=tree.hospital_a, full_name="Lò Thị Hạnh"),
    }


def register(campaign, unit, by, **kwargs):
    values = {"year": 2025, "collective_title": title("tap-the-lao-dong-xuat-sac"), **kwargs}
    return services.registration_create(campaign=campaign, unit=unit, by=by, **values)


# The services and their rules


def test_a_chair_registers_their_union_with_its_members(tree, cast, campaign, members):
    registration = register(campaign, tree.school_a, cast.chair, entries=[(members["hoa"], title("chien-si-thi-dua-co-so"))])
    assert registration.recorded_by == cast.chair
    assert [(e.person.full_name, e.title.code) for e in registration.entries.all()] == [("Lò Thị Hoa", "chien-si-thi-dua-co-so")]


def test_an_officer_above_may_register_a_union_below_but_not_the_neighbour_district(tree, cast, campaign):
    assert register(campaign, tree.hospital_a, cast.officer).unit == tree.hospital_a
    with pytest.raises(PermissionDenied):
        register(campaign, tree.school_b, cast.officer)


def test_a_chair_may_not_register_the_neighbour_union_and_leadership_only_reads(tree, cast, campaign):
    with pytest.raises(PermissionDenied):
        register(campaign, tree.hospital_a, cast.chair)
    with pytest.raises(PermissionDenied):
        register(campaign, tree.school_a, cast.leadership)
    assert not Registration.objects.exists()


def test_one_registration_per_campaign_unit_and_year(tree, cast, campaign):
    register(campaign, tree.school_a, cast.chair)
    with pytest.raises(ValidationError) as refused:
        register(campaign, tree.school_a, cast.officer)
    assert "đã đăng ký thi đua phong trào này cho năm 2025" in str(refused.value.message_dict["year"])
    assert Registration.objects.count() == 1


def test_a_unit_the_campaign_does_not_apply_to_cannot_register(tree, cast, campaign):
    with pytest.raises(ValidationError) as refused:
        register(campaign, tree.district_a, cast.province_staff)  # a district: the campaign is for grassroots unions
    assert refused.value.message_dict["unit"] == ["Phong trào này không áp dụng cho LĐLĐ thành phố Điện Biên Phủ."]


def test_the_year_must_lie_in_the_campaign_and_titles_fit_who_aims_for_them(tree, cast, campaign, members):
    with pytest.raises(ValidationError, match="từ năm 2025 đến năm 2025"):
        register(campaign, tree.school_a, cast.chair, year=2026)
    with pytest.raises(ValidationError, match="danh hiệu cá nhân"):
        register(campaign, tree.school_a, cast.chair, collective_title=title("lao-dong-tien-tien"))
    with pytest.raises(ValidationError, match="danh hiệu tập thể, không phải"):
        register(campaign, tree.school_a, cast.chair, entries=[(members["hoa"], title("co-thi-dua-tld"))])
    assert not Registration.objects.exists()


def test_only_current_members_of_the_union_itself_can_be_registered(tree, cast, campaign, members):
    for outsider in (members["left"], members["neighbour"]):
        with pytest.raises(ValidationError, match="không phải đoàn viên hiện tại"):
            register(campaign, tree.school_a, cast.chair, entries=[(outsider, title("lao-dong-tien-tien"))])
    assert not Registration.objects.exists()


def test_a_draft_or_closed_campaign_takes_no_registration(tree, cast, campaign):
    campaign.state = Campaign.State.CLOSED
    campaign.save()
    with pytest.raises(PermissionDenied):
        register(campaign, tree.school_a, cast.chair)


def test_editing_adds_and_removes_members(tree, cast, campaign, members):
    registration = register(campaign, tree.school_a, cast.chair, entries=[(members["hoa"], title("lao-dong-tien-tien"))])
    services.registration_update(
        registration=registration, collective_title=None, note="Bổ sung", add=[(members["thiet"], title("chien-si-thi-dua-co-so"))],
        remove=[members["hoa"].pk], by=cast.chair,
    )
    registration.refresh_from_db()
    assert registration.collective_title is None and registration.note == "Bổ sung"
    assert list(registration.entries.values_list("person__full_name", "title__code")) == [("Quàng Văn Thiết", "chien-si-thi-dua-co-so")]


# The pages


def test_the_chair_registers_from_the_form_then_adds_members_found_without_accents(client, tree, cast, campaign, members):
    client.force_login(cast.chair)
    form = client.get(reverse("campaigns:registration-create", args=[campaign.pk]))
    assert 'value="CDCS-A1"' in form.content.decode()  # the chair's only union, filled in
    response = client.post(
        reverse("campaigns:registration-create", args=[campaign.pk]),
        {"unit": "CDCS-A1", "year": "2025", "collective_title": title("tap-the-lao-dong-xuat-sac").pk, "note": ""},
    )
    registration = Registration.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:registration-edit", args=[registration.pk])

    edit = reverse("campaigns:registration-edit", args=[registration.pk])
    found = client.get(edit, {"q": "lo thi"}, headers={"HX-Request": "true"}).content.decode()
    assert "Lò Thị Hoa" in found  # "lo thi" finds "Lò Thị"
    assert "Quàng Văn Thiết" not in found
    assert "Lò Thị Hương" not in found  # left the union
    assert "Lò Thị Hạnh" not in found  # another union's member
    assert "<html" not in found  # htmx gets the results alone

    ticked = client.get(edit, {"q": "thiet", "add": [members["hoa"].pk, "99999999999999999999"]}, headers={"HX-Request": "true"}).content.decode()
    assert "Quàng Văn Thiết" in ticked and f'value="{members["hoa"].pk}" id="add-{members["hoa"].pk}" form="registration-form" checked' in ticked

    response = client.post(edit, {"collective_title": title("tap-the-lao-dong-xuat-sac").pk, "add": [members["hoa"].pk],
                                  "add_title": title("chien-si-thi-dua-co-so").pk})
    assert response.status_code == 302
    page = client.get(registration.get_absolute_url()).content.decode()
    assert "Lò Thị Hoa" in page and "Chiến sĩ thi đua cơ sở" in page and "Tập thể lao động xuất sắc" in page
    # Registered members are no longer offered.
    assert "Lò Thị Hoa" not in client.get(edit, {"q": "hoa"}, headers={"HX-Request": "true"}).content.decode()


def test_adding_another_unions_member_by_hand_is_refused_in_vietnamese(client, tree, cast, campaign, members):
    registration = register(campaign, tree.school_a, cast.chair)
    client.force_login(cast.chair)
    response = client.post(reverse("campaigns:registration-edit", args=[registration.pk]), {
        "collective_title": "", "add": [members["neighbour"].pk], "add_title": title("lao-dong-tien-tien").pk,
    })
    assert response.status_code == 200
    assert "không phải đoàn viên hiện tại của công đoàn này" in response.content.decode()
    assert not RegistrationEntry.objects.exists()


def test_adding_members_without_a_title_asks_for_it(client, tree, cast, campaign, members):
    registration = register(campaign, tree.school_a, cast.chair)
    client.force_login(cast.chair)
    response = client.post(reverse("campaigns:registration-edit", args=[registration.pk]), {"add": [members["hoa"].pk]})
    assert "Hãy chọn danh hiệu mà những người được thêm vào đăng ký." in response.content.decode()
    assert not RegistrationEntry.objects.exists()


def test_a_second_registration_from_the_form_says_so_and_writes_nothing(client, tree, cast, campaign):
    register(campaign, tree.school_a, cast.chair)
    client.force_login(cast.officer)
    response = client.post(reverse("campaigns:registration-create", args=[campaign.pk]), {"unit": "CDCS-A1", "year": "2025"})
    assert response.status_code == 200
    assert "đã đăng ký thi đua phong trào này cho năm 2025: hãy sửa bản đăng ký đó." in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_unit_outside_the_area_is_unknown_in_the_form(client, tree, cast, campaign):
    client.force_login(cast.officer)
    response = client.post(reverse("campaigns:registration-create", args=[campaign.pk]), {"unit": "CDCS-B1", "year": "2025"})
    assert "Không có đơn vị mã CDCS-B1 trong phạm vi quản lý của bạn." in response.content.decode()
    assert not Registration.objects.exists()


def test_leadership_reads_but_gets_no_form(client, tree, cast, campaign):
    register(campaign, tree.school_a, cast.chair)
    client.force_login(cast.leadership)
    page = client.get(reverse("campaigns:registrations", args=[campaign.pk])).content.decode()
    assert "Công đoàn Trường THPT Phan Đình Giót" in page
    assert reverse("campaigns:registration-create", args=[campaign.pk]) not in page
    assert client.get(reverse("campaigns:registration-create", args=[campaign.pk])).status_code == 403


def test_the_list_shows_the_users_area_and_filters_by_unit_and_title(client, tree, cast, campaign, members):
    register(campaign, tree.school_a, cast.chair, entries=[(members["hoa"], title("chien-si-thi-dua-co-so"))])
    register(campaign, tree.hospital_a, cast.officer, collective_title=title("tap-the-lao-dong-tien-tien"))
    register(campaign, tree.school_b, cast.province_staff)
    url = reverse("campaigns:registrations", args=[campaign.pk])
    client.force_login(cast.officer)
    page = client.get(url).content.decode()
    assert "Phan Đình Giót" in page and "Bệnh viện Đa khoa tỉnh" in page
    assert "PTDTNT Tuần Giáo" not in page  # the other district
    assert "2 bản đăng ký" in page
    by_title = client.get(url, {"title": title("chien-si-thi-dua-co-so").pk}).content.decode()  # a member's title
    assert "Phan Đình Giót" in by_title and "Bệnh viện Đa khoa tỉnh" not in by_title
    by_unit = client.get(url, {"unit": "cdcs-a2"}).content.decode()
    assert "Bệnh viện Đa khoa tỉnh" in by_unit and "Phan Đình Giót" not in by_unit
    assert "0 bản đăng ký" in client.get(url, {"unit": "CDCS-B1"}).content.decode()  # outside the area: nothing


@pytest.mark.parametrize("filtered", [False, True])
def test_the_list_keeps_a_flat_number_of_queries(client, tree, cast, campaign, django_assert_max_num_queries, filtered):
    def grow(n):
        for _ in range(n):
            unit = UnitFactory(parent=tree.district_a)
            refresh_duties(campaign)
            registration = register(campaign, unit, cast.officer)
            for person in PersonFactory.create_batch(2, unit=unit):
                RegistrationEntry.objects.create(registration=registration, person=person, title=title("lao-dong-tien-tien"))

    client.force_login(cast.officer)
    url = reverse("campaigns:registrations", args=[campaign.pk])
    params = {"title": title("lao-dong-tien-tien").pk, "unit": "TP-DBP"} if filtered else {}
    grow(2)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url, params).status_code == 200
    grow(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "22 bản đăng ký" in client.get(url, params).content.decode()


def test_the_export_has_a_row_per_collective_title_and_per_member(client, tree, cast, campaign, members):
    sneaky = PersonFactory(unit=tree.school_a, full_name="=HYPERLINK(\"http://x\")")
    register(campaign, tree.school_a, cast.chair, note="Cam kết",
             entries=[(members["hoa"], title("chien-si-thi-dua-co-so")), (sneaky, title("lao-dong-tien-tien"))])
    register(campaign, tree.hospital_a, cast.officer, collective_title=None,
             entries=[(members["neighbour"], title("lao-dong-tien-tien"))])
    register(campaign, tree.school_b, cast.province_staff)  # outside the officer's area
    client.force_login(cast.officer)
    response = client.get(reverse("campaigns:registrations-export", args=[campaign.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Mã đơn vị", "Đơn vị", "Năm", "Đăng ký theo", "Họ và tên", "Danh hiệu đăng ký", "Ngày đăng ký", "Ghi chú"]
    body = [row[:6] for row in rows[1:]]
    assert body == [
        ["CDCS-A1", "Công đoàn Trường THPT Phan Đình Giót", 2025, "Tập thể", None, "Tập thể lao động xuất sắc"],
        ["CDCS-A1", "Công đoàn Trường THPT Phan Đình Giót", 2025, "Đoàn viên", "=HYPERLINK(\"http://x\")", "Lao động tiên tiến"],
        ["CDCS-A1", "Công đoàn Trường THPT Phan Đình Giót", 2025, "Đoàn viên", "Lò Thị Hoa", "Chiến sĩ thi đua cơ sở"],
        ["CDCS-A2", "Công đoàn Bệnh viện Đa khoa tỉnh", 2025, "Đoàn viên", "Lò Thị Hạnh", "Lao động tiên tiến"],
    ]
    assert rows[1][7] == "Cam kết" and isinstance(rows[1][6], datetime.datetime)
    assert sheet.cell(row=3, column=5).data_type == "s"  # text, never a formula
    # The list's filters apply to the file too.
    filtered = client.get(reverse("campaigns:registrations-export", args=[campaign.pk]), {"unit": "CDCS-A2"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(filtered.streaming_content))).active
    assert [row[4].value for row in sheet.iter_rows(min_row=2)] == ["Lò Thị Hạnh"]


def test_the_campaign_pages_section_counts_in_one_or_two_queries(tree, cast, campaign, members, django_assert_max_num_queries):
    register(campaign, tree.school_a, cast.chair, entries=[(members["hoa"], title("lao-dong-tien-tien")), (members["thiet"], title("lao-dong-tien-tien"))])
    register(campaign, tree.school_b, cast.province_staff, entries=[])
    request = RequestFactory().get("/")
    request.user = cast.officer
    cast.officer.role_assignments.count()
    with django_assert_max_num_queries(2):  # the user's roles, the counts
        html = render_to_string("campaigns/detail/_registrations.html", {"campaign": campaign, "request": request})
    assert "1 đơn vị đã đăng ký" in html and "2 đoàn viên" in html  # the officer's district only
    assert reverse("campaigns:registrations", args=[campaign.pk]) in html
    assert reverse("campaigns:registration-create", args=[campaign.pk]) in html
    request.user = cast.leadership
    html = render_to_string("campaigns/detail/_registrations.html", {"campaign": campaign, "request": request})
    assert "2 đơn vị đã đăng ký, 2 đoàn viên" in html
    assert reverse("campaigns:registration-create", args=[campaign.pk]) not in html
