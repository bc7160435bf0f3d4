"""The campaigns of the demo province (`seed_demo`): the plan's seven, launched by the LĐLĐ tỉnh for
2024 (closed) and 2025 (running), with what the unions below did about them.

Who owes what comes from campaigns.duties.refresh_duties (the one rule); this module only fills in
what the units recorded, through the models (the campaign services are written beside it):

- coverage by upper-level union (devtools.demo_data.COVERAGE): the mountain districts are late, some
  unions have a plan but no launch; the demo chair's union has duties done and duties late;
- launch documents, plans and launch evidence as small real PDF files, through
  portal.attachments.services.attachment_add (the content checks run on them);
- registrations with members' target titles, progress entries, reviews (sơ kết, tổng kết) with
  initiatives and their benefit in đồng, exemplars (persons, units, good practices), some published,
  with the units that replicated them.

Deterministic (every choice from a generator seeded with the demo's seed and the record's key) and
idempotent: a campaign that exists already (by code) is left as it is.
"""

from __future__ import annotations

import datetime
import hashlib
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from campaigns.duties import refresh_duties
from campaigns.models import (
    CAMPAIGN,
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
from devtools import demo_data as data
from devtools import sample_files
from campaigns.exemplars import exemplar_photo_set
from portal.attachments.services import attachment_add
from portal.states import move
from units.models import Person, Unit, UnitType

ROOT_CODE = data.ROOT["code"]


def rng_for(*parts) -> random.Random:
    return random.Random(":".join(str(part) for part in (data.SEED, "campaigns", *parts)))


def campaign_code(year: int, key: str) -> str:
    return f"{ROOT_CODE}-{year}-{key}"


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def upload(name: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_files.pdf(lines), content_type="application/pdf")


RECORDED = ["plan_number", "plan_date", "plan_recorded_by", "plan_recorded_at", "launched_on", "launch_method",
            "launch_recorded_by", "launch_recorded_at"]


def write_recorded(duties: list[Duty]) -> None:
    """What the units recorded, one UPDATE per duty in one executemany (bulk_update's CASE per column
    is quadratic on SQLite: 5 s for the demo's 2,000 rows, against 0.05 s)."""
    fields = [Duty._meta.get_field(name) for name in RECORDED]
    qn = connection.ops.quote_name
    sql = (f"UPDATE {qn(Duty._meta.db_table)} SET {', '.join(f'{qn(f.column)} = %s' for f in fields)} "
           f"WHERE {qn('id')} = %s")
    rows = [[f.get_db_prep_save(getattr(duty, f.attname), connection) for f in fields] + [duty.pk] for duty in duties]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


class CampaignSeeder:
    """Seeds the campaigns that are missing; `created` counts what it wrote."""

    def __init__(self, *, staff, chair_unit: Unit, system):
        self.staff = staff  # the province staff account (canbo.cspl): launches, records, publishes
        self.system = system
        self.chair_unit = chair_unit
        self.root = Unit.objects.get(code=ROOT_CODE)
        self.types = UnitType.objects.in_bulk(field_name="code")
        self.titles = Title.objects.in_bulk(field_name="code")
        self.created = dict.fromkeys(("campaigns", "duties", "done", "files", "registrations", "entries", "progress",
                                      "reviews", "exemplars", "replications"), 0)
        # Each unit's upper-level union (or the root for the CĐCS directly under it): coverage is drawn by it.
        uppers = {u.path: u.code for u in Unit.objects.filter(depth=self.root.depth + 1)}
        step = Unit.steplen
        self.upper_of = {}
        for pk, path in Unit.objects.filter(path__startswith=self.root.path).values_list("pk", "path"):
            self.upper_of[pk] = uppers.get(path[: (self.root.depth + 1) * step], ROOT_CODE)

    def run(self) -> dict[str, int]:
        campaigns = {}
        for year in data.CAMPAIGN_YEARS:
            for spec in data.CAMPAIGNS:
                if Campaign.objects.filter(code=campaign_code(year, spec.key)).exists():
                    continue
                campaigns[(year, spec.key)] = self.launch(year, spec)
        if not campaigns:
            return self.created
        for (year, key), campaign in campaigns.items():
            self.record_duties(campaign, year, key)
        self.registrations(campaigns)
        self.progress(campaigns)
        self.reviews(campaigns)
        self.exemplars(campaigns)
        for (year, _key), campaign in campaigns.items():
            if year < data.CAMPAIGN_YEARS[-1]:
                move(campaign, Campaign.State.CLOSED, machine=CAMPAIGN, by=self.staff)
        return self.created

    # --- launch ------------------------------------------------------------------------------

    def launch(self, year: int, spec: data.CampaignSpec) -> Campaign:
        number, day = data.CAMPAIGN_DOCUMENTS[year]
        campaign = Campaign.objects.create(
            code=campaign_code(year, spec.key), name=spec.name, theme=spec.theme, kind=Campaign.Kind.REGULAR, year=year,
            launching_unit=self.root, launched_outside_by="",
            starts_on=day, ends_on=datetime.date(year, 12, 31), plans_due_on=day + data.PLANS_DUE_AFTER,
            sectors=list(spec.sectors), women_units_only=spec.women_units_only, criteria=spec.criteria,
            targets=spec.targets, document_number=number, document_date=day, created_by=self.staff,
        )
        campaign.unit_types.set([self.types[code] for code in spec.unit_types])
        attachment_add(owner=campaign, by=self.staff, upload=upload(
            f"Ke-hoach-{number.split('/')[0]}-{year}-{spec.key}.pdf",
            ["LIEN DOAN LAO DONG TINH DIEN BIEN", f"Ke hoach so {number}, ngay {day:%d/%m/%Y}",
             f"Phat dong phong trao thi dua \"{spec.name}\" nam {year}", "", spec.theme, "", spec.criteria,
             spec.targets]))
        self.created["files"] += 1
        campaign = move(campaign, Campaign.State.LAUNCHED, machine=CAMPAIGN, by=self.staff,
                        change=lambda c: setattr(c, "launched_at", at(day)), fields=["launched_at"])
        self.created["duties"] += refresh_duties(campaign)["added"]
        self.created["campaigns"] += 1
        return campaign

    # --- plans and launches ------------------------------------------------------------------

    def outcome(self, duty: Duty, year: int, key: str) -> str:
        """done, plan (a plan but no launch) or none, drawn by the unit's upper-level union's coverage."""
        if duty.unit_id == self.chair_unit.pk and year == data.CAMPAIGN_YEARS[-1] and key in data.CHAIR_2025:
            return data.CHAIR_2025[key]
        rng = rng_for(year, key, duty.unit_id)
        share = data.COVERAGE.get(self.upper_of.get(duty.unit_id), data.COVERAGE_DEFAULT)
        if duty.unit_id in self.upper_units:
            share = max(share, 0.85)  # the upper-level unions themselves are mostly on time
        if year < data.CAMPAIGN_YEARS[-1]:
            share = min(1.0, share + data.COVERAGE_2024_BONUS)
        draw = rng.random()
        if draw < share:
            return "done"
        return "plan" if rng.random() < data.PLAN_ONLY_SHARE else "none"

    @property
    def upper_units(self) -> set[int]:
        if not hasattr(self, "_upper_units"):
            self._upper_units = set(Unit.objects.filter(unit_type__is_upper_level=True).values_list("pk", flat=True))
        return self._upper_units

    def record_duties(self, campaign: Campaign, year: int, key: str) -> None:
        duties = list(Duty.objects.filter(campaign=campaign, state=Duty.State.OWED)
                      .select_related("unit__unit_type").order_by("unit__path"))
        changed, with_files = [], []
        methods = [LaunchMethod.MEETING] * 6 + [LaunchMethod.NOTICE] * 3 + [LaunchMethod.OTHER]
        for n, duty in enumerate(duties, start=1):
            result = self.outcome(duty, year, key)
            if result == "none":
                continue
            rng = rng_for(year, key, duty.unit_id, "dates")
            # Most plans come within the 45 days; a few after (done, but late).
            plan_day = campaign.document_date + datetime.timedelta(days=rng.randint(4, 40 if rng.random() < 0.85 else 70))
            short = "CĐCS" if duty.unit.unit_type.is_grassroots else "LĐLĐ" if duty.unit.unit_type.code == "ldld-huyen" else "CĐ"
            duty.plan_number = f"{rng.randint(1, 30):02d}/KH-{short}"
            duty.plan_date = plan_day
            duty.plan_recorded_by, duty.plan_recorded_at = self.staff, at(plan_day + datetime.timedelta(days=rng.randint(0, 5)), 10)
            if result == "done":
                duty.launched_on = plan_day + datetime.timedelta(days=rng.randint(0, 14))
                duty.launch_method = rng.choice(methods)
                duty.launch_recorded_by, duty.launch_recorded_at = self.staff, at(duty.launched_on + datetime.timedelta(days=1), 15)
                self.created["done"] += 1
                if duty.unit_id == self.chair_unit.pk or n % data.DUTY_FILE_EVERY == 0:
                    with_files.append(duty)
            changed.append(duty)
        write_recorded(changed)
        for duty in with_files:
            unit = duty.unit.short_name or duty.unit.name
            attachment_add(owner=duty, by=self.staff, purpose="plan", upload=upload(
                f"Ke-hoach-{duty.plan_number.split('/')[0]}-{year}-{key}.pdf",
                [unit.upper(), f"Ke hoach so {duty.plan_number}, ngay {duty.plan_date:%d/%m/%Y}",
                 f"Thuc hien phong trao thi dua \"{campaign.name}\" nam {year}",
                 f"Can cu Ke hoach so {campaign.document_number} cua LDLD tinh Dien Bien."]))
            attachment_add(owner=duty, by=self.staff, purpose="launch", upload=upload(
                f"Bien-ban-phat-dong-{year}-{key}.pdf",
                [f"BIEN BAN PHAT DONG - {unit}", f"Ngay {duty.launched_on:%d/%m/%Y}, hinh thuc: {duty.get_launch_method_display()}",
                 f"Phong trao \"{campaign.name}\" nam {year}"]))
            self.created["files"] += 2

    # --- registrations, progress, reviews -----------------------------------------------------

    def registrations(self, campaigns: dict) -> None:
        """Of the CĐCS that launched "Lao động giỏi, Lao động sáng tạo", most registered: a collective target
        and a few members' titles (the chair, the vice-chair, some members)."""
        collective = [self.titles["tap-the-lao-dong-tien-tien"]] * 3 + [self.titles["tap-the-lao-dong-xuat-sac"]]
        individual = [self.titles["lao-dong-tien-tien"]] * 4 + [self.titles["chien-si-thi-dua-co-so"]]
        for (year, key), campaign in campaigns.items():
            if key != "LDG":
                continue
            duties = list(Duty.objects.done().filter(campaign=campaign, state=Duty.State.OWED, unit__unit_type__is_grassroots=True)
                          .order_by("unit__path").values_list("unit_id", "launched_on"))
            chosen = [(unit_id, day) for unit_id, day in duties
                      if unit_id == self.chair_unit.pk or rng_for(year, "register", unit_id).random() < data.REGISTER_SHARE]
            people = {}
            for person_id, unit_id in (Person.objects.current().filter(unit_id__in=[u for u, _ in chosen])
                                       .order_by("unit_id", "pk").values_list("pk", "unit_id")):
                people.setdefault(unit_id, []).append(person_id)
            registrations = []
            for unit_id, day in chosen:
                rng = rng_for(year, "register", unit_id, "titles")
                registrations.append(Registration(
                    campaign=campaign, unit_id=unit_id, year=year, registered_on=day + datetime.timedelta(days=rng.randint(3, 20)),
                    collective_title=rng.choice(collective), recorded_by=self.staff))
            Registration.objects.bulk_create(registrations, batch_size=500)
            registrations = {r.unit_id: r for r in Registration.objects.filter(campaign=campaign)}
            entries = []
            for unit_id, _day in chosen:
                members = people.get(unit_id, [])
                rng = rng_for(year, "register", unit_id, "members")
                count = min(len(members), rng.randint(3, 8))
                picked = members[:2] + rng.sample(members[2:], max(0, count - 2)) if count else []
                entries += [RegistrationEntry(registration=registrations[unit_id], person_id=person_id,
                                              title=individual[0] if i > 1 and rng.random() < 0.8 else rng.choice(individual))
                            for i, person_id in enumerate(picked)]
            RegistrationEntry.objects.bulk_create(entries, batch_size=1000)
            self.created["registrations"] += len(registrations)
            self.created["entries"] += len(entries)

    def progress(self, campaigns: dict) -> None:
        """Half-year reports of 2025 (and both halves of 2024) by the upper-level unions that launched, and a
        few CĐCS (the demo chair's among them)."""
        entries = []
        for (year, key), campaign in campaigns.items():
            duties = Duty.objects.done().filter(campaign=campaign, state=Duty.State.OWED).select_related("unit__unit_type")
            halves = [(datetime.date(year, 1, 1), datetime.date(year, 6, 30))]
            if year < data.CAMPAIGN_YEARS[-1]:
                halves.append((datetime.date(year, 7, 1), datetime.date(year, 12, 31)))
            for duty in duties:
                if not (duty.unit.unit_type.is_upper_level or duty.unit_id == self.chair_unit.pk
                        or rng_for(year, key, duty.unit_id, "progress").random() < 0.15):
                    continue
                for start, end in halves:
                    rng = rng_for(year, key, duty.unit_id, start)
                    entries.append(ProgressEntry(
                        campaign=campaign, unit=duty.unit, period_start=max(start, campaign.starts_on), period_end=end,
                        summary=f"{rng.randint(60, 100)}% đoàn viên tham gia; {rng.randint(1, 12)} hoạt động hưởng ứng "
                                f"phong trào “{campaign.name}”; {rng.randint(0, 6)} sáng kiến, cách làm hay được đề xuất.",
                        recorded_by=self.staff))
        ProgressEntry.objects.bulk_create(entries, batch_size=500)
        self.created["progress"] += len(entries)

    def reviews(self, campaigns: dict) -> None:
        """The province's own reviews: tổng kết of every 2024 campaign, sơ kết of 2025 at mid-year; the
        upper-level unions that launched hold theirs too; "Lao động giỏi" counts initiatives and their benefit."""
        reviews = []
        for (year, key), campaign in campaigns.items():
            last = year < data.CAMPAIGN_YEARS[-1]
            kind = Review.Kind.FINAL if last else Review.Kind.INTERIM
            held = datetime.date(year, 12, 12) if last else datetime.date(year, 7, 18)
            holders = [self.root] + [duty.unit for duty in Duty.objects.done().filter(
                campaign=campaign, state=Duty.State.OWED, unit__unit_type__is_upper_level=True).select_related("unit")]
            for unit in holders:
                rng = rng_for(year, key, unit.pk, "review")
                if unit != self.root and rng.random() < 0.3:
                    continue  # not every district has held it yet
                top = unit == self.root
                initiatives = rng.randint(40, 160) if top else rng.randint(3, 25)
                innovative = key in ("LDG", "NSC", "DMS")
                reviews.append(Review(
                    campaign=campaign, unit=unit, kind=kind,
                    held_on=held - datetime.timedelta(days=0 if top else rng.randint(5, 20)),
                    summary=(f"{'Tổng kết' if last else 'Sơ kết'} phong trào “{campaign.name}” năm {year}: "
                             f"{rng.randint(75, 98)}% đơn vị xây dựng kế hoạch và phát động; biểu dương các tập thể, "
                             f"cá nhân tiêu biểu."),
                    participants=rng.randint(120, 300) if top else rng.randint(25, 80),
                    initiatives=initiatives if innovative else 0,
                    benefit_value=(initiatives * rng.randint(8, 40) * 1_000_000) if innovative else 0,
                    recorded_by=self.staff))
        Review.objects.bulk_create(reviews, batch_size=500)
        self.created["reviews"] += len(reviews)
        # The minutes of the province's own reviews.
        for review in Review.objects.filter(campaign__in=campaigns.values(), unit=self.root).select_related("campaign"):
            attachment_add(owner=review, by=self.staff, upload=upload(
                f"Bien-ban-{review.kind}-{review.campaign.code}.pdf",
                [f"BIEN BAN {'TONG KET' if review.kind == Review.Kind.FINAL else 'SO KET'}",
                 f"Phong trao \"{review.campaign.name}\" nam {review.campaign.year}",
                 f"Ngay {review.held_on:%d/%m/%Y}; {review.participants} dai bieu tham du.",
                 f"{review.initiatives} sang kien, lam loi {review.benefit_value:,.0f} dong.".replace(",", ".")]))
            self.created["files"] += 1

    # --- exemplars ----------------------------------------------------------------------------

    def exemplars(self, campaigns: dict) -> None:
        grassroots = list(Unit.objects.filter(path__startswith=self.root.path, unit_type__is_grassroots=True).active()
                          .order_by("path").values_list("pk", "path"))
        uppers = list(Unit.objects.filter(parent=self.root, unit_type__is_upper_level=True).active().order_by("path"))
        for n, spec in enumerate(data.EXEMPLARS):
            campaign = campaigns.get((spec.year, spec.campaign))
            if campaign is None:
                continue
            unit = Unit.objects.filter(code=spec.unit).first() or Unit.objects.get(name=spec.unit)
            person = None
            if spec.kind == Exemplar.Kind.PERSON:
                people = Person.objects.current().filter(unit=unit).order_by("pk")
                person = people.filter(job_title=spec.who).first() or people.first()
            rng = rng_for("exemplar", n)
            recognised = min(campaign.ends_on, campaign.starts_on + datetime.timedelta(days=rng.randint(120, 280)))
            exemplar = Exemplar(
                kind=spec.kind, campaign=campaign, unit=unit, person=person,
                title=spec.title.format(name=person.full_name if person else ""), description=spec.description,
                recognised_on=recognised, recorded_by=self.staff,
                public_token=hashlib.sha256(f"{data.SEED}:exemplar:{n}".encode()).hexdigest()[:16],
            )
            if spec.published:
                exemplar.published_at, exemplar.published_by = at(recognised + datetime.timedelta(days=10), 14), self.staff
            exemplar.save()
            self.created["exemplars"] += 1
            if spec.published:
                colour = [(0x1F, 0x5F, 0x99), (0x2E, 0x7D, 0x32), (0xB2, 0x3A, 0x48), (0x8D, 0x6E, 0x00)][n % 4]
                exemplar_photo_set(exemplar=exemplar, by=self.staff, upload=SimpleUploadedFile(
                    f"anh-{n + 1:02d}.png", sample_files.png(120, 63, colour), content_type="image/png"))
                self.created["files"] += 1
            # Replications: upper-level unions for an upper-level practice, CĐCS elsewhere in the province otherwise.
            pool = [u.pk for u in uppers if u.pk != unit.pk] if unit.unit_type.is_upper_level else [
                pk for pk, path in grassroots if pk != unit.pk]
            taken = rng.sample(pool, min(spec.replicated, len(pool)))
            Replication.objects.bulk_create([
                Replication(exemplar=exemplar, unit_id=pk, started_on=min(datetime.date(spec.year, 12, 31),
                                                                         recognised + datetime.timedelta(days=rng.randint(20, 90))),
                            note="Học tập, áp dụng tại đơn vị", recorded_by=self.staff)
                for pk in taken])
            self.created["replications"] += len(taken)
