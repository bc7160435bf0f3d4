"""Changing the tree from the web: create, edit, move, merge, dissolve and yearly counts."""

import datetime

from django.urls import reverse

from units.accounts import system_account
from tests.factories import PersonFactory, UserFactory, unit_type
from units import services
from units.models import Unit, UnitYearStats


def test_an_officer_creates_a_grassroots_union_in_their_district(client, tree, cast):
    client.force_login(cast.officer)
    response = client.post(
        reverse("units:create") + f"?parent={tree.district_a.pk}",
        {"code": "CDCS-A9", "name": "Công đoàn Trường Mầm non Hoa Ban", "unit_type": unit_type("cdcs").pk,
         "sector": "public_service", "active_from": "05/09/2026"},
    )
    unit = Unit.objects.get(code="CDCS-A9")
    assert response["Location"] == unit.get_absolute_url()
    assert unit.parent == tree.district_a and unit.path.startswith(tree.district_a.path)
    assert unit.active_from == datetime.date(2026, 9, 5)
    assert services.placement_on(unit, datetime.date(2026, 9, 5)).parent == tree.district_a


def test_an_officer_cannot_create_units_in_another_district(client, tree, cast):
    client.force_login(cast.officer)
    assert client.get(reverse("units:create") + f"?parent={tree.district_b.pk}").status_code == 404


def test_a_duplicate_code_is_refused(client, tree, cast):
    client.force_login(cast.province_staff)
    response = client.post(
        reverse("units:create") + f"?parent={tree.district_a.pk}",
        {"code": "CDCS-A1", "name": "Trùng mã", "unit_type": unit_type("cdcs").pk, "sector": "other"},
    )
    assert "code" in response.context["form"].errors
    assert Unit.objects.filter(code="CDCS-A1").count() == 1


def test_moving_from_the_web_is_dated(client, tree, cast):
    client.force_login(cast.province_staff)
    response = client.post(
        reverse("units:move", args=[tree.school_b.pk]),
        {"new_parent": tree.district_a.code.lower(), "effective_on": "01/07/2026", "note": "Quyết định 20/QĐ-LĐLĐ"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=tree.school_b.pk).parent == tree.district_a
    assert services.placement_on(tree.school_b, datetime.date(2026, 6, 30)).parent == tree.district_b


def test_a_refused_move_shows_why_and_changes_nothing(client, tree, cast):
    client.force_login(cast.province_staff)
    response = client.post(
        reverse("units:move", args=[tree.district_a.pk]),
        {"new_parent": tree.district_b.code, "effective_on": "01/01/2010"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Unit.objects.get(pk=tree.district_a.pk).parent == tree.province


def test_a_move_target_is_typed_by_code_and_suggested_among_upper_level_unions(client, tree, cast):
    client.force_login(cast.officer)
    page = client.get(reverse("units:move", args=[tree.school_a.pk])).content.decode()
    assert "/units/suggest/?parents=1" in page and 'name="new_parent"' in page and "<option" not in page.split("<main")[1].split("</main>")[0]
    suggested = client.get(reverse("units:suggest"), {"parents": "1", "field": "new_parent", "new_parent": "cong doan"})
    assert list(suggested.context["units"]) == []  # only CĐCS match, and they cannot receive units
    # A grassroots union, or a union outside the officer's district, reads as unknown.
    for code in [tree.hospital_a.code, tree.district_b.code]:
        response = client.post(reverse("units:move", args=[tree.school_a.pk]), {"new_parent": code, "effective_on": "01/07/2026"})
        assert "new_parent" in response.context["form"].errors
    same = client.post(reverse("units:move", args=[tree.school_a.pk]), {"new_parent": tree.district_a.code, "effective_on": "01/07/2026"})
    assert "đã trực thuộc" in same.content.decode()
    assert Unit.objects.get(pk=tree.school_a.pk).parent == tree.district_a


def test_merging_from_the_web_by_code(client, tree, cast):
    PersonFactory(unit=tree.clinic_b, full_name="Lường Văn Tâm")
    client.force_login(cast.province_staff)
    response = client.post(
        reverse("units:merge", args=[tree.clinic_b.pk]), {"into": "cdcs-b1", "effective_on": "01/01/2026"}
    )
    assert response.status_code == 302
    merged = Unit.objects.get(pk=tree.clinic_b.pk)
    assert merged.successor == tree.school_b and merged.active_until == datetime.date(2026, 1, 1)
    assert tree.school_b.people.filter(full_name="Lường Văn Tâm").exists()
    page = client.get(merged.get_absolute_url()).content.decode()
    assert tree.school_b.name in page


def test_merging_into_a_unit_out_of_reach_reads_as_unknown(client, tree, cast):
    client.force_login(cast.officer)
    response = client.post(reverse("units:merge", args=[tree.school_a.pk]), {"into": "CDCS-B1", "effective_on": "01/01/2026"})
    assert "into" in response.context["form"].errors
    assert Unit.objects.get(pk=tree.school_a.pk).is_active


def test_dissolving_from_the_web(client, tree, cast):
    client.force_login(cast.officer)
    client.post(reverse("units:dissolve", args=[tree.hospital_a.pk]), {"effective_on": "15/03/2026", "note": "Giải thể"})
    client.get(reverse("home"))  # shows the confirmation message
    assert Unit.objects.get(pk=tree.hospital_a.pk).active_until == datetime.date(2026, 3, 15)
    tree_page = client.get(reverse("units:tree")).content.decode()
    assert tree.hospital_a.name not in tree_page
    old_tree = client.get(reverse("units:tree"), {"as_of": "01/03/2026"}).content.decode()
    assert tree.hospital_a.name in old_tree


def test_a_chair_records_yearly_counts(client, tree, cast):
    client.force_login(cast.chair)
    url = reverse("units:counts", args=[tree.school_a.pk])
    client.post(url, {"year": 2026, "members": 40, "workers": 45, "women": 30})
    client.post(url, {"year": 2026, "members": 41, "workers": 45, "women": 30})
    assert list(UnitYearStats.objects.filter(unit=tree.school_a).values_list("year", "members")) == [(2026, 41)]
    response = client.post(url, {"year": 2025, "members": 40, "workers": 10, "women": 30})
    assert "women" in response.context["form"].errors


def test_the_tree_page_opens_on_the_users_units(client, tree, cast):
    client.force_login(cast.officer)
    page = client.get(reverse("units:tree")).content.decode()
    assert tree.district_a.name in page and tree.school_a.name in page
    assert tree.district_b.name not in page
    children = client.get(reverse("units:children", args=[tree.province.pk]))
    assert children.status_code == 404


def test_editing_the_start_date_moves_the_start_of_the_tree_history(client, tree, cast):
    client.force_login(cast.province_staff)
    data = {"code": "CDCS-A1", "name": "Công đoàn Trường THPT Phan Đình Giót", "unit_type": unit_type("cdcs").pk,
            "sector": "public_service", "active_from": "01/09/2018"}
    assert client.post(reverse("units:edit", args=[tree.school_a.pk]), data).status_code == 302
    assert services.placement_on(tree.school_a, datetime.date(2017, 1, 1)) is None
    assert services.placement_on(tree.school_a, datetime.date(2018, 9, 1)).parent == tree.district_a


def test_a_start_date_after_the_first_move_is_refused(client, tree, cast):
    services.unit_move(unit=tree.school_a, new_parent=tree.district_b, effective_on=datetime.date(2020, 1, 1), by=system_account())
    client.force_login(cast.province_staff)
    data = {"code": "CDCS-A1", "name": "Công đoàn Trường THPT Phan Đình Giót", "unit_type": unit_type("cdcs").pk,
            "sector": "public_service", "active_from": "01/09/2021"}
    response = client.post(reverse("units:edit", args=[tree.school_a.pk]), data)
    assert "active_from" in response.context["form"].errors
    assert Unit.objects.get(pk=tree.school_a.pk).active_from == datetime.date(2015, 1, 1)


def test_long_lists_of_children_come_in_batches(client, tree, cast, monkeypatch):
    from units import views

    monkeypatch.setattr(views, "TREE_BATCH", 1)
    client.force_login(cast.officer)
    first = client.get(reverse("units:children", args=[tree.district_a.pk]))
    assert len(first.context["children"]) == 1 and first.context["more_from"] == 1
    assert "start=1" in first.content.decode()
    second = client.get(reverse("units:children", args=[tree.district_a.pk]), {"start": 1})
    assert len(second.context["children"]) == 1 and second.context["more_from"] is None
    names = {first.context["children"][0].unit.name, second.context["children"][0].unit.name}
    assert names == {tree.school_a.name, tree.hospital_a.name}


def test_the_admin_edits_units_through_the_tree_service(client, tree, cast):
    from units.models import Unit

    client.force_login(UserFactory(username="sieuquantri", is_staff=True, is_superuser=True))
    url = reverse("admin:units_unit_change", args=[tree.school_a.pk])
    data = {"code": "CDCS-A1", "name": "Công đoàn Trường THPT Phan Đình Giót (mới)", "short_name": "", "unit_type": unit_type("cdcs").pk,
            "sector": "public_service", "address": "", "active_from": "01/09/2016",
            "year_stats-TOTAL_FORMS": "0", "year_stats-INITIAL_FORMS": "0", "year_stats-MIN_NUM_FORMS": "0", "year_stats-MAX_NUM_FORMS": "1000"}
    assert client.post(url, data).status_code == 302
    unit = Unit.objects.get(pk=tree.school_a.pk)
    assert unit.name.endswith("(mới)") and unit.search_text.endswith("moi")
    assert services.placement_on(unit, datetime.date(2015, 6, 1)) is None


def test_hand_typed_ids_and_years_are_404_or_ignored_not_errors(client, tree, cast):
    client.force_login(cast.province_staff)
    assert client.get(reverse("units:create"), {"parent": "abc"}).status_code == 404
    assert client.get(reverse("units:person-create"), {"unit": "abc"}).status_code == 404
    counts_url = reverse("units:counts", args=[tree.school_a.pk])
    assert client.get(counts_url, {"year": "abc"}).status_code == 200
    response = client.post(counts_url, {"year": 99999, "members": 1, "workers": 1, "women": 0})
    assert "year" in response.context["form"].errors
    assert not UnitYearStats.objects.filter(unit=tree.school_a).exists()
