"""Who owes a plan and a launch for a campaign, on a hand-built tree (docs/decisions/0021)."""

import datetime

import pytest

from campaigns.duties import refresh_duties
from campaigns.models import Campaign, Duty
from tests.factories import CampaignFactory, UnitFactory, unit_type
from units import services
from units.accounts import system_account
from units.models import Sector, UnitYearStats

pytestmark = pytest.mark.django_db(transaction=False)

D = datetime.date


def launched(**kwargs) -> Campaign:
    campaign = CampaignFactory(state=Campaign.State.LAUNCHED, **kwargs)
    refresh_duties(campaign)
    return campaign


def owing(campaign) -> set[str]:
    return set(Duty.objects.filter(campaign=campaign).counted().values_list("unit__code", flat=True))


def test_every_grassroots_union_below_the_launcher_owes_it_and_nobody_else(tree):
    campaign = launched(launching_unit=tree.province)
    assert owing(campaign) == {"CDCS-A1", "CDCS-A2", "CDCS-B1", "CDCS-B2", "CDCS-TT1"}
    district = launched(launching_unit=tree.district_a, code="PT-A")
    assert owing(district) == {"CDCS-A1", "CDCS-A2"}


def test_upper_level_unions_owe_a_campaign_for_their_type(tree):
    campaign = launched(launching_unit=tree.province, unit_types=[unit_type("ldld-huyen")])
    assert owing(campaign) == {"TP-DBP", "H-TG"}


def test_a_campaign_for_enterprises_is_not_owed_by_a_schools_union(tree):
    services.unit_update(unit=tree.direct, changes={"sector": Sector.STATE_ENTERPRISE}, by=system_account())
    services.unit_update(unit=tree.school_a, changes={"sector": Sector.PUBLIC_SERVICE}, by=system_account())
    campaign = launched(
        launching_unit=tree.province, name="Năng suất cao hơn, chất lượng tốt hơn",
        sectors=[Sector.STATE_ENTERPRISE, Sector.PRIVATE_ENTERPRISE, Sector.FOREIGN_INVESTED],
    )
    assert owing(campaign) == {"CDCS-TT1"}


def test_units_with_women_members_read_from_the_years_counts(tree):
    UnitYearStats.objects.create(unit=tree.school_a, year=2025, members=40, workers=42, women=25)
    UnitYearStats.objects.create(unit=tree.hospital_a, year=2025, members=30, workers=30, women=0)
    UnitYearStats.objects.create(unit=tree.school_b, year=2024, members=20, workers=20, women=12)  # another year
    campaign = launched(launching_unit=tree.province, name="Giỏi việc nước, Đảm việc nhà", women_units_only=True)
    assert owing(campaign) == {"CDCS-A1"}


def test_dissolved_before_the_campaign_does_not_owe_it_created_during_it_does(tree):
    services.unit_dissolve(unit=tree.clinic_b, effective_on=D(2024, 12, 1), by=system_account())
    UnitFactory(code="CDCS-B3", parent=tree.district_b, active_from=D(2025, 6, 1))
    UnitFactory(code="CDCS-B4", parent=tree.district_b, active_from=D(2026, 2, 1))  # after the campaign
    campaign = launched(launching_unit=tree.province)
    assert "CDCS-B2" not in owing(campaign)
    assert "CDCS-B3" in owing(campaign)
    assert "CDCS-B4" not in owing(campaign)


def test_a_unit_merged_away_passes_its_duty_to_its_successor(tree):
    campaign = launched(launching_unit=tree.province)
    services.unit_merge(unit=tree.hospital_a, into=tree.school_a, effective_on=D(2025, 5, 1), by=system_account())
    refresh_duties(campaign)
    assert "CDCS-A2" not in owing(campaign)
    passed = Duty.objects.get(campaign=campaign, unit=tree.hospital_a)
    assert passed.state == Duty.State.PASSED
    assert passed.passed_to.unit == tree.school_a


def test_the_successor_owes_it_even_when_its_own_type_would_not(tree):
    campaign = launched(launching_unit=tree.province)
    services.unit_merge(unit=tree.school_b, into=tree.district_b, effective_on=D(2025, 5, 1), by=system_account())
    refresh_duties(campaign)
    assert "H-TG" in owing(campaign)
    assert Duty.objects.get(campaign=campaign, unit=tree.district_b).origin == Duty.Origin.SUCCESSOR


def test_a_unit_dissolved_during_the_campaign_keeps_a_done_duty_and_drops_an_undone_one(tree):
    campaign = launched(launching_unit=tree.province)
    Duty.objects.filter(campaign=campaign, unit=tree.school_b).update(
        plan_number="3/KH-CĐCS", plan_date=D(2025, 2, 1), launched_on=D(2025, 2, 5)
    )
    services.unit_dissolve(unit=tree.school_b, effective_on=D(2025, 9, 1), by=system_account())
    services.unit_dissolve(unit=tree.clinic_b, effective_on=D(2025, 9, 1), by=system_account())
    refresh_duties(campaign)
    assert "CDCS-B1" in owing(campaign)
    assert "CDCS-B2" not in owing(campaign)
    assert not Duty.objects.late_on(D(2025, 10, 1)).filter(unit=tree.clinic_b).exists()


def test_refreshing_twice_changes_nothing(tree):
    campaign = launched(launching_unit=tree.province)
    assert refresh_duties(campaign) == {"added": 0, "changed": 0, "removed": 0}


def test_a_change_of_the_tree_refreshes_the_running_campaigns_after_commit(tree, django_capture_on_commit_callbacks):
    campaign = launched(launching_unit=tree.province)
    with django_capture_on_commit_callbacks(execute=True):
        UnitFactory(code="CDCS-A3", parent=tree.district_a)
    assert "CDCS-A3" in owing(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        services.unit_move(unit=tree.school_a, new_parent=tree.district_b, effective_on=D(2025, 4, 1), by=system_account())
    duty = Duty.objects.get(campaign=campaign, unit=tree.school_a)
    tree.school_a.refresh_from_db()
    assert duty.unit_path == tree.school_a.path


def test_a_draft_owes_nothing(tree):
    campaign = CampaignFactory(launching_unit=tree.province)
    refresh_duties(campaign)
    assert owing(campaign) == set()


def test_late_means_owed_not_done_and_past_the_due_day(tree):
    campaign = launched(launching_unit=tree.province)
    Duty.objects.filter(campaign=campaign, unit=tree.school_a).update(plan_date=D(2025, 2, 1), launched_on=D(2025, 2, 3))
    Duty.objects.filter(campaign=campaign, unit=tree.hospital_a).update(plan_date=D(2025, 2, 1))
    late = set(Duty.objects.late_on(D(2025, 4, 1)).values_list("unit__code", flat=True))
    assert late == {"CDCS-A2", "CDCS-B1", "CDCS-B2", "CDCS-TT1"}
    assert not Duty.objects.late_on(D(2025, 3, 31)).exists()


def test_a_launched_campaign_is_seen_along_the_lines_of_the_units_that_owe_it_a_draft_by_its_staff_only(tree, cast):
    launched(launching_unit=tree.province, code="PT-HUYEN", unit_types=[unit_type("ldld-huyen")])
    CampaignFactory(launching_unit=tree.province, code="PT-NHAP")
    launched(launching_unit=tree.district_a, code="PT-A")
    launched(launching_unit=tree.district_b, code="PT-B")
    seen = lambda user: set(Campaign.objects.visible_to(user).values_list("code", flat=True))  # noqa: E731
    # School A's chair: its district's campaign, and the districts' one (its district owes it, as
    # applies_to_q reads any record a unit on one's line of the tree must act on); not district B's,
    # not the draft.
    assert seen(cast.chair) == {"PT-A", "PT-HUYEN"}
    assert seen(cast.officer) == {"PT-HUYEN", "PT-A"}
    assert seen(cast.province_staff) == {"PT-HUYEN", "PT-NHAP", "PT-A", "PT-B"}
