"""Each decision keeps where it reaches (the issuing unit's path, its awardees' area) in step with the tree:
the decision list scopes by them, and sees exactly what the plain rule sees: the decisions issued in the
user's area, and the issued ones awarding a union of it."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from awards import decision_areas
from awards import importing as award_importing
from awards.models import Decision, DecisionState
from tests.factories import PersonFactory, make_decision, user_with_role
from tests.units.test_import import xlsx
from units import access, services
from units.access import Role
from units.accounts import system_account

DAY = datetime.date(2026, 3, 2)


def plain_rule(user) -> set[int]:
    """The rule the list keeps, read row by row: issued in the user's area, or issued and awarding a union in it."""
    seen = set()
    for decision in Decision.objects.select_related("issuing_unit").prefetch_related("awards__unit"):
        issued_here = access.reaches(user, decision.issuing_unit.path)
        awards_here = decision.state == DecisionState.ISSUED and any(access.reaches(user, a.unit.path) for a in decision.awards.all())
        if issued_here or awards_here:
            seen.add(decision.pk)
    return seen


@pytest.fixture
def people(tree):
    return {unit: PersonFactory(unit=getattr(tree, unit)) for unit in ("school_a", "hospital_a", "school_b", "direct")}


@pytest.fixture
def decisions(tree, cast, people):
    province = dict(form="bang-khen-ldld-tinh", issued=True, by=cast.province_staff)
    return {
        "one union": make_decision(tree.province, people=[people["school_a"]], number=1, **province),
        "one district": make_decision(tree.province, people=[people["school_a"], people["hospital_a"]], collectives=[tree.hospital_a], number=2, **province),
        "two districts": make_decision(tree.province, people=[people["school_a"], people["school_b"]], number=3, **province),
        "the province's own": make_decision(tree.province, people=[people["direct"]], number=4, **province),
        "a draft": make_decision(tree.province, people=[people["school_a"]], form="bang-khen-ldld-tinh", by=cast.province_staff),
        "the district's": make_decision(tree.district_a, people=[people["hospital_a"]], number=5, issued=True, by=cast.officer),
    }


def test_the_awardees_area_is_the_lowest_unit_above_all_of_them(tree, decisions):
    areas = {name: Decision.objects.get(pk=d.pk).awardees_area for name, d in decisions.items()}
    assert areas == {
        "one union": tree.school_a.path, "one district": tree.district_a.path, "two districts": tree.province.path,
        "the province's own": tree.direct.path, "a draft": "", "the district's": tree.hospital_a.path,
    }
    assert all(Decision.objects.get(pk=d.pk).issuing_path == d.issuing_unit.path for d in decisions.values())
    assert decision_areas.common_area("00010002", "000100020001") == "00010002"
    assert decision_areas.common_area("000100020001", "000100030001") == "0001"


def test_the_list_sees_what_the_plain_rule_sees_for_every_role(client, tree, cast, decisions):
    chair_b = user_with_role(Role.GRASSROOTS_CHAIR, tree.school_b, "chutich.b1")
    officer_b = user_with_role(Role.UPPER_LEVEL_OFFICER, tree.district_b, "canbo.tg")
    users = [cast.province_staff, cast.officer, cast.chair, cast.leadership, cast.nobody, chair_b, officer_b]
    for user in users:
        assert set(Decision.objects.visible_to(user).values_list("pk", flat=True)) == plain_rule(user), user.username
    # What a district officer and a chair see, by name:
    seen = {user: {name for name, d in decisions.items() if Decision.objects.visible_to(user).filter(pk=d.pk).exists()} for user in users}
    assert seen[cast.officer] == {"one union", "one district", "two districts", "the district's"}
    assert seen[cast.chair] == {"one union", "one district", "two districts"}
    assert seen[officer_b] == {"two districts"}
    client.force_login(officer_b)
    listing = client.get(reverse("awards:decision-list")).content.decode()
    assert "3/QĐ-LĐLĐ" in listing and "1/QĐ-LĐLĐ" not in listing


def test_a_union_moved_to_another_district_takes_its_decisions_along(client, tree, cast, decisions):
    officer_b = user_with_role(Role.UPPER_LEVEL_OFFICER, tree.district_b, "canbo.tg")
    own = make_decision(tree.school_a, people=[], collectives=[tree.school_a], form="giay-khen", number=6, issued=True, by=cast.chair)
    services.unit_move(unit=tree.school_a, new_parent=tree.district_b, effective_on=DAY, by=cast.province_staff)
    tree.school_a.refresh_from_db()

    assert Decision.objects.get(pk=own.pk).issuing_path == tree.school_a.path
    assert Decision.objects.get(pk=decisions["one union"].pk).awardees_area == tree.school_a.path
    assert Decision.objects.get(pk=decisions["one district"].pk).awardees_area == tree.province.path  # now two districts
    for user in (cast.officer, officer_b, cast.chair):
        assert set(Decision.objects.visible_to(user).values_list("pk", flat=True)) == plain_rule(user), user.username
    assert Decision.objects.visible_to(officer_b).filter(pk__in=[own.pk, decisions["one union"].pk]).count() == 2
    assert decision_areas.copy_problems() == []


def test_imported_decisions_know_where_they_reach(tree, cast, tmp_path):
    person = PersonFactory(unit=tree.school_b, full_name="Lò Thị Hoa", citizen_id="011085000001")
    row = ["Lò Thị Hoa", "", "011085000001", "CDCS-B1", "LĐTT", "Tổng kết năm", 2021, "9/QĐ-CĐ", "20/12/2021", "H-TG"]
    report = award_importing.import_awards(xlsx(tmp_path / "k.xlsx", award_importing.AWARD_COLUMNS, [row]), user=system_account())
    assert report.ok, report.errors
    imported = Decision.objects.get(awards__person=person)
    assert (imported.issuing_path, imported.awardees_area) == (tree.district_b.path, tree.school_b.path)
    assert set(Decision.objects.visible_to(cast.officer)) == set()
    assert set(Decision.objects.visible_to(cast.province_staff)) == {imported}


def test_check_tree_names_a_decision_whose_copy_disagrees(tree, decisions, capsys):
    call_command("check_tree")
    Decision.objects.filter(pk=decisions["one union"].pk).update(awardees_area=tree.district_b.path)
    with pytest.raises(CommandError):
        call_command("check_tree")
    assert f"#{decisions['one union'].pk}" in capsys.readouterr().err
