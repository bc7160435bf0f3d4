"""Campaigns on a generated union database, in the national shape (`seed_scale`, `seed_scale --top-up`).

Every provincial-level union (LĐLĐ tỉnh, Công đoàn ngành Trung ương; the root at province scale)
launches the plan's seven campaigns (devtools.demo_data.CAMPAIGNS) for 2024 (closed) and 2025
(running). Who owes each is asked of the one rule, `campaigns.duties.applicable_units`, per campaign;
the rows then say what `refresh_duties` would make of them (merged units pass their duty to the last
successor, units that ended undone are closed), which the tests check by running refresh_duties and
seeing it change nothing. About 85% of the duties are done (each upper-level union's share drawn
around that, a few of them far behind), some have a plan but no launch.

On top: registrations with members' titles for "Lao động giỏi, Lao động sáng tạo", half-year progress
of the upper-level unions, reviews (the launcher's sơ kết / tổng kết, some upper-level unions'),
exemplars (some published) with replications, and the launch document of each campaign as an
attachment row on the shared benchmark PDF. Rows go in with scale.write_rows (COPY on PostgreSQL),
one COPY per launching union for the duties; on PostgreSQL the duty table's indexes and constraints
are dropped for the load and rebuilt from their own definitions when it was empty.
"""

from __future__ import annotations

import datetime
import functools
import json
import random
import time
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from campaigns.duties import _final_successors, applicable_units
from campaigns.models import (
    Campaign,
    Duty,
    Exemplar,
    LaunchMethod,
    ProgressEntry,
    Registration,
    RegistrationEntry,
    Replication,
    Review,
    Title,
)
from devtools import demo_data, scale
from portal.attachments.models import Attachment
from portal.models import Transition
from units.models import Person, Unit, UnitType
from units.text import search_text_of

CODE_PREFIX = "GEN-PT-"  # every generated campaign's code starts with it
YEARS = (2024, 2025)
DOCUMENTS = {2024: ("08/KH-LĐLĐ", datetime.date(2024, 2, 26)), 2025: ("05/KH-LĐLĐ", datetime.date(2025, 2, 17))}
PLANS_DUE_AFTER = datetime.timedelta(days=45)
DONE_SHARE = 0.85  # around this, per upper-level union
BEHIND_EVERY = 10  # one upper-level union in ten is far behind (half done)
PLAN_ONLY_SHARE = 0.4  # of the duties not done: a plan but no launch
REGISTER_SHARE = 0.12  # of the CĐCS done with "Lao động giỏi": registered, with ENTRIES members each
ENTRIES = 3
REVIEW_SHARE = 0.3  # of the upper-level unions done with a campaign: held a review
EXEMPLARS_PER_CAMPAIGN = 4
PUBLISHED_SHARE = 0.4
EXEMPLAR_POOL = 300  # done duties per campaign kept to draw its exemplars and replications from

CAMPAIGN_MODELS = [Campaign, Campaign.unit_types.through, Duty, Registration, RegistrationEntry, ProgressEntry, Review,
                   Exemplar, Replication]
scale.FIELDS.update({
    Campaign: ["id", "code", "name", "theme", "kind", "year", "launching_unit_id", "parent_id", "launched_outside_by",
               "starts_on", "ends_on", "plans_due_on", "sectors", "women_units_only", "criteria", "targets",
               "document_number", "document_date", "state", "launched_at", "created_by_id", "created_at", "updated_at"],
    Campaign.unit_types.through: ["id", "campaign_id", "unittype_id"],
    Duty: ["id", "campaign_id", "unit_id", "unit_path", "state", "origin", "passed_to_id", "plan_number", "plan_date",
           "plan_recorded_by_id", "plan_recorded_at", "launched_on", "launch_method", "launch_recorded_by_id",
           "launch_recorded_at", "note", "reminded_at", "version", "created_at", "updated_at"],
    Registration: ["id", "campaign_id", "unit_id", "year", "registered_on", "collective_title_id", "note", "recorded_by_id",
                   "created_at", "updated_at"],
    RegistrationEntry: ["id", "registration_id", "person_id", "title_id"],
    ProgressEntry: ["id", "campaign_id", "unit_id", "period_start", "period_end", "summary", "recorded_by_id", "created_at"],
    Review: ["id", "campaign_id", "unit_id", "kind", "held_on", "summary", "participants", "initiatives", "benefit_value",
             "recorded_by_id", "created_at"],
    Exemplar: ["id", "kind", "campaign_id", "unit_id", "person_id", "title", "description", "recognised_on", "photo_id",
               "search_text", "published_at", "published_by_id", "unpublished_at", "unpublished_by_id", "public_token",
               "recorded_by_id", "created_at", "updated_at"],
    Replication: ["id", "exemplar_id", "unit_id", "started_on", "note", "recorded_by_id", "created_at"],
})
METHODS = [LaunchMethod.MEETING] * 6 + [LaunchMethod.NOTICE] * 3 + [LaunchMethod.OTHER]


def generated_campaigns():
    return Campaign.objects.filter(code__startswith=CODE_PREFIX)


def _d(day):
    return day.isoformat() if day else None


@functools.lru_cache(maxsize=4096)
def _stamp(day: datetime.date, hour: int) -> str:
    from devtools.topup import stamp

    return stamp(datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC))


def launchers():
    """The provincial-level unions that launch (the root itself at province scale)."""
    federations = Unit.objects.filter(unit_type__is_province_federation=True, code__startswith=scale.CODE_PREFIX).active()
    return list(federations.order_by("path"))


class Seeder:
    def __init__(self, *, seed: int, say: Callable[[str], None], forced: dict[int, dict[str, str]] | None = None):
        self.seed, self.say = seed, say
        self.forced = forced or {}  # unit id -> {campaign key: done | plan | none} (the benchmark chair's union)
        self.counts: dict = {}
        self.types = UnitType.objects.in_bulk(field_name="code")
        self.titles = Title.objects.in_bulk(field_name="code")
        self.now = scale.timestamp_value()
        self.step = Unit.steplen

    def write(self, model, rows, **kwargs) -> int:
        n = scale.write_rows(model, rows, **kwargs)
        self.counts[model] = self.counts.get(model, 0) + n
        return n

    def run(self) -> dict:
        from devtools.topup import next_id

        units = launchers()
        if not units:
            return {}
        postgres = connection.vendor == "postgresql"
        self.campaigns = self.make_campaigns(units)
        deferred = None
        if postgres and not Duty.objects.exists():
            with connection.cursor() as cursor:
                # The campaign rows' deferred foreign-key checks run now: pending ones forbid the ALTER TABLE.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            deferred = scale.drop_indexes([Duty])
        started, rows = time.monotonic(), 0
        self.next_duty = next_id(Duty)
        self.rule_seconds = 0.0  # of duty_seconds: asking the rule who owes (one query per campaign)
        self.done: dict[int, list[tuple]] = {}  # campaign id -> (unit id, is grassroots, is upper, launched on)
        for n, launcher in enumerate(units, start=1):
            rows += self.write(Duty, self.duty_rows(launcher))
            if n % 10 == 0 or n == len(units):
                rate = rows / max(time.monotonic() - started, 1e-9)
                self.say(f"  {n}/{len(units)} đơn vị phát động: {rows:,} nghĩa vụ ({rate:,.0f} dòng/s)")
        self.duty_seconds = time.monotonic() - started
        if deferred:
            scale.recreate_indexes(deferred, log=lambda line: self.say(f"  {line}"))
        self.duty_seconds_with_indexes = time.monotonic() - started
        self.registrations()
        self.progress_and_reviews()
        self.exemplars()
        self.attachments()
        scale.reset_sequences(CAMPAIGN_MODELS + [Transition])
        return self.counts

    # --- campaigns ---------------------------------------------------------------------------

    def make_campaigns(self, units: list[Unit]) -> list[tuple]:
        """(campaign, spec, launcher) for each launcher × year × the seven; written with their unit types and the
        moves the launch (and, for 2024, the close) would have recorded."""
        from devtools.topup import next_id

        first = next_id(Campaign)
        rows, through, moves, made = [], [], [], []
        pk = first
        for launcher in units:
            for year in YEARS:
                number, day = DOCUMENTS[year]
                for spec in demo_data.CAMPAIGNS:
                    state = Campaign.State.CLOSED if year < YEARS[-1] else Campaign.State.LAUNCHED
                    rows.append((pk, f"{CODE_PREFIX}{launcher.pk}-{year}-{spec.key}", spec.name, spec.theme,
                                 Campaign.Kind.REGULAR, year, launcher.pk, None, "", _d(day), _d(datetime.date(year, 12, 31)),
                                 _d(day + PLANS_DUE_AFTER), json.dumps(list(spec.sectors)), spec.women_units_only,
                                 spec.criteria, spec.targets, number, _d(day), state, _stamp(day, 9), None, self.now, self.now))
                    through += [(spec_type, pk) for spec_type in spec.unit_types]
                    moves.append((pk, "", Campaign.State.DRAFT, day, 8))
                    moves.append((pk, Campaign.State.DRAFT, Campaign.State.LAUNCHED, day, 9))
                    if state == Campaign.State.CLOSED:
                        moves.append((pk, Campaign.State.LAUNCHED, Campaign.State.CLOSED, datetime.date(year + 1, 1, 15), 9))
                    made.append((pk, spec, launcher, year))
                    pk += 1
        self.write(Campaign, rows)
        first_through = next_id(Campaign.unit_types.through)
        self.write(Campaign.unit_types.through, ((first_through + i, campaign, self.types[code].pk)
                                                 for i, (code, campaign) in enumerate(through)))
        owner_type = ContentType.objects.get_for_model(Campaign).pk
        first_move = next_id(Transition)
        # Only the launch and the close are moves (a draft is created, not moved into).
        moves = [m for m in moves if m[1]]
        self.write(Transition, ((first_move + i, owner_type, str(c), source, target, None, _stamp(day, hour), "")
                                for i, (c, source, target, day, hour) in enumerate(moves)))
        by_pk = Campaign.objects.in_bulk([m[0] for m in made])
        for pk, _spec, launcher, _year in made:
            by_pk[pk].launching_unit = launcher
        return [(by_pk[pk], spec, launcher, year) for pk, spec, launcher, year in made]

    # --- duties ------------------------------------------------------------------------------

    def duty_rows(self, launcher: Unit):
        """The duties of the launcher's fourteen campaigns, as refresh_duties would leave them, with what was
        recorded. The units are read before the COPY starts (a query cannot run during it)."""
        rng = random.Random(f"{self.seed}:campaigns:{launcher.pk}")
        depth = launcher.depth + 1
        share_of: dict[str, float] = {}
        planned = []
        asked = time.monotonic()
        for campaign, spec, owner, year in self.campaigns:
            if owner.pk != launcher.pk:
                continue
            rows = list(applicable_units(campaign).values_list(
                "pk", "path", "active_until", "successor_id", "unit_type__is_grassroots", "unit_type__is_upper_level"))
            planned.append((campaign, spec, year, rows, self.successors(rows)))
        self.rule_seconds += time.monotonic() - asked

        def generate():
            for campaign, spec, year, rows, (final, extra) in planned:
                ids = {}
                for unit in [*rows, *extra]:
                    ids[unit[0]] = self.next_duty
                    self.next_duty += 1
                applicable = {unit[0] for unit in rows}
                done = self.done.setdefault(campaign.pk, [])
                for pk, path, until, _successor, grassroots, upper in [*rows, *extra]:
                    origin = Duty.Origin.APPLIES if pk in applicable else Duty.Origin.SUCCESSOR
                    passed_to, recorded = None, ("none", "", None, "", None)
                    if pk in final:
                        state, passed_to = Duty.State.PASSED, ids[final[pk]]
                    elif until is not None:
                        state = Duty.State.ENDED
                    else:
                        state = Duty.State.OWED
                        top = path[: depth * self.step]
                        if top not in share_of:
                            behind = random.Random(f"{self.seed}:behind:{top}")
                            share_of[top] = (0.5 if behind.random() < 1 / BEHIND_EVERY
                                             else min(0.99, DONE_SHARE + 0.04 + (behind.random() - 0.5) * 0.12))
                        recorded = self.recorded(rng, campaign, spec.key, pk, share_of[top])
                    outcome, plan_number, plan_date, method, launched_on = recorded
                    # Kept for what follows (registrations of "Lao động giỏi", the upper levels' reviews and
                    # progress, a sample to draw exemplars from), not every done duty of the country.
                    if outcome == "done" and (upper or spec.key == "LDG" or len(done) < EXEMPLAR_POOL):
                        done.append((pk, grassroots, upper, launched_on))
                    yield (ids[pk], campaign.pk, pk, path, state, origin, passed_to, plan_number, _d(plan_date), None,
                           _stamp(plan_date, 10) if plan_date else None, _d(launched_on), method, None,
                           _stamp(launched_on, 15) if launched_on else None, "", None, 1, self.now, self.now)

        return generate()

    def successors(self, rows: list[tuple]) -> tuple[dict[int, int], list[tuple]]:
        """refresh_duties' reading of merges: merged unit → its last successor, and the successors that owe the
        campaign only by taking a duty over (not applicable themselves)."""
        merged = {pk: successor for pk, _path, until, successor, _g, _u in rows if until is not None and successor is not None}
        if not merged:
            return {}, []
        final = _final_successors(merged)
        present = {row[0] for row in rows}
        missing = set(final.values()) - present
        extra = [tuple(row) for row in Unit.objects.filter(pk__in=missing).order_by("pk").values_list(
            "pk", "path", "active_until", "successor_id", "unit_type__is_grassroots", "unit_type__is_upper_level")]
        return final, extra

    def recorded(self, rng: random.Random, campaign, key: str, unit_id: int, share: float):
        """(outcome, plan number, plan date, launch method, launched on)."""
        outcome = self.forced.get(unit_id, {}).get(key) if campaign.year == YEARS[-1] else None
        draw = rng.random()
        if outcome is None:
            outcome = "done" if draw < share else "plan" if rng.random() < PLAN_ONLY_SHARE else "none"
        if outcome == "none":
            return ("none", "", None, "", None)
        plan_date = campaign.document_date + datetime.timedelta(days=4 + int(rng.random() * (36 if rng.random() < 0.9 else 70)))
        number = f"{1 + int(rng.random() * 30):02d}/KH-CĐ"
        if outcome == "plan":
            return ("plan", number, plan_date, "", None)
        launched = plan_date + datetime.timedelta(days=int(rng.random() * 15))
        return ("done", number, plan_date, METHODS[int(rng.random() * len(METHODS))], launched)

    # --- registrations, progress, reviews -----------------------------------------------------

    def people_of(self, unit_ids: list[int], per_unit: int) -> dict[int, list[int]]:
        """The first current members of each unit (by id), in chunks."""
        found: dict[int, list[int]] = {}
        for start in range(0, len(unit_ids), 2_000):
            chunk = unit_ids[start:start + 2_000]
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT unit_id, id FROM (SELECT unit_id, id, ROW_NUMBER() OVER (PARTITION BY unit_id ORDER BY id) AS n "
                    f"FROM {Person._meta.db_table} WHERE left_on IS NULL AND unit_id IN ({', '.join(['%s'] * len(chunk))})) ranked "
                    "WHERE n <= %s ORDER BY unit_id, id", [*chunk, per_unit])
                for unit_id, person_id in cursor.fetchall():
                    found.setdefault(unit_id, []).append(person_id)
        return found

    def registrations(self) -> None:
        from devtools.topup import next_id

        rng = random.Random(f"{self.seed}:registrations")
        collective = [self.titles["tap-the-lao-dong-tien-tien"].pk] * 3 + [self.titles["tap-the-lao-dong-xuat-sac"].pk]
        individual = [self.titles["lao-dong-tien-tien"].pk] * 4 + [self.titles["chien-si-thi-dua-co-so"].pk]
        chosen = []
        forced = set(self.forced)
        for campaign, spec, _launcher, year in self.campaigns:
            if spec.key != "LDG":
                continue
            for unit_id, grassroots, _upper, launched_on in self.done.get(campaign.pk, []):
                if grassroots and (unit_id in forced or rng.random() < REGISTER_SHARE):
                    chosen.append((campaign, unit_id, year, launched_on))
        people = self.people_of(sorted({unit_id for _c, unit_id, _y, _l in chosen}), ENTRIES)
        first, first_entry = next_id(Registration), next_id(RegistrationEntry)
        entries = []
        rows = []
        for n, (campaign, unit_id, year, launched_on) in enumerate(chosen):
            pk = first + n
            rows.append((pk, campaign.pk, unit_id, year, _d(launched_on + datetime.timedelta(days=3 + int(rng.random() * 15))),
                         collective[int(rng.random() * len(collective))], "", None, self.now, self.now))
            for person_id in people.get(unit_id, []):
                entries.append((first_entry + len(entries), pk, person_id, individual[int(rng.random() * len(individual))]))
        self.write(Registration, rows)
        self.write(RegistrationEntry, entries)
        self.entries = entries

    def progress_and_reviews(self) -> None:
        from devtools.topup import next_id

        rng = random.Random(f"{self.seed}:reviews")
        progress, reviews = [], []
        first_progress, first_review = next_id(ProgressEntry), next_id(Review)
        for campaign, spec, launcher, year in self.campaigns:
            last = year < YEARS[-1]
            kind = Review.Kind.FINAL if last else Review.Kind.INTERIM
            held = datetime.date(year, 12, 12) if last else datetime.date(year, 7, 18)
            innovative = spec.key in ("LDG", "NSC", "DMS")
            holders = [(launcher.pk, True)] + [(unit_id, False) for unit_id, _g, upper, _l in self.done.get(campaign.pk, [])
                                                if upper and rng.random() < REVIEW_SHARE]
            for unit_id, top in holders:
                initiatives = (40 + int(rng.random() * 200) if top else 2 + int(rng.random() * 25)) if innovative else 0
                reviews.append((first_review + len(reviews), campaign.pk, unit_id, kind,
                                _d(held - datetime.timedelta(days=0 if top else int(rng.random() * 20))),
                                f"{'Tổng kết' if last else 'Sơ kết'} phong trào “{campaign.name}” năm {year}.",
                                (150 if top else 30) + int(rng.random() * 150), initiatives,
                                initiatives * (8 + int(rng.random() * 32)) * 1_000_000, None, self.now))
            for unit_id, _g, upper, _l in self.done.get(campaign.pk, []):
                if upper:
                    progress.append((first_progress + len(progress), campaign.pk, unit_id, _d(campaign.starts_on),
                                     _d(datetime.date(year, 6, 30)),
                                     f"{60 + int(rng.random() * 40)}% CĐCS đã xây dựng kế hoạch; "
                                     f"{1 + int(rng.random() * 12)} hoạt động hưởng ứng.", None, self.now))
        self.write(ProgressEntry, progress)
        self.write(Review, reviews)

    # --- exemplars ----------------------------------------------------------------------------

    def exemplars(self) -> None:
        from devtools.topup import next_id

        rng = random.Random(f"{self.seed}:exemplars")
        person_of = {}
        for _pk, registration, person_id, _title in getattr(self, "entries", []):
            person_of.setdefault(registration, person_id)
        registrations = dict(Registration.objects.filter(campaign__code__startswith=CODE_PREFIX)
                             .values_list("unit_id", "pk")) if person_of else {}
        unit_person = {unit_id: person_of[pk] for unit_id, pk in registrations.items() if pk in person_of}
        exemplars, replications = [], []
        first, first_replication = next_id(Exemplar), next_id(Replication)
        tokens = set()
        for campaign, spec, _launcher, year in self.campaigns:
            done = self.done.get(campaign.pk, [])
            if not done:
                continue
            for n in range(EXEMPLARS_PER_CAMPAIGN):
                unit_id, grassroots, upper, launched_on = done[int(rng.random() * len(done))]
                person = unit_person.get(unit_id) if n == 0 else None
                kind = Exemplar.Kind.PERSON if person else Exemplar.Kind.UNIT if n % 2 else Exemplar.Kind.PRACTICE
                title = {Exemplar.Kind.PERSON: f"Gương điển hình phong trào “{spec.name}” năm {year}",
                         Exemplar.Kind.UNIT: f"Tập thể tiêu biểu phong trào “{spec.name}” năm {year}",
                         Exemplar.Kind.PRACTICE: f"Mô hình, cách làm hay số {n + 1} trong phong trào “{spec.name}” năm {year}"}[kind]
                description = "Được phát hiện, bồi dưỡng và nhân rộng trong năm; đơn vị khác đã học tập, áp dụng."
                recognised = min(campaign.ends_on, launched_on + datetime.timedelta(days=60 + int(rng.random() * 180)))
                published = rng.random() < PUBLISHED_SHARE
                token = f"{rng.getrandbits(64):016x}"
                while token in tokens:
                    token = f"{rng.getrandbits(64):016x}"
                tokens.add(token)
                pk = first + len(exemplars)
                exemplars.append((pk, kind, campaign.pk, unit_id, person, title, description, _d(recognised), None,
                                  search_text_of(f"{title} {description[:300]}")[:600],
                                  _stamp(recognised + datetime.timedelta(days=10), 14) if published else None, None,
                                  None, None, token, None, self.now, self.now))
                taken = set()
                for _ in range(int(rng.random() * 6)):
                    other = done[int(rng.random() * len(done))][0]
                    if other == unit_id or other in taken:
                        continue
                    taken.add(other)
                    replications.append((first_replication + len(replications), pk, other,
                                         _d(min(campaign.ends_on, recognised + datetime.timedelta(days=20 + int(rng.random() * 90)))),
                                         "Học tập, áp dụng tại đơn vị", None, self.now))
        self.write(Exemplar, exemplars)
        self.write(Replication, replications)

    def attachments(self) -> None:
        """Each campaign's launch document: a row on the shared benchmark PDF (devtools.topup.SHARED_FILES)."""
        import hashlib

        from devtools.topup import SHARED_FILES, ensure_shared_files, next_id, stamp

        ensure_shared_files()
        name, _shown, kind, content = SHARED_FILES[0]
        size, sha = len(content), hashlib.sha256(content).hexdigest()
        owner_type = ContentType.objects.get_for_model(Campaign).pk
        first = next_id(Attachment)
        rows = [(first + n, owner_type, campaign.pk, name, f"Kế hoạch phát động {campaign.code}.pdf", "", kind, size, sha, None,
                 stamp(datetime.datetime.combine(campaign.document_date, datetime.time(8), tzinfo=datetime.UTC)))
                for n, (campaign, _spec, _launcher, _year) in enumerate(self.campaigns)]
        self.write(Attachment, rows)
