"""Campaign rows on a generated database (devtools/scale_campaigns.py, run by seed_scale and its top-up):
the national shape, duties exactly as the one rule makes them, and a top-up that adds them to a database
generated before campaigns existed, without touching the members."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import F

from blocs.models import Practice
from campaigns.duties import refresh_duties
from campaigns.models import Campaign, Duty, Exemplar, Registration, Replication, Review
from devtools import demo_data, scale_campaigns, topup
from portal.attachments.models import Attachment
from units.access import Role
from units.models import Person, RoleAssignment, Unit

LATE_ON = datetime.date(2026, 1, 1)


def seed(*extra):
    out = io.StringIO()
    call_command("seed_scale", "--scale", "national", "--units", "300", "--members", "3000", *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return seed()


def test_every_provincial_union_launches_the_seven_for_two_years(seeded):
    federations = Unit.objects.filter(unit_type__is_province_federation=True)
    assert federations.count() == 54
    for federation in federations:
        campaigns = Campaign.objects.filter(launching_unit=federation)
        assert sorted(campaigns.values_list("year", "name")) == sorted(
            (year, spec.name) for year in (2024, 2025) for spec in demo_data.CAMPAIGNS)
    assert set(Campaign.objects.filter(year=2024).values_list("state", flat=True)) == {Campaign.State.CLOSED}
    assert set(Campaign.objects.filter(year=2025).values_list("state", flat=True)) == {Campaign.State.LAUNCHED}
    campaign = Campaign.objects.filter(name="Năng suất cao hơn, chất lượng tốt hơn").first()
    assert set(campaign.unit_types.values_list("code", flat=True)) == set(demo_data.GRASSROOTS_TYPES)
    assert campaign.sectors == list(demo_data.ENTERPRISES)
    # Each has its launch document (a row on the shared benchmark PDF).
    assert Attachment.objects.filter(content_type__model="campaign").count() == Campaign.objects.count()


def test_duties_are_exactly_what_the_rule_makes_of_them(seeded):
    states = set(Duty.objects.values_list("state", flat=True))
    assert {Duty.State.OWED, Duty.State.PASSED} <= states  # merged units passed theirs on
    for campaign in Campaign.objects.all():
        assert refresh_duties(campaign) == {"added": 0, "changed": 0, "removed": 0}, campaign.code
    assert "dòng/s" in seeded


def test_about_85_per_cent_done_some_late_some_with_a_plan_only(seeded):
    counted = Duty.objects.counted()
    share = counted.done().count() / counted.count()
    assert 0.78 < share < 0.92
    assert counted.late_on(LATE_ON).exists()
    assert counted.filter(plan_date__isnull=False, launched_on__isnull=True).exists()
    assert not Duty.objects.exclude(state=Duty.State.OWED).done().exists()
    for duty in counted.done().select_related("campaign")[:500]:
        assert duty.campaign.document_date < duty.plan_date <= duty.launched_on < LATE_ON


def test_the_benchmark_chair_has_duties_done_and_late(seeded):
    chair = RoleAssignment.objects.get(user__username="bench.union-chair", role=Role.GRASSROOTS_CHAIR)
    duties = list(Duty.objects.filter(unit=chair.unit, campaign__year=2025).select_related("campaign"))
    assert any(duty.is_done for duty in duties) and any(duty.is_late_on(LATE_ON) for duty in duties)


def test_registrations_reviews_and_exemplars(seeded):
    registrations = Registration.objects.prefetch_related("entries__person")
    assert registrations.exists()
    for registration in registrations:
        assert registration.campaign.name == "Lao động giỏi, Lao động sáng tạo"
        assert all(entry.person.unit_id == registration.unit_id and entry.person.left_on is None
                   for entry in registration.entries.all())
    launchers = Review.objects.filter(unit=F("campaign__launching_unit")).values_list("campaign", flat=True)
    assert set(launchers) == set(Campaign.objects.values_list("pk", flat=True))
    assert Review.objects.filter(benefit_value__gt=0).exists()
    published = Exemplar.objects.published().count()
    assert 0 < published < Exemplar.objects.count()
    assert len(set(Exemplar.objects.values_list("public_token", flat=True))) == Exemplar.objects.count()
    assert not Replication.objects.filter(unit=F("exemplar__unit")).exists()


def test_a_top_up_adds_campaigns_to_a_database_generated_without_them(seeded):
    duties = sorted(Duty.objects.values_list("campaign__code", "unit_id", "state", "plan_date", "launched_on"))
    people = list(Person.objects.order_by("pk").values_list("pk", "updated_at"))
    Practice.objects.update(exemplar=None)  # the blocs' reviews present exemplars (kept by a protecting key)
    Exemplar.objects.all().delete()
    Campaign.objects.all().delete()
    Attachment.objects.filter(content_type__model="campaign").delete()
    out = seed("--top-up")
    assert "campaigns_duty" in out
    assert sorted(Duty.objects.values_list("campaign__code", "unit_id", "state", "plan_date", "launched_on")) == duties
    assert list(Person.objects.order_by("pk").values_list("pk", "updated_at")) == people
    # Once there, a second top-up leaves them.
    count = Duty.objects.count()
    assert "không thêm dòng nào" in seed("--top-up")
    assert Duty.objects.count() == count and scale_campaigns.generated_campaigns().count() == 54 * 14


def test_the_campaign_tables_empty_with_the_units_on_replace(seeded):
    count = (Campaign.objects.count(), Duty.objects.count(), Campaign.unit_types.through.objects.count())
    seed("--replace")
    assert (Campaign.objects.count(), Duty.objects.count(), Campaign.unit_types.through.objects.count()) == count
    assert topup.CHAIR_DUTIES["LDG"] == "done"
