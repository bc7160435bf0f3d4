"""The tree keeps its past: moves, merges and dissolutions are dated, and the tree on a day can be asked for."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from units.accounts import system_account
from tests.factories import PersonFactory, UnitFactory
from units import services
from units.models import Person, Placement, Unit

BEFORE = datetime.date(2023, 12, 31)
MERGE_DAY = datetime.date(2024, 7, 1)
AFTER = datetime.date(2024, 12, 31)


def codes(placements):
    return sorted(p.unit.code for p in placements.select_related("unit"))


def test_a_subtree_is_one_prefix_query(tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = sorted(Unit.objects.subtree_of(tree.district_a).values_list("code", flat=True))
    assert found == ["CDCS-A1", "CDCS-A2", "TP-DBP"]


def test_tree_as_of_a_date_before_and_after_a_merge(tree):
    PersonFactory(unit=tree.school_b, full_name="Lò Thị Xuân")
    services.unit_merge(unit=tree.district_b, into=tree.district_a, effective_on=MERGE_DAY, by=system_account())

    assert codes(services.subtree_on(tree.district_a, BEFORE)) == ["CDCS-A1", "CDCS-A2", "TP-DBP"]
    assert codes(services.subtree_on(tree.district_b, BEFORE)) == ["CDCS-B1", "CDCS-B2", "H-TG"]
    assert codes(services.subtree_on(tree.district_a, AFTER)) == ["CDCS-A1", "CDCS-A2", "CDCS-B1", "CDCS-B2", "TP-DBP"]
    assert not services.subtree_on(tree.district_b, AFTER).exists()
    # The province saw both districts before, only the successor after.
    assert "H-TG" in codes(services.children_on(tree.province, BEFORE))
    assert "H-TG" not in codes(services.children_on(tree.province, AFTER))

    merged = Unit.objects.get(pk=tree.district_b.pk)
    assert merged.active_until == MERGE_DAY and merged.successor == tree.district_a
    # Units and members now belong to the successor in the current tree.
    assert Unit.objects.get(code="CDCS-B1").parent == tree.district_a
    assert Unit.objects.get(code="CDCS-B1").path.startswith(tree.district_a.path)


def test_merge_moves_the_merged_units_own_members_to_the_successor(tree):
    PersonFactory(unit=tree.district_b, full_name="Quàng Văn Thành")
    services.unit_merge(unit=tree.district_b, into=tree.district_a, effective_on=MERGE_DAY, by=system_account())
    assert Person.objects.get(full_name="Quàng Văn Thành").unit == tree.district_a


def test_a_move_is_dated(tree):
    services.unit_move(unit=tree.school_b, new_parent=tree.district_a, effective_on=MERGE_DAY, by=system_account())
    assert "CDCS-B1" in codes(services.subtree_on(tree.district_b, BEFORE))
    assert "CDCS-B1" not in codes(services.subtree_on(tree.district_a, BEFORE))
    assert "CDCS-B1" in codes(services.subtree_on(tree.district_a, AFTER))
    event = Unit.objects.get(code="CDCS-B1").events.get(kind="moved")
    assert (event.from_parent, event.to_parent, event.effective_on) == (tree.district_b, tree.district_a, MERGE_DAY)


def test_moving_a_district_carries_its_history_for_every_descendant(tree):
    sub = UnitFactory(code="TO-1", parent=tree.school_a, unit_type=tree.school_a.unit_type)
    services.unit_move(unit=tree.district_a, new_parent=tree.direct, effective_on=MERGE_DAY, by=system_account())
    assert codes(services.subtree_on(tree.direct, AFTER)) == ["CDCS-A1", "CDCS-A2", "CDCS-TT1", "TO-1", "TP-DBP"]
    assert codes(services.subtree_on(tree.direct, BEFORE)) == ["CDCS-TT1"]
    assert services.placement_on(sub, BEFORE).path != services.placement_on(sub, AFTER).path


def test_a_dissolved_unit_disappears_from_the_tree_from_its_end_date(tree):
    services.unit_dissolve(unit=tree.clinic_b, effective_on=MERGE_DAY, note="Giải thể theo Quyết định số 15/QĐ-LĐLĐ", by=system_account())
    assert "CDCS-B2" in codes(services.children_on(tree.district_b, BEFORE))
    assert "CDCS-B2" not in codes(services.children_on(tree.district_b, AFTER))


def test_a_unit_with_active_units_under_it_cannot_be_dissolved(tree):
    with pytest.raises(ValidationError):
        services.unit_dissolve(unit=tree.district_b, effective_on=MERGE_DAY, by=system_account())
    assert Unit.objects.get(pk=tree.district_b.pk).is_active


def test_a_unit_cannot_move_under_its_own_subtree(tree):
    with pytest.raises(ValidationError):
        services.unit_move(unit=tree.district_a, new_parent=tree.school_a, effective_on=MERGE_DAY, by=system_account())
    assert Unit.objects.get(pk=tree.school_a.pk).parent == tree.district_a


def test_a_move_dated_before_the_last_change_is_refused_and_changes_nothing(tree):
    services.unit_move(unit=tree.school_b, new_parent=tree.district_a, effective_on=MERGE_DAY, by=system_account())
    path = Unit.objects.get(pk=tree.school_b.pk).path
    with pytest.raises(ValidationError):
        services.unit_move(unit=tree.school_b, new_parent=tree.district_b, effective_on=BEFORE, by=system_account())
    unit = Unit.objects.get(pk=tree.school_b.pk)
    assert unit.path == path and unit.parent == tree.district_a


def test_people_follow_their_units_path_through_moves_and_merges(tree):
    teacher = PersonFactory(unit=tree.school_b)
    services.unit_move(unit=tree.district_b, new_parent=tree.direct, effective_on=MERGE_DAY, by=system_account())
    teacher.refresh_from_db()
    assert teacher.unit_path == Unit.objects.get(pk=tree.school_b.pk).path
    assert Person.objects.in_subtree(tree.direct).filter(pk=teacher.pk).exists()

    services.unit_merge(unit=tree.school_b, into=tree.school_a, effective_on=AFTER, by=system_account())
    teacher.refresh_from_db()
    assert (teacher.unit, teacher.unit_path) == (tree.school_a, Unit.objects.get(pk=tree.school_a.pk).path)
    assert not Person.objects.in_subtree(tree.direct).filter(pk=teacher.pk).exists()


def test_check_tree_finds_copies_that_drifted(tree):
    import io

    from django.core.management import CommandError, call_command

    PersonFactory(unit=tree.school_a, full_name="Lò Văn Lệch")
    services.unit_move(unit=tree.school_b, new_parent=tree.district_a, effective_on=MERGE_DAY, by=system_account())
    call_command("check_tree", stdout=io.StringIO())  # everything the services wrote agrees

    Person.objects.filter(full_name="Lò Văn Lệch").update(unit_path="0009")
    Placement.objects.filter(unit=tree.clinic_b, valid_until__isnull=True).update(path="0009")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("check_tree", stdout=io.StringIO(), stderr=err)
    assert "Lò Văn Lệch" in err.getvalue() and "CDCS-B2" in err.getvalue()


def test_a_past_tree_shows_a_unit_that_has_left_the_users_area_without_a_link(client, tree, cast):
    services.unit_move(unit=tree.school_a, new_parent=tree.district_b, effective_on=datetime.date(2026, 1, 1), by=system_account())
    client.force_login(cast.officer)

    past = client.get(reverse("units:tree"), {"as_of": "30/06/2025"}).content.decode()
    assert tree.school_a.name in past and "nay ngoài phạm vi quản lý" in past
    assert tree.school_a.get_absolute_url() not in past
    assert tree.hospital_a.get_absolute_url() in past
    today = client.get(reverse("units:tree")).content.decode()
    assert tree.school_a.name not in today


def test_todays_tree_counts_the_children_the_placements_give(tree):
    """Today's child counts come from the units' parent links (an index-only count); after moves,
    a merge and a dissolution they are still those of the dated placements."""
    from django.utils import timezone

    from units.views import _with_child_counts

    by = system_account()
    services.unit_move(unit=tree.school_b, new_parent=tree.district_a, effective_on=MERGE_DAY, by=by)
    services.unit_dissolve(unit=tree.hospital_a, effective_on=MERGE_DAY, by=by)
    services.unit_merge(unit=tree.direct, into=tree.district_b, effective_on=MERGE_DAY, by=by)
    today = timezone.localdate()
    shown = {p.unit.code: p.child_count for p in _with_child_counts(services.children_on(tree.province, today), today)}
    dated = {code: services.children_on(Unit.objects.get(code=code), today).count() for code in shown}
    assert shown == dated == {"TP-DBP": 2, "H-TG": 1}
