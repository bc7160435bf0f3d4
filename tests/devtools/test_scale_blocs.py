"""Emulation blocs on a generated database (devtools/scale_blocs.py, run by seed_scale and its top-up): the
national shape, sheets and scores the blocs' own rules accept, rankings and reviews the pages read, and a
top-up that adds the blocs to a database generated before them without touching anything else."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from blocs import kpi, ranking, sheets
from blocs.models import Bloc, BlocMember, Criterion, Practice, Review, Score
from campaigns.models import Duty
from devtools import scale_blocs
from portal.attachments.models import Attachment
from portal.models import Transition
from units.access import Role
from units.models import Person, RoleAssignment, Unit
from tests.factories import user_with_role


def seed(*extra):
    out = io.StringIO()
    call_command("seed_scale", "--scale", "national", "--units", "300", "--members", "3000", *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return seed()


def test_every_provincial_union_has_its_two_kinds_of_bloc_each_year(seeded):
    federations = Unit.objects.filter(unit_type__is_province_federation=True)
    assert federations.count() == 54
    names = set(scale_blocs.NAMES.values())
    assert Bloc.objects.values("organiser").distinct().count() > 45  # at this size a few have no unit left below
    for federation in federations.filter(pk__in=Bloc.objects.values("organiser")):
        blocs = Bloc.objects.filter(organiser=federation)
        # Every year (at this small size a federation's only unit may be younger than 2021).
        years = set(blocs.values_list("year", flat=True))
        assert 2025 in years and years <= set(scale_blocs.YEARS), federation.code
        assert {name.split(" (số")[0] for name in blocs.values_list("name", flat=True)} <= names
        members = BlocMember.objects.filter(bloc__organiser=federation, year=2025).values_list("unit__parent_id", flat=True)
        assert set(members) == {federation.pk}  # its own upper-level unions and the units directly under it
    # One bloc a year per unit (the constraint), never above the cap; the leader and deputy are members.
    assert not Bloc.objects.annotate(n=Count("members")).filter(n__gt=scale_blocs.MAX_MEMBERS).exists()
    for bloc in Bloc.objects.select_related("leader", "deputy")[:300]:
        assert bloc.leader.bloc_id == bloc.pk and (bloc.deputy is None or bloc.deputy.bloc_id == bloc.pk != bloc.deputy_id)
        assert Attachment.objects.of(bloc).filter(purpose="pledge").count() == 1
    assert scale_blocs.split(list(range(130))) and [len(c) for c in scale_blocs.split(list(range(130)))] == [44, 43, 43]


def test_sheets_keep_the_sum_rule_and_scores_stay_in_range(seeded):
    bloc = Bloc.objects.filter(year=2024).order_by("pk").first()
    lines = sheets.lines_of(bloc)
    sheets.check(sheets.as_lines(lines))  # refuses a sheet that breaks the rule
    assert sum(1 for c in lines if c.kind == Criterion.Kind.GROUP) == 6
    assert sum(1 for c in lines if c.kind == Criterion.Kind.BONUS) == 2 == sum(1 for c in lines if c.kind == Criterion.Kind.PENALTY)
    assert all(3 <= len([i for i in lines if i.parent_id == g.pk]) <= 4 for g in lines if g.kind == Criterion.Kind.GROUP)
    assert Bloc.objects.filter(year=2025, sheet_copied_from__year=2024).exists()
    for score in Score.objects.select_related("criterion")[:3000]:
        assert 0 <= score.self_points <= score.criterion.max_points
        assert score.criterion.scored and score.criterion.kind != Criterion.Kind.GROUP
        if score.official_points is not None:
            assert 0 <= score.official_points <= score.criterion.max_points
            assert (score.official_reason != "") == score.changed


def test_past_years_scored_and_mostly_reviewed_the_current_year_half_self_scored(seeded):
    past = Score.objects.filter(member__year__lt=2025)
    assert not past.filter(official_points__isnull=True).exists()
    changed = past.exclude(official_reason="").count() / past.count()
    assert 0.04 < changed < 0.15
    current = Score.objects.filter(member__year=2025)
    assert not current.filter(official_points__isnull=False).exists()
    members = BlocMember.objects.filter(year=2025)
    scored = members.filter(scores__isnull=False).distinct().count()
    assert 0.3 < scored / members.count() < 0.7
    assert not Review.objects.filter(bloc__year=2025).exists()
    assert set(Bloc.objects.filter(year=2025).values_list("state", flat=True)) == {Bloc.State.SCORING}
    # KPI 5 is read as the reports read it: most past blocs count, not all.
    staff = user_with_role(Role.PROVINCE_STAFF, Unit.objects.get(parent=None), "kpi-reader")
    for year in (2021, 2024):
        reviews = kpi.bloc_reviews(staff, year)
        assert reviews.blocs == Bloc.objects.filter(year=year).count()
        assert 0.6 < reviews.share < 1
    assert Practice.objects.filter(exemplar__isnull=False, review__bloc__year=2024).exists()
    # The acclaimed member leads its bloc's ranking; its bloc's moves are recorded.
    for review in Review.objects.select_related("bloc", "acclaimed")[:40]:
        standings = ranking.standings(review.bloc)
        assert standings[0].total == next(s.total for s in standings if s.member_id == review.acclaimed_id)
        assert review.proposed_title.code == "co-thi-dua-ldld-tinh"
        moves = Transition.objects.filter(owner_type__model="bloc", owner_id=str(review.bloc_id))
        assert list(moves.order_by("at").values_list("target", flat=True)) == ["scoring", "reviewed"]


def test_a_top_up_adds_the_blocs_to_a_database_generated_without_them(seeded):
    blocs = sorted(Bloc.objects.values_list("organiser_id", "year", "name", "state"))
    scores = Score.objects.count()
    people = list(Person.objects.order_by("pk").values_list("pk", "updated_at"))
    duties = Duty.objects.count()
    Review.objects.all().delete()  # an acclaimed member is protected while its review stands
    Bloc.objects.all().delete()
    Attachment.objects.filter(content_type__model="bloc").delete()
    Transition.objects.filter(owner_type__model="bloc").delete()
    out = seed("--top-up")
    assert "blocs_score" in out and "campaigns_duty" not in out and "notices_notice" not in out
    assert sorted(Bloc.objects.values_list("organiser_id", "year", "name", "state")) == blocs
    assert Score.objects.count() == scores and Duty.objects.count() == duties
    assert list(Person.objects.order_by("pk").values_list("pk", "updated_at")) == people
    assert "không thêm dòng nào" in seed("--top-up")
    assert Bloc.objects.count() == len(blocs)


def test_the_benchmark_officers_union_sits_in_a_bloc_of_2025(seeded):
    officer = RoleAssignment.objects.get(user__username="bench.district-officer", role=Role.UPPER_LEVEL_OFFICER)
    member = BlocMember.objects.get(unit=officer.unit, year=2025)
    assert Bloc.objects.visible_to(officer.user).filter(pk=member.bloc_id).exists()
    assert BlocMember.objects.visible_to(officer.user).filter(pk=member.pk).exists()
    assert isinstance(ranking.standings(member.bloc)[0].total, Decimal)
