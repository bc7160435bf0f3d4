"""`manage.py seed_demo`: the demo province, its history, members and one account per role."""

import datetime
import io
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from devtools import demo_data
from devtools.management.commands.seed_demo import browser_url, build_plan
from units.access import Role
from units.models import Person, Placement, RoleAssignment, TrainingRecord, Unit, UnitEvent, UnitYearStats

UPPER_LEVEL = [
    "Liên đoàn Lao động thành phố Điện Biên Phủ",
    "Liên đoàn Lao động thị xã Mường Lay",
    "Liên đoàn Lao động huyện Điện Biên",
    "Liên đoàn Lao động huyện Điện Biên Đông",
    "Liên đoàn Lao động huyện Mường Ảng",
    "Liên đoàn Lao động huyện Mường Chà",
    "Liên đoàn Lao động huyện Mường Nhé",
    "Liên đoàn Lao động huyện Nậm Pồ",
    "Liên đoàn Lao động huyện Tủa Chùa",
    "Liên đoàn Lao động huyện Tuần Giáo",
    "Công đoàn ngành Y tế",
    "Công đoàn ngành Giáo dục",
    "Công đoàn Viên chức tỉnh",
]
USERNAMES = ["quantri", "canbo.cspl", "canbo.dbp", "chutich.cdcs", "lanhdao", "hoidong"]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def output(db):
    return seed()


def test_the_plan_has_unique_stable_codes():
    plan = build_plan()
    codes = [p.code for p in plan]
    assert len(codes) == len(set(codes))
    assert plan == build_plan()
    assert {"LDLD-DB", "TP-DBP", "H-TG", "CDCS-TG-012"} <= set(codes)


def test_the_tree_of_the_seed_plan(output):
    root = Unit.objects.get(parent=None)
    assert root.name == "Liên đoàn Lao động tỉnh Điện Biên"
    assert root.unit_type.is_province_federation
    upper = Unit.objects.filter(parent=root, name__in=UPPER_LEVEL)
    assert sorted(upper.values_list("name", flat=True)) == sorted(UPPER_LEVEL)
    assert all(unit.unit_type.is_upper_level for unit in upper)

    grassroots = Unit.objects.filter(unit_type__is_grassroots=True)
    assert grassroots.active().count() >= 150
    assert grassroots.filter(parent=root).count() >= 5
    assert grassroots.filter(name__startswith="Công đoàn Trường Tiểu học", parent__code="H-TG").exists()
    assert grassroots.filter(name="Công đoàn Công ty Điện lực Điện Biên", parent=root, sector="state_enterprise").exists()
    assert not Unit.objects.filter(active_from=None).exists()


def test_yearly_counts_add_up(output):
    active = Unit.objects.active()
    for year in demo_data.YEARS:
        assert UnitYearStats.objects.filter(year=year, unit__in=active).count() == active.count()
    stats = UnitYearStats.objects.filter(unit__unit_type__is_grassroots=True)
    assert all(s.members > 0 and s.workers >= s.members and 0 <= s.women <= s.members for s in stats)
    district = Unit.objects.get(code="H-TG")
    for year in demo_data.YEARS:
        below = UnitYearStats.objects.filter(year=year, unit__path__startswith=district.path).exclude(unit=district)
        upper = district.year_stats.get(year=year)
        assert upper.members == sum(s.members for s in below) + district.people.current().count()


def test_the_latest_counts_are_the_registrys(output):
    """A unit page shows its registry beside its yearly counts: in the demo the latest year agrees."""
    latest = demo_data.YEARS[-1]
    for unit in Unit.objects.active():
        registry = Person.objects.current().in_subtree(unit)
        stats = unit.year_stats.get(year=latest)
        assert (stats.members, stats.women) == (registry.count(), registry.filter(sex="F").count()), unit.code
        assert stats.workers >= stats.members
        # Earlier years are plausible: those who left since were still members, numbers drift a little.
        for earlier in unit.year_stats.exclude(year=latest):
            assert 0.7 * stats.members <= earlier.members <= 1.4 * stats.members + 3, (unit.code, earlier.year)
            assert earlier.women <= earlier.members <= earlier.workers
    root = Unit.objects.get(parent=None)
    assert root.year_stats.get(year=latest).members == Person.objects.current().count()


def test_members_who_left_have_it_on_their_page(output):
    departed = Person.objects.departed()
    assert departed.exists()
    for person in departed:
        event = person.events.get(kind="left")
        assert (event.effective_on, event.reason, event.from_unit_id) == (person.left_on, person.left_reason, person.unit_id)
        assert event.recorded_by.username == "he-thong"  # the demo acts as the system account


def test_members_and_emulation_staff(output):
    people = Person.objects.all()
    assert 2500 <= people.count() <= 3500
    assert people.filter(sex="F").count() / people.count() == pytest.approx(0.5, abs=0.1)
    ids = people.exclude(citizen_id=None).values_list("citizen_id", flat=True)
    assert 0.5 < len(ids) / people.count() < 0.7
    assert all(len(cid) == 12 and cid.startswith("011") and cid.isdigit() for cid in ids)
    assert people.filter(ethnicity__name="H'Mông").count() > people.filter(ethnicity__name="Kinh").count()
    assert people.search("nguyen van hung").count() >= 3
    assert people.filter(category__is_direct_worker=True).count() > people.count() / 2
    for unit in Unit.objects.active().filter(unit_type__is_grassroots=True):
        assert unit.people.filter(union_post=demo_data.CHAIR).count() == 1

    staff = people.filter(works_on_emulation=True)
    root = Unit.objects.get(code="LDLD-DB")
    assert staff.filter(unit=root).count() >= 3
    assert staff.filter(unit__unit_type__is_upper_level=True).values("unit").distinct().count() == 13
    trained = staff.filter(trainings__isnull=False).distinct().count()
    assert 0.65 <= trained / staff.count() <= 0.95
    assert TrainingRecord.objects.filter(attended=False).exists()
    assert not TrainingRecord.objects.exclude(held_on__year__in=demo_data.YEARS).exists()


def test_every_demo_account_can_log_in(output, client):
    assert demo_data.PASSWORD in output and "Mở trình duyệt: http://127.0.0.1:8000/" in output
    for username in USERNAMES:
        assert username in output
        user = get_user_model().objects.get(username=username)
        assert user.get_full_name()
        assert user.role_assignments.exists()
        assert log_in(client, username, demo_data.PASSWORD), username
    admin = get_user_model().objects.get(username="quantri")
    assert admin.is_superuser and admin.is_staff
    assert get_user_model().objects.get(username="canbo.cspl").is_staff

    chair = RoleAssignment.objects.get(user__username="chutich.cdcs", role=Role.GRASSROOTS_CHAIR)
    assert chair.unit.unit_type.is_grassroots
    assert chair.unit.parent.code == "TP-DBP"
    assert chair.unit.people.count() >= 4
    assert chair.user.get_full_name() == chair.unit.people.get(union_post=demo_data.CHAIR).full_name
    officer = RoleAssignment.objects.get(user__username="canbo.dbp", role=Role.UPPER_LEVEL_OFFICER)
    assert officer.unit.code == "TP-DBP"


def test_history_for_the_tree_as_of_a_date(output):
    merged = Unit.objects.get(events__kind=UnitEvent.Kind.MERGED)
    assert merged.successor is not None and merged.active_until == datetime.date(2024, 8, 1)
    assert merged.successor.is_active

    dissolved = Unit.objects.get(events__kind=UnitEvent.Kind.DISSOLVED)
    assert dissolved.active_until == datetime.date(2025, 3, 1) and dissolved.successor is None

    moved = Unit.objects.get(events__kind=UnitEvent.Kind.MOVED)
    periods = list(moved.placements.order_by("valid_from").values_list("parent__code", "valid_from", "valid_until"))
    assert len(periods) == 2
    (old_parent, start, end), (new_parent, restart, open_end) = periods
    assert (old_parent, new_parent) == ("H-DB", "TP-DBP")
    assert start < end == restart == datetime.date(2023, 4, 1) and open_end is None
    assert Placement.objects.on(datetime.date(2022, 1, 1)).get(unit=moved).parent.code == "H-DB"


def test_a_second_run_adds_and_changes_nothing(output):
    def snapshot():
        return {
            "units": list(Unit.objects.order_by("pk").values_list("pk", "path", "updated_at")),
            "people": Person.objects.count(),
            "last_person_change": max(Person.objects.values_list("updated_at", flat=True)),
            "trainings": TrainingRecord.objects.count(),
            "stats": UnitYearStats.objects.count(),
            "placements": Placement.objects.count(),
            "events": UnitEvent.objects.count(),
            "accounts": list(get_user_model().objects.order_by("pk").values_list("pk", "password", "first_name")),
            "roles": RoleAssignment.objects.count(),
        }

    before = snapshot()
    again = seed()
    assert snapshot() == before
    assert "tạo mới: 0 đơn vị, 0 thay đổi lịch sử, 0 bản số liệu năm, 0 người, 0 lượt tập huấn, 0 tài khoản" in again


def test_province_staff_keep_the_catalogues_in_the_admin(output, client):
    assert log_in(client, "canbo.cspl", "demo@2026")
    assert client.get("/admin/units/unittype/").status_code == 200
    assert client.get("/admin/units/employeecategory/add/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403


def log_in(client, username, password) -> bool:
    """Through the login page, as people do (the login guard wants the request)."""
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302


def test_a_unit_page_says_which_number_is_the_registry_and_which_the_report(output, client):
    assert log_in(client, "canbo.dbp", demo_data.PASSWORD)
    city = Unit.objects.get(code="TP-DBP")
    page = client.get(city.get_absolute_url()).content.decode()
    registry = Person.objects.current().in_subtree(city).count()
    reported = city.year_stats.get(year=demo_data.YEARS[-1]).members
    assert registry == reported
    assert "Đoàn viên kể cả cấp dưới (trong sổ đoàn viên)" in page and "Số liệu báo cáo năm" in page
    assert f"{registry:,}".replace(",", ".") in page


def test_the_summary_names_the_address_make_run_serves(db):
    out = io.StringIO()
    call_command("seed_demo", "--host", "0.0.0.0", "--port", "8701", stdout=out)
    assert "Mở trình duyệt: http://127.0.0.1:8701/" in out.getvalue()
    assert browser_url("192.168.1.20", 8000) == "http://192.168.1.20:8000/"
    assert browser_url("::1", 8000) == "http://[::1]:8000/"


def test_make_run_passes_its_host_and_port_to_the_demo_and_the_server():
    base = Path(settings.BASE_DIR)
    done = subprocess.run(["make", "-n", "run", "HOST=0.0.0.0", "PORT=8701"], cwd=base, capture_output=True, text=True,
                          check=True)
    assert "seed_demo --host 0.0.0.0 --port 8701" in done.stdout
    assert "runserver 0.0.0.0:8701" in done.stdout


# --- campaigns (issue 14) -------------------------------------------------------------------


def test_the_plans_seven_campaigns_for_two_years_launched_by_the_province(output):
    from campaigns.duties import refresh_duties
    from campaigns.models import Campaign
    from portal.attachments.models import Attachment

    root = Unit.objects.get(parent=None)
    campaigns = Campaign.objects.all()
    assert sorted(campaigns.values_list("year", "name")) == sorted(
        (year, spec.name) for year in (2024, 2025) for spec in demo_data.CAMPAIGNS)
    assert set(campaigns.values_list("launching_unit", flat=True)) == {root.pk}
    assert set(campaigns.filter(year=2024).values_list("state", flat=True)) == {Campaign.State.CLOSED}
    assert set(campaigns.filter(year=2025).values_list("state", flat=True)) == {Campaign.State.LAUNCHED}
    for campaign in campaigns:
        # Who owes is the rule's: refreshing again changes nothing; each has its launch document as a real PDF.
        assert refresh_duties(campaign) == {"added": 0, "changed": 0, "removed": 0}
        document = Attachment.objects.of(campaign).get()
        assert document.kind == "pdf" and document.file.open().read().startswith(b"%PDF-1.4")
    enterprise = Campaign.objects.get(year=2025, name="Năng suất cao hơn, chất lượng tốt hơn")
    assert set(enterprise.duties.values_list("unit__sector", flat=True)) <= set(demo_data.ENTERPRISES)
    women = Campaign.objects.get(year=2025, name="Giỏi việc nước, Đảm việc nhà")
    assert women.women_units_only and women.duties.exists()
    union_work = Campaign.objects.get(year=2025, name="Đổi mới, sáng tạo, hiệu quả trong hoạt động công đoàn")
    assert set(union_work.duties.values_list("unit__unit_type__is_upper_level", flat=True)) == {True}


def test_coverage_is_incomplete_some_districts_late_some_plans_without_launch(output):
    from campaigns.models import Campaign, Duty

    today = datetime.date(2026, 1, 1)
    campaign = Campaign.objects.get(year=2025, name="Lao động giỏi, Lao động sáng tạo")
    duties = Duty.objects.counted().filter(campaign=campaign)
    done = duties.done().count()
    assert 0.6 * duties.count() < done < 0.95 * duties.count()

    def late_share(code):
        under = duties.filter(unit_path__startswith=Unit.objects.get(code=code).path)
        return under.late_on(today).count() / under.count()

    assert late_share("H-MN") > 0.3 and late_share("TX-ML") < 0.2  # a mountain district is late, the town is not
    assert duties.filter(plan_date__isnull=False, launched_on__isnull=True).exists()
    for duty in duties.done():
        assert campaign.document_date < duty.plan_date <= duty.launched_on < today


def test_the_demo_chair_has_duties_done_and_late_with_their_files(output):
    from campaigns.models import Duty
    from portal.attachments.models import Attachment

    chair = RoleAssignment.objects.get(user__username="chutich.cdcs", role=Role.GRASSROOTS_CHAIR)
    duties = Duty.objects.filter(unit=chair.unit, campaign__year=2025)
    today = datetime.date(2026, 1, 1)
    late = [d for d in duties.select_related("campaign") if d.is_late_on(today)]
    done = list(duties.done())
    assert late and done
    assert all(Attachment.objects.of(duty).count() == 2 for duty in done)


def test_registrations_progress_reviews_exemplars_and_replications(output):
    from campaigns.models import Exemplar, ProgressEntry, Registration, Replication, Review

    assert Registration.objects.count() > 50
    for registration in Registration.objects.prefetch_related("entries__person")[:40]:
        assert registration.collective_title.for_collective
        assert all(entry.person.unit_id == registration.unit_id and not entry.title.for_collective
                   for entry in registration.entries.all())
    assert ProgressEntry.objects.exists()
    final = Review.objects.filter(kind=Review.Kind.FINAL, campaign__year=2024, unit__parent=None)
    assert final.count() == 7 and final.filter(benefit_value__gt=0).exists()
    assert set(Exemplar.objects.values_list("kind", flat=True)) == {"person", "unit", "practice"}
    published = Exemplar.objects.published()
    assert 0 < published.count() < Exemplar.objects.count()
    assert all(exemplar.person.full_name in exemplar.title for exemplar in Exemplar.objects.filter(kind="person"))
    assert Replication.objects.filter(exemplar__in=published).exists()


def test_a_second_run_adds_no_campaign_rows(output):
    from campaigns.models import Campaign, Duty, Exemplar, Registration, Review
    from portal.attachments.models import Attachment

    tables = [Campaign, Duty, Registration, Review, Exemplar, Attachment]
    before = {model: model.objects.count() for model in tables}
    done = list(Duty.objects.done().order_by("pk").values_list("pk", "plan_date", "launched_on"))
    assert "Phong trào thi đua: 0 phong trào mới" in seed()
    assert {model: model.objects.count() for model in tables} == before
    assert list(Duty.objects.done().order_by("pk").values_list("pk", "plan_date", "launched_on")) == done
def test_the_demo_award_ledger(output):
    from awards import history
    from awards.models import Award, Decision

    issuers = set(Decision.objects.filter(source="portal", issuer_name="", corrects__isnull=True).values_list("issuing_unit__code", "year"))
    assert {(code, year) for code in ("LDLD-DB", *demo_data.AWARD_DISTRICTS) for year in demo_data.AWARD_YEARS} <= issuers
    assert Decision.objects.get(issuing_unit__code="LDLD-DB", year=2025, corrects__isnull=True).reference == "125/QĐ-LĐLĐ"
    correcting = Decision.objects.get(corrects__isnull=False)
    assert correcting.correction == "cancel" and Award.objects.filter(cancelled_by=correcting).count() == 1
    assert Award.objects.filter(award_type__code="sang-kien", benefit_value__gt=0).exists()
    assert Decision.objects.filter(issuer_name__gt="").exists()  # an employer's award
    titled = list(Award.objects.filter(form__code="chien-si-thi-dua-co-so").values_list("person_id", flat=True).distinct())
    chains = [history.consecutive_years(h, "chien-si-thi-dua-co-so", up_to=2024) for h in history.history_of_people(titled).values()]
    assert 3 in chains and 1 in chains
    assert Decision.objects.filter(source="import").exists()
    count = Award.objects.count()
    seed()
    assert Award.objects.count() == count


# --- emulation blocs (issue 15) ---------------------------------------------------------------


def test_the_provinces_two_blocs_for_2024_reviewed_and_2025_half_self_scored(output):
    from blocs import kpi, ranking
    from blocs.models import Bloc, Score
    from devtools import demo_blocs
    from portal.attachments.models import Attachment

    root = Unit.objects.get(parent=None)
    blocs = Bloc.objects.filter(organiser=root)
    assert sorted(blocs.values_list("year", "name")) == sorted(
        (year, name) for year in (2024, 2025) for name in (demo_blocs.DISTRICTS, demo_blocs.DIRECT))
    districts = blocs.get(year=2024, name=demo_blocs.DISTRICTS)
    assert set(districts.members.values_list("unit__unit_type__code", flat=True)) == {"ldld-huyen"}
    assert districts.members.count() == 10
    direct = blocs.get(year=2024, name=demo_blocs.DIRECT)
    assert {m.unit.parent_id for m in direct.members.select_related("unit")} == {root.pk}
    assert direct.members.filter(unit__unit_type__is_grassroots=True).exists()
    assert direct.members.filter(unit__unit_type__code="cd-nganh").exists()
    for bloc in blocs:
        assert bloc.leader and bloc.deputy and bloc.leader != bloc.deputy and bloc.pledge_signed_on
        pledge = Attachment.objects.of(bloc).get(purpose="pledge")
        assert pledge.file.open().read().startswith(b"%PDF-1.4")

    # 2024: everyone scored, self and official; some official scores differ, each with its reason.
    for bloc in blocs.filter(year=2024):
        assert bloc.state == Bloc.State.REVIEWED
        scores = Score.objects.filter(member__bloc=bloc)
        assert not scores.filter(self_points__isnull=True).exists() and not scores.filter(official_points__isnull=True).exists()
        changed = [s for s in scores if s.changed]
        assert changed and all(s.official_reason for s in changed)
        standings = ranking.standings(bloc)
        assert {s.rating for s in standings} >= {"Tốt", "Khá"}
        review = bloc.review
        assert review.acclaimed_id == standings[0].member_id
        assert review.proposed_title.code == "co-thi-dua-ldld-tinh"
        assert review.practices.filter(exemplar__isnull=False).exists()
        assert Attachment.objects.of(review).exists()
    assert kpi.bloc_reviews(get_user_model().objects.get(username="canbo.cspl"), 2024).counted == 2

    # 2025: the sheet copied from 2024 with two criteria adjusted; scoring open, half self-scored, no review.
    for bloc in blocs.filter(year=2025):
        last = blocs.get(year=2024, name=bloc.name)
        assert bloc.state == Bloc.State.SCORING and bloc.sheet_copied_from == last
        assert not hasattr(bloc, "review") or bloc.review is None
        before = {c.code: (c.name, c.max_points) for c in last.criteria.all()}
        now = {c.code: (c.name, c.max_points) for c in bloc.criteria.all()}
        assert before.keys() == now.keys() and sorted(code for code in now if now[code] != before[code]) == ["2.1", "2.2"]
        scored = bloc.members.filter(scores__self_points__isnull=False).distinct().count()
        assert scored == bloc.members.count() // 2
        assert bloc.leader.unit_id == last.review.acclaimed.unit_id  # the leader rotates: 2024's acclaimed leads


def test_the_demo_logins_see_their_blocs_and_members_self_score_with_their_own_accounts(output):
    from django.test import Client

    from blocs import rules
    from blocs.models import Bloc, Score

    User = get_user_model()
    staff, officer = User.objects.get(username="canbo.cspl"), User.objects.get(username="canbo.dbp")
    assert Bloc.objects.visible_to(staff).count() == 4
    mine = Bloc.objects.visible_to(officer)
    assert mine.count() == 2 and set(mine.values_list("name", flat=True)) == {"Khối các LĐLĐ huyện, thị xã, thành phố"}
    # The district officer's union has not self-scored 2025 yet and still may.
    member = mine.get(year=2025).members.get(unit__code="TP-DBP")
    assert not member.scores.exists() and rules.can_self_score(officer, member)
    # On the pages: the officer's bloc ranks its members; the other bloc is not there for it (404).
    client = Client()
    assert log_in(client, "canbo.dbp", demo_data.PASSWORD)
    own = mine.get(year=2025)
    other = Bloc.objects.get(year=2025, name="Khối các công đoàn ngành và CĐCS trực thuộc")
    page = client.get(reverse("blocs:ranking", args=[own.pk]))
    assert page.status_code == 200 and "Liên đoàn Lao động huyện Tuần Giáo" in page.content.decode()
    assert client.get(reverse("blocs:ranking", args=[other.pk])).status_code == 404
    # Every self-score was entered by the member unit's own chair or officer.
    for score in Score.objects.filter(self_points__isnull=False).select_related("member__unit", "self_by")[:200]:
        assert rules.is_self_scorer(score.self_by, score.member)


def test_a_second_run_adds_no_bloc_rows(output):
    from blocs.models import Bloc, BlocMember, Practice, Review, Score

    tables = [Bloc, BlocMember, Score, Review, Practice]
    before = {model: model.objects.count() for model in tables}
    seed()
    assert {model: model.objects.count() for model in tables} == before
