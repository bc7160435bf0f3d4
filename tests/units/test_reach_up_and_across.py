"""The scoping rule up and across the tree (units.access.applies_to_q, member_reach_q), on records
shaped like the coming apps' campaigns and blocs (tests/scoping_app)."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UnitFactory, UserFactory, grant, user_with_role
from tests.scoping_app.models import Bloc, Campaign
from units import access
from units.access import Role


@pytest.fixture
def more(tree):
    """Besides the cast: district B's officer, the chairs of the neighbour union in district A and of a union in district B."""

    user = user_with_role

    class More:
        officer_b = user(Role.UPPER_LEVEL_OFFICER, tree.district_b, "canbo.tg")
        chair_a2 = user(Role.GRASSROOTS_CHAIR, tree.hospital_a, "chutich.a2")
        chair_b = user(Role.GRASSROOTS_CHAIR, tree.school_b, "chutich.b1")

    return More


def campaign(owner, *targets, name="Phong trào"):
    record = Campaign.objects.create(name=name, owner=owner)
    record.targets.set(targets)
    return record


def bloc(organiser, *members, name="Khối thi đua"):
    record = Bloc.objects.create(name=name, organiser=organiser)
    record.members.set(members)
    return record


def sees(user, record) -> bool:
    return type(record).objects.visible_to(user).filter(pk=record.pk).exists()


def test_a_province_campaign_is_seen_by_every_unit_below(tree, cast, more):
    record = campaign(tree.province)
    for user in [cast.admin, cast.province_staff, cast.leadership, cast.officer, cast.chair, more.officer_b, more.chair_b]:
        assert sees(user, record), user.username
    assert not sees(cast.nobody, record)


def test_a_district_campaign_is_not_seen_by_the_other_district(tree, cast, more):
    record = campaign(tree.district_a)
    for user in [cast.province_staff, cast.officer, cast.chair, more.chair_a2]:
        assert sees(user, record), user.username
    for user in [more.officer_b, more.chair_b, cast.nobody]:
        assert not sees(user, record), user.username


def test_a_union_campaign_is_not_seen_by_its_neighbour(tree, cast, more):
    record = campaign(tree.school_a)
    assert sees(cast.officer, record) and sees(cast.chair, record)
    assert not sees(more.chair_a2, record)


def test_a_campaign_sent_to_listed_units_is_seen_by_them_and_who_reaches_them_only(tree, cast, more):
    record = campaign(tree.province, tree.district_b, tree.hospital_a)
    # The owner's reach, the targets, the units below a target, the officer above a target union.
    for user in [cast.province_staff, more.officer_b, more.chair_b, more.chair_a2, cast.officer]:
        assert sees(user, record), user.username
    # A union beside a target, below the owner, is not sent the campaign.
    assert not sees(cast.chair, record)


def test_a_district_campaign_sent_to_one_union_skips_the_others(tree, cast, more):
    record = campaign(tree.district_a, tree.school_a)
    assert sees(cast.chair, record) and sees(cast.officer, record) and sees(cast.province_staff, record)
    assert not sees(more.chair_a2, record)
    assert not sees(more.officer_b, record)


def test_a_campaign_with_targets_in_reach_is_listed_once(tree, cast):
    record = campaign(tree.province, tree.school_a, tree.hospital_a, tree.district_a)
    assert list(Campaign.objects.visible_to(cast.officer)) == [record]
    assert Campaign.objects.visible_to(cast.officer).count() == 1


def test_a_bloc_is_seen_by_whoever_reaches_a_member(tree, cast, more):
    record = bloc(tree.province, tree.school_a, tree.school_b)
    for user in [cast.officer, cast.chair, more.officer_b, more.chair_b, cast.province_staff]:
        assert sees(user, record), user.username
    assert not sees(more.chair_a2, record)
    assert not sees(cast.nobody, record)


def test_a_bloc_with_one_member_in_district_a_is_not_seen_by_district_b(tree, cast, more):
    record = bloc(tree.province, tree.school_a)
    assert sees(cast.officer, record) and sees(cast.chair, record)
    assert not sees(more.officer_b, record) and not sees(more.chair_b, record) and not sees(more.chair_a2, record)


def test_a_bloc_across_districts_is_seen_by_its_organiser_and_listed_once(tree, cast, more):
    outside = UnitFactory(code="KHAC", name="Liên đoàn Lao động tỉnh khác", parent=None)
    officer_elsewhere = UserFactory(username="canbo.khac")
    grant(officer_elsewhere, Role.UPPER_LEVEL_OFFICER, outside)
    record = bloc(tree.district_a, tree.school_a, tree.hospital_a, UnitFactory(parent=outside))
    assert list(Bloc.objects.visible_to(cast.officer)) == [record]  # organiser and two members in reach
    assert sees(officer_elsewhere, record)  # a member in another province
    assert not sees(more.officer_b, record)


def test_no_role_and_anonymous_see_nothing(tree, cast):
    from django.contrib.auth.models import AnonymousUser

    campaign(tree.province)
    bloc(tree.province, tree.school_a)
    for user in [cast.nobody, AnonymousUser()]:
        assert not Campaign.objects.visible_to(user).exists()
        assert not Bloc.objects.visible_to(user).exists()


def test_a_role_at_a_dissolved_unit_reaches_nothing(tree, cast):
    record = campaign(tree.province)
    tree.school_a.active_until = tree.school_a.active_from
    tree.school_a.save()
    assert not sees(cast.chair, record)


def test_the_subtree_wide_filter_alone_ignores_targets(tree, cast, more):
    record = campaign(tree.province, tree.district_b)
    whole_area = Campaign.objects.filter(access.applies_to_q(cast.chair, "owner__path"))
    assert list(whole_area) == [record]


@pytest.mark.parametrize("model", [Campaign, Bloc])
def test_each_filter_is_one_query_whatever_the_grants_and_targets(tree, cast, model):
    """No walk of the tree in Python: one SQL statement, the same shape for one grant or many."""
    for unit in [tree.district_b, tree.direct, tree.school_b]:
        grant(cast.chair, Role.GRASSROOTS_CHAIR, unit)
    for n in range(5):
        record = model.objects.create(name=f"r{n}", **{"owner" if model is Campaign else "organiser": tree.province})
        getattr(record, "targets" if model is Campaign else "members").set([tree.school_a, tree.school_b, tree.direct])
    access.grants(cast.chair)  # read once per request, before the page's queries
    with CaptureQueriesContext(connection) as queries:
        assert len(list(model.objects.visible_to(cast.chair))) == 5
    assert len(queries) == 1
    assert "WITH RECURSIVE" not in queries[0]["sql"].upper()


INTERNALS = re.compile(r"\baccess\.(reach_paths|sees_everything|reaches|grants|_\w+)\b|from units\.access import[^\n]*\b(reach_paths|sees_everything|reaches|grants)\b|\bUnit\(path=")


def test_the_apps_ask_the_rule_named_questions_rather_than_read_its_internals():
    """Only units/access.py reads the grants and paths; pages, filters, services and imports ask it
    what they need (unit_in_reach, reach_tops_q, can_edit_member, ...), so the rule stays in one place."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for folder in ["units", "campaigns", "awards", "reports", "portal", "config", "devtools"]
        for path in sorted((root / folder).rglob("*.py"))
        if path != root / "units" / "access.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if INTERNALS.search(line)
    ]
    assert not offenders, f"add a named function to units/access.py for: {offenders}"
