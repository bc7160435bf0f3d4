"""Each award keeps where its awardee is now, in step with the registry and the tree: the member list's
award filter reads the awards of the list's area by it, so a member who moved is found where they are."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards import importing as award_importing
from awards.models import Award, AwardForm
from tests.factories import PersonFactory, make_decision, user_with_role
from tests.units.test_import import people_file, person_row, xlsx
from units import importing, membership, services
from units.access import Role
from units.accounts import system_account

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def hoa(tree):
    person = PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa", citizen_id="011085000001")
    make_decision(tree.school_a, people=[person], form="chien-si-thi-dua-co-so", year=2024, decided_on=datetime.date(2024, 12, 20), issued=True)
    return person


@pytest.fixture
def tuan_giao_officer(tree):
    return user_with_role(Role.UPPER_LEVEL_OFFICER, tree.district_b, "canbo.tg")


def awarded_2024(client, user, **params):
    """The names the member list shows, filtered by Chiến sĩ thi đua cơ sở 2024, for `user`."""
    client.force_login(user)
    title = AwardForm.objects.get(code="chien-si-thi-dua-co-so")
    return client.get(reverse("units:person-list"), {"award_form": title.pk, "award_year": "2024", **params}).content.decode()


def paths(person):
    return set(Award.objects.filter(person=person).values_list("awardee_path", flat=True))


def test_a_member_who_changes_union_is_found_by_the_award_filter_where_they_are_now(client, tree, cast, hoa, tuan_giao_officer):
    assert "Lò Thị Hoa" in awarded_2024(client, cast.officer)
    assert "Lò Thị Hoa" not in awarded_2024(client, tuan_giao_officer)
    membership.person_update(person=hoa, values={"unit": tree.school_b}, version=hoa.version, by=cast.province_staff)

    assert paths(hoa) == {tree.school_b.path}
    assert "Lò Thị Hoa" in awarded_2024(client, tuan_giao_officer)
    assert "Lò Thị Hoa" not in awarded_2024(client, cast.officer)
    # The unit chosen in the list narrows the filter the same way.
    assert "Lò Thị Hoa" in awarded_2024(client, cast.province_staff, unit=tree.district_b.pk)
    assert "Lò Thị Hoa" not in awarded_2024(client, cast.province_staff, unit=tree.district_a.pk)
    # The award still belongs to the union that recorded it.
    assert Award.objects.get(person=hoa).unit == tree.school_a


def test_a_union_moved_to_another_district_takes_its_members_and_its_own_awards_along(client, tree, cast, hoa, tuan_giao_officer):
    make_decision(tree.district_a, collectives=[tree.school_a], form="giay-khen", number=12, issued=True, by=cast.officer)
    services.unit_move(unit=tree.school_a, new_parent=tree.district_b, effective_on=DAY, by=cast.province_staff)
    tree.school_a.refresh_from_db()

    assert tree.school_a.path.startswith(tree.district_b.path)
    assert paths(hoa) == {tree.school_a.path}
    assert Award.objects.get(collective=tree.school_a).awardee_path == tree.school_a.path
    assert "Lò Thị Hoa" in awarded_2024(client, tuan_giao_officer)
    assert "Lò Thị Hoa" not in awarded_2024(client, cast.officer)


def test_a_merge_takes_the_members_awards_to_the_successor(client, tree, cast, hoa):
    services.unit_merge(unit=tree.school_a, into=tree.school_b, effective_on=DAY, by=cast.province_staff)
    assert paths(hoa) == {tree.school_b.path}


def test_the_members_import_moving_a_member_moves_their_awards_path(tree, hoa, tmp_path):
    report = importing.import_people(people_file(tmp_path / "m.xlsx", [person_row(name="Lò Thị Hoa", unit="CDCS-B2")]), user=system_account())
    assert report.ok, report.errors
    assert paths(hoa) == {tree.clinic_b.path}


def test_past_awards_imported_for_a_member_who_has_moved_since_keep_where_they_are_now(tree, hoa, tmp_path):
    membership.person_update(person=hoa, values={"unit": tree.school_b}, version=hoa.version, by=system_account())
    row = ["Lò Thị Hoa", "", "011085000001", "CDCS-A1", "LĐTT", "Tổng kết năm", 2021, "9/QĐ-CĐ", "20/12/2021", "CDCS-A1"]
    report = award_importing.import_awards(xlsx(tmp_path / "k.xlsx", award_importing.AWARD_COLUMNS, [row]), user=system_account())
    assert report.ok, report.errors
    imported = Award.objects.get(person=hoa, year=2021)
    assert (imported.unit, imported.awardee_path) == (tree.school_a, tree.school_b.path)


def test_check_tree_names_an_award_whose_copy_disagrees(tree, hoa, capsys):
    call_command("check_tree")
    Award.objects.filter(person=hoa).update(awardee_path=tree.district_b.path)
    with pytest.raises(CommandError):
        call_command("check_tree")
    assert "Lò Thị Hoa" in capsys.readouterr().err
