"""`manage.py seed_demo`: the demo province of the seed plan, its members and one account per role.

Deterministic (every random choice comes from a generator seeded with the unit's code) and
idempotent: units are looked up by code and only missing ones are created (through
`units.services`, so paths, placements and events are real); history steps run only when not yet
applied; people, training records and yearly counts are added only where none exist yet. Members
who left are recorded through `units.membership.person_leave`, so their page shows it. The latest
yearly counts are those of the member registry (see `seed_stats`), so a unit's page agrees with itself.
"""

import datetime
import random
import time
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.auth.hashers import check_password, make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from devtools import demo_data as data
from devtools.demo_awards import seed_awards
from units import membership, services
from units.accounts import system_account
from units.catalogues import catalogue_editors_group
from units.models import (
    EmployeeCategory,
    Ethnicity,
    Person,
    RoleAssignment,
    TrainingRecord,
    Unit,
    UnitType,
    UnitYearStats,
)

TARGET_PEOPLE = 3000
LATEST_FOUNDING = datetime.date(2020, 12, 31)


class Planned(NamedTuple):
    code: str
    name: str
    short_name: str
    type_code: str
    parent: str | None  # code of the parent unit
    sector: str
    address: str
    active_from: datetime.date
    profile: str | None = None  # the CĐCS profile; None for the upper levels
    heads: tuple[str, str] | None = None  # job titles of the head and the deputy head


AWARD_CATALOGUES = ["awardform", "awardtype", "basesalary", "awardfund"]


def rng_for(*parts) -> random.Random:
    return random.Random(":".join(str(part) for part in (data.SEED, *parts)))


def _address(kind: str, place: str, area: str) -> str:
    return f"{kind.capitalize()} {place}, {area}, {data.PROVINCE}"


def _area_kind(area: str) -> str:
    return next(kind for kind in ("thành phố", "thị xã", "huyện") if area.startswith(kind))


def _heads(name: str, profile: str, kind: str = "") -> tuple[str, str]:
    p = data.PROFILES[profile]
    if profile in ("district_office", "commune"):
        return f"{p.head} {kind}", f"{p.deputy} {kind}"
    for prefix, heads in data.OFFICE_HEADS.items():
        if name.startswith(prefix):
            return heads
    if profile == "office" and "Sở " in name:
        return "Giám đốc Sở", "Phó Giám đốc Sở"
    return p.head, p.deputy


def _grassroots(code, parent: Planned, name, profile, sector, address, kind="") -> Planned:
    """A CĐCS founded on a day drawn between its parent's founding and 2020."""
    start = parent.active_from + datetime.timedelta(days=30)
    founded = start + datetime.timedelta(days=rng_for(code, "founded").randrange((LATEST_FOUNDING - start).days))
    sector = sector or data.PROFILES[profile].sector
    heads = _heads(name, profile, kind)
    return Planned(code, f"Công đoàn {name}", "", "cdcs", parent.code, sector, address, founded, profile, heads)


def build_plan() -> list[Planned]:
    """Every unit of the demo tree, parents before children, each with a stable code."""
    r = data.ROOT
    root = Planned(r["code"], r["name"], r["short_name"], r["type"], None, "other", r["address"], r["active_from"])
    uppers, grassroots = [], []
    seat_of = {}

    for d in data.DISTRICTS:
        seat = next(iter(d.places))
        seat_of[d.code] = _address(d.places[seat], seat, d.area)
        upper = Planned(d.code, f"Liên đoàn Lao động {d.area}", f"LĐLĐ {d.area}", "ldld-huyen", root.code, "other",
                        seat_of[d.code], d.founded)
        uppers.append(upper)
        units = [("Cơ quan UBND " + d.area, "district_office", None, seat, _area_kind(d.area))]
        for level, place in d.schools:
            town = "thị trấn " if d.places[place] == "thị trấn" else ""
            units.append((f"Trường {level} {town}{place}", "school", None, place, ""))
        units += [(f"Cơ quan UBND {d.places[place]} {place}", "commune", None, place, d.places[place]) for place in d.communes]
        units += [(cs.name, cs.profile, cs.sector, cs.where or seat, "") for cs in d.firms]
        for n, (name, profile, sector, place, kind) in enumerate(units, start=1):
            address = _address(d.places[place], place, d.area)
            grassroots.append(_grassroots(f"CDCS-{d.short}-{n:03d}", upper, name, profile, sector, address, kind))

    city = data.DISTRICTS[0]
    wards = [place for place, kind in city.places.items() if kind == "phường"]

    def province_level(parent: Planned, short: str, cds: list) -> None:
        for n, cs in enumerate(cds, start=1):
            code = f"CDCS-{short}-{n:03d}"
            ward = rng_for(code, "ward").choice(wards)
            address = seat_of[cs.where] if cs.where else _address("phường", ward, city.area)
            grassroots.append(_grassroots(code, parent, cs.name, cs.profile, cs.sector, address))

    for code, short, name, short_name, type_code, founded, cds in data.SECTOR_UNIONS:
        upper = Planned(code, name, short_name, type_code, root.code, "other", root.address, founded)
        uppers.append(upper)
        province_level(upper, short, cds)
    province_level(root, "TT", data.DIRECT)
    return [root, *uppers, *grassroots]


def year_counts(planned: Planned) -> dict[int, tuple[int, int, int]]:
    """(members, workers, women) per year of a CĐCS, drawn from its profile: the relative size of its
    share of the registry, and the counts of a union that ended before the registry was filled."""
    profile = data.PROFILES[planned.profile]
    rng = rng_for(planned.code, "counts")
    base, drift = rng.randint(*profile.members), rng.uniform(-0.04, 0.06)
    women, non_members = rng.uniform(*profile.women), rng.uniform(0.02, 0.15)
    counts = {}
    for year in data.YEARS:
        members = min(400, max(10, round(base * (1 + drift) ** (year - data.YEARS[0]))))
        counts[year] = (members, members + round(members * non_members), round(members * women))
    return counts


class PeopleMaker:
    """Builds unsaved Person rows (and their training records) from a unit's own random generator."""

    def __init__(self):
        self.ethnicities = Ethnicity.objects.in_bulk(field_name="name")
        self.categories = EmployeeCategory.objects.in_bulk(field_name="code")
        self.taken_ids = set(Person.objects.exclude(citizen_id=None).values_list("citizen_id", flat=True))
        self.groups, self.shares = list(data.NAMES), [names.share for names in data.NAMES.values()]
        self.people: list[Person] = []
        self.trainings: list[TrainingRecord] = []
        self.leaving: list[tuple[Person, datetime.date, str]] = []  # recorded through the service once saved

    def add(self, rng, unit, job_title, category, union_post="", *, sex=None, ethnicity=None, full_name=None,
            leader=False, emulation=False, women_share=0.5):
        sex = sex or ("F" if rng.random() < women_share else "M")
        ethnicity = ethnicity or rng.choices(self.groups, self.shares)[0]
        full_name = full_name or self.name(rng, ethnicity, sex)
        born = datetime.date(rng.randint(1966, 1982 if leader else 2003), 1, 1)
        born += datetime.timedelta(days=rng.randrange(365))
        citizen_id = self.citizen_id(rng, sex, born) if rng.random() < 0.6 else None
        person = Person(
            full_name=full_name, sex=sex, date_of_birth=born, ethnicity=self.ethnicities[ethnicity],
            citizen_id=citizen_id, unit=unit, job_title=job_title, category=self.categories[category],
            union_post=union_post, works_on_emulation=emulation, **Person.derived_fields(full_name=full_name, unit=unit),
        )
        self.people.append(person)
        if emulation and rng.random() < data.TRAINED_SHARE:
            courses = rng.sample(data.COURSES, rng.choice([1, 1, 2, 2, 3]))
            for course, organiser, day in sorted(courses, key=lambda course: course[2]):
                attended = rng.random() > 0.08
                self.trainings.append(
                    TrainingRecord(person=person, course=course, organiser=organiser, held_on=day, attended=attended)
                )
        return person

    @staticmethod
    def name(rng, ethnicity: str, sex: str) -> str:
        names = data.NAMES[ethnicity]
        if sex == "F":
            middle, given = rng.choice(names.female_middle), rng.choice(names.female)
        else:
            middle, given = rng.choice(names.male_middle), rng.choice(names.male)
        return f"{rng.choice(names.surnames)} {middle} {given}"

    def citizen_id(self, rng, sex: str, born: datetime.date) -> str:
        """011 (Điện Biên), a sex/century digit, the year of birth, six random digits; unique."""
        digit = (0 if born.year < 2000 else 2) + (1 if sex == "F" else 0)
        while True:
            value = f"011{digit}{born.year % 100:02d}{rng.randrange(10**6):06d}"
            if value not in self.taken_ids:
                self.taken_ids.add(value)
                return value

    def grassroots(self, planned: Planned, unit: Unit, size: int, *, emulation: bool, namesake: bool):
        rng = rng_for(planned.code, "people")
        left_rng = rng_for(planned.code, "left")  # its own stream, so the people drawn stay the same
        profile = data.PROFILES[planned.profile]
        members, _, women = year_counts(planned)[data.YEARS[-1]]
        share = women / members
        committee = 1 if size < 15 else 2 if size < 40 else 3
        posts = [data.MEMBER, data.CHAIR, data.VICE_CHAIR] + [data.COMMITTEE] * committee + [data.GROUP_LEADER] * (size // 15)
        titles, weights = list(profile.staff), list(profile.staff.values())
        for i in range(size):
            post = posts[i] if i < len(posts) else data.MEMBER
            if i == 0 or (i == 1 and size >= 6):
                title, category, leader = planned.heads[i], profile.head_category, True
            else:
                title = rng.choices(titles, weights)[0]
                category = "lanh-dao-khac" if title.startswith(data.MANAGER_TITLES) else data.DIRECT_CATEGORY
                leader = category != data.DIRECT_CATEGORY
            extra = {}
            if namesake and i == size - 1:
                extra = dict(zip(("full_name", "sex", "ethnicity"), data.NAMESAKE))
            person = self.add(rng, unit, title, category, post, leader=leader, women_share=share,
                              emulation=emulation and post == data.VICE_CHAIR, **extra)
            if post == data.MEMBER and not extra and left_rng.random() < data.LEFT_SHARE:
                day = data.LEFT_FROM + datetime.timedelta(days=left_rng.randrange(data.LEFT_DAYS))
                reason = left_rng.choices(list(data.LEFT_REASONS), list(data.LEFT_REASONS.values()))[0]
                self.leaving.append((person, day, reason))

    def upper_level(self, planned: Planned, unit: Unit):
        rng = rng_for(planned.code, "people")
        self.add(rng, unit, f"Chủ tịch {planned.short_name}", "lanh-dao-khac", "Chủ tịch", leader=True)
        self.add(rng, unit, data.UPPER_OFFICER, data.DIRECT_CATEGORY, data.MEMBER, emulation=True)

    def root(self, unit: Unit):
        rng = rng_for(unit.code, "people")
        for full_name, sex, ethnicity, title, category, post, emulation in data.ROOT_STAFF:
            self.add(rng, unit, title, category, post, sex=sex, ethnicity=ethnicity, full_name=full_name,
                     leader=category != data.DIRECT_CATEGORY, emulation=emulation)


def browser_url(host: str, port: int) -> str:
    """The address to open for a server listening on host:port; one listening everywhere is also here."""
    host = "127.0.0.1" if host in ("", "0.0.0.0", "::", "[::]") else host
    return f"http://{f'[{host}]' if ':' in host and not host.startswith('[') else host}:{port}/"


class Command(BaseCommand):
    help = "Seed the demo province (union tree, history, yearly counts, ~3,000 members, demo accounts). Idempotent."

    def add_arguments(self, parser):
        # `make run` passes its HOST and PORT, so the address printed is the one the server listens on.
        parser.add_argument("--host", default="127.0.0.1", help="where the development server listens (for the summary)")
        parser.add_argument("--port", type=int, default=8000, help="its port (for the summary)")

    def handle(self, *args, **options):
        self.url = browser_url(options["host"], options["port"])
        started = time.monotonic()
        self.created = dict.fromkeys(("units", "history", "stats", "people", "trainings", "accounts", "decisions", "awards"), 0)
        plan = build_plan()
        with transaction.atomic():
            # The demo's tree and its history are recorded as made by the system account.
            system = system_account()
            units = self.seed_units(plan, system)
            self.seed_history(plan, units, system)
            units = {u.code: u for u in Unit.objects.filter(code__in=units).select_related("unit_type")}
            self.seed_people(plan, units, system)
            self.seed_stats(plan, units)
            accounts = self.seed_accounts(plan, units)
            self.seed_campaigns(plan, units, system)
            awards = seed_awards(by=system, chair_unit=Unit.objects.get(name=data.UNIT_OF_CHAIR))
            self.created["decisions"], self.created["awards"] = awards["decisions"], awards["awards"]
            self.seed_blocs()
        self.report(accounts, time.monotonic() - started)

    def seed_units(self, plan: list[Planned], by) -> dict[str, Unit]:
        units = {u.code: u for u in Unit.objects.filter(code__in=[p.code for p in plan])}
        types = UnitType.objects.in_bulk(field_name="code")
        for p in plan:
            if p.code in units:
                continue
            unit = Unit(code=p.code, name=p.name, short_name=p.short_name, unit_type=types[p.type_code], sector=p.sector,
                        address=p.address, active_from=p.active_from)
            units[p.code] = services.unit_create(unit=unit, parent=units[p.parent] if p.parent else None, by=by)
            self.created["units"] += 1
        return units

    def seed_history(self, plan: list[Planned], units: dict[str, Unit], by) -> None:
        code_of = {p.name: p.code for p in plan}

        def unit(name_or_code: str) -> Unit:
            found = units[code_of.get(name_or_code, name_or_code)]
            found.refresh_from_db()
            return found

        for name, target, day, note in data.MOVES:
            moved, new_parent = unit(name), unit(target)
            if moved.parent_id != new_parent.pk and moved.is_active:
                services.unit_move(unit=moved, new_parent=new_parent, effective_on=day, by=by, note=note)
                self.created["history"] += 1
        for name, into, day, note in data.MERGES:
            if unit(name).is_active:
                services.unit_merge(unit=unit(name), into=unit(into), effective_on=day, by=by, note=note)
                self.created["history"] += 1
        for name, day, note in data.DISSOLUTIONS:
            if unit(name).is_active:
                services.unit_dissolve(unit=unit(name), effective_on=day, by=by, note=note)
                self.created["history"] += 1

    def seed_stats(self, plan: list[Planned], units: dict[str, Unit]) -> None:
        """Counts of every unit for the years it existed on 1 January. The latest year's are the
        registry's: the current members in the unit's subtree, and the women among them (workers add
        the employees who are not members). Earlier years add back those who left since and drift a
        little; a CĐCS that ended before the registry was filled keeps counts drawn from its profile."""
        latest = data.YEARS[-1]
        own = {}  # unit -> year -> [members, workers, women] of the people recorded directly in it
        people = Person.objects.filter(unit__in=units.values()).values_list("unit_id", "sex", "left_on")
        by_unit = {}
        for unit_id, sex, left_on in people:
            by_unit.setdefault(unit_id, []).append((sex == "F", left_on))
        for p in plan:
            unit = units[p.code]
            rng = rng_for(p.code, "counts")
            drift, non_members = rng.uniform(-0.04, 0.06), rng.uniform(0.02, 0.15)
            own[unit] = {}
            for year in data.YEARS:
                if not unit.is_active_on(datetime.date(year, 1, 1)):
                    continue
                if not unit.is_active:
                    if p.profile:
                        members, workers, women = year_counts(p)[year]
                        own[unit][year] = [members, workers, women]
                    continue
                recorded = by_unit.get(unit.pk, [])
                end_of_year = datetime.date(year, 12, 31)
                in_year = [female for female, left_on in recorded if left_on is None or left_on > end_of_year]
                current = [female for female, left_on in recorded if left_on is None]
                # Those still here grew or shrank by the drift since that year (joiners, no one recorded);
                # those who left later were still members then.
                grown = (1 + drift) ** (latest - year)
                members = round(len(current) / grown) + len(in_year) - len(current)
                women = min(members, round(sum(current) / grown) + sum(in_year) - sum(current))
                own[unit][year] = [members, members + round(members * non_members), women]
        counts = {}
        for unit, years in own.items():
            for year, values in years.items():
                for other in units.values():
                    if unit.path.startswith(other.path) and other.is_active_on(datetime.date(year, 1, 1)):
                        total = counts.setdefault((other, year), [0, 0, 0])
                        for i, value in enumerate(values):
                            total[i] += value
        existing = set(UnitYearStats.objects.filter(unit__in=units.values()).values_list("unit_id", "year"))
        new = [
            UnitYearStats(unit=unit, year=year, members=members, workers=workers, women=women)
            for (unit, year), (members, workers, women) in counts.items()
            if (unit.pk, year) not in existing
        ]
        UnitYearStats.objects.bulk_create(new, batch_size=500)
        self.created["stats"] = len(new)

    def seed_people(self, plan: list[Planned], units: dict[str, Unit], by) -> None:
        """About TARGET_PEOPLE people, spread over the active CĐCS in proportion to their members."""
        peopled = set(Person.objects.filter(unit__in=units.values()).values_list("unit_id", flat=True).distinct())
        maker = PeopleMaker()
        grassroots = [p for p in plan if p.profile and units[p.code].is_active]
        staff = len(data.ROOT_STAFF) + 2 * sum(1 for p in plan if not p.profile and p.parent)
        sizes = {p.code: year_counts(p)[data.YEARS[-1]][0] for p in grassroots}
        scale = (TARGET_PEOPLE - staff) / sum(sizes.values())
        for p in plan:
            unit = units[p.code]
            if unit.pk in peopled or not unit.is_active:
                continue
            if p.parent is None:
                maker.root(unit)
            elif not p.profile:
                maker.upper_level(p, unit)
        for i, p in enumerate(grassroots):
            unit = units[p.code]
            if unit.pk not in peopled:
                maker.grassroots(p, unit, max(4, round(sizes[p.code] * scale)),
                                 emulation=i % data.EMULATION_EVERY == 0, namesake=i % data.NAMESAKE_EVERY == 7)
        Person.objects.bulk_create(maker.people, batch_size=500)
        TrainingRecord.objects.bulk_create(maker.trainings, batch_size=500)
        for person, day, reason in maker.leaving:
            membership.person_leave(person=person, on=day, reason=reason, by=by)
        self.created["people"], self.created["trainings"] = len(maker.people), len(maker.trainings)

    def seed_accounts(self, plan: list[Planned], units: dict[str, Unit]) -> list[tuple[str, str, Unit]]:
        """One account per role, all with the demo password (set again on every run, without rehashing)."""
        code_of = {p.name: p.code for p in plan}
        User = get_user_model()
        users = {u.username: u for u in User.objects.filter(username__in=[a[0] for a in data.ACCOUNTS])}
        hashed = next((u.password for u in users.values() if check_password(data.PASSWORD, u.password)), None)
        hashed = hashed or make_password(data.PASSWORD)
        accounts = []
        editors = catalogue_editors_group()
        for username, label, role, unit_ref, full_name, is_staff, is_superuser in data.ACCOUNTS:
            unit = units[code_of.get(unit_ref, unit_ref)]
            user = users.get(username) or User(username=username)
            wanted = dict(first_name=full_name or self.person_name(unit), last_name="", email=data.demo_email(username),
                          is_staff=is_staff,
                          is_superuser=is_superuser, is_active=True)
            if user.pk is None or any(getattr(user, key) != value for key, value in wanted.items()) or user.password != hashed:
                self.created["accounts"] += user.pk is None
                for key, value in wanted.items():
                    setattr(user, key, value)
                user.password = hashed
                user.save()
            RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
            if is_staff and not is_superuser:
                user.groups.add(editors)
            accounts.append((label, username, unit))
        # Province staff also keep the award catalogues (forms, types, base salaries, funds) in the admin.
        editors.permissions.add(*Permission.objects.filter(content_type__app_label="awards", content_type__model__in=AWARD_CATALOGUES))
        return accounts

    def seed_campaigns(self, plan: list[Planned], units: dict[str, Unit], system) -> None:
        """The plan's seven campaigns for 2024 and 2025 and what the unions did (devtools/demo_campaigns.py)."""
        from devtools.demo_campaigns import CampaignSeeder

        code_of = {p.name: p.code for p in plan}
        staff = get_user_model().objects.get(username="canbo.cspl")
        seeder = CampaignSeeder(staff=staff, chair_unit=units[code_of[data.UNIT_OF_CHAIR]], system=system)
        self.campaigns_created = seeder.run()

    def seed_blocs(self) -> None:
        """The province's two emulation blocs for 2024 (reviewed) and 2025 (scoring) (devtools/demo_blocs.py)."""
        from devtools.demo_blocs import seed_blocs

        self.blocs_created = seed_blocs(staff=get_user_model().objects.get(username="canbo.cspl"))

    @staticmethod
    def person_name(unit: Unit) -> str:
        """The CĐCS chair, or the emulation officer of an upper-level union."""
        people = unit.people.order_by("pk")
        person = people.filter(union_post=data.CHAIR).first() or people.filter(works_on_emulation=True).first()
        return person.full_name if person else ""

    def report(self, accounts, elapsed: float) -> None:
        out = self.stdout.write
        rows = [("Vai trò", "Tên đăng nhập", "Mật khẩu", "Đơn vị")]
        rows += [(label, username, data.PASSWORD, unit.name) for label, username, unit in accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        out("")
        out(self.style.SUCCESS("Dữ liệu demo đã sẵn sàng — Cổng thi đua, khen thưởng LĐLĐ tỉnh Điện Biên"))
        out(f"Mở trình duyệt: {self.url}")
        out("")
        for n, row in enumerate(rows):
            out("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
            if n == 0:
                out("  ".join("-" * width for width in widths))
        out("")
        grassroots = Unit.objects.filter(unit_type__is_grassroots=True)
        out(
            f"Tổng số: {Unit.objects.count()} đơn vị ({grassroots.count()} CĐCS, {grassroots.active().count()} đang hoạt động), "
            f"{Person.objects.current().count()} đoàn viên đang sinh hoạt ({Person.objects.departed().count()} người đã rời "
            f"tổ chức), {Person.objects.filter(works_on_emulation=True).count()} cán bộ làm "
            f"công tác thi đua, khen thưởng, {TrainingRecord.objects.count()} lượt tập huấn."
        )
        c = self.created
        out(
            f"Lần chạy này tạo mới: {c['units']} đơn vị, {c['history']} thay đổi lịch sử, {c['stats']} bản số liệu năm, "
            f"{c['people']} người, {c['trainings']} lượt tập huấn, {c['accounts']} tài khoản, "
            f"{c['decisions']} quyết định khen thưởng với {c['awards']} lượt khen thưởng."
        )
        k = getattr(self, "campaigns_created", None)
        if k:
            out(
                f"Phong trào thi đua: {k['campaigns']} phong trào mới, {k['duties']} nghĩa vụ kế hoạch – phát động "
                f"({k['done']} đã xong), {k['registrations']} bản đăng ký ({k['entries']} cá nhân), {k['progress']} báo cáo "
                f"tiến độ, {k['reviews']} sơ kết, tổng kết, {k['exemplars']} điển hình ({k['replications']} lượt nhân rộng), "
                f"{k['files']} tệp đính kèm."
            )
        b = getattr(self, "blocs_created", None)
        if b and b["blocs"]:
            out(
                f"Khối thi đua: {b['blocs']} khối ({b['members']} lượt đơn vị), {b['scores']} điểm theo tiêu chí, "
                f"{b['reviews']} tổng kết khối ({b['practices']} mô hình, cách làm hay), {b['files']} tệp đính kèm; "
                f"{b['accounts']} tài khoản cán bộ, chủ tịch của đơn vị trong khối (canbo.<huyện>, canbo.yt, canbo.gd, "
                f"canbo.vc, chutich.tt001…), cùng mật khẩu."
            )
        out(f"Thời gian: {elapsed:.1f} giây.")
