"""The benchmark of the foundation's pages, run against a generated database (manage.py bench_portal).

Pages go through the real URL stack (Django's test client: middleware, sessions, auth, templates)
as three users: national (or province) staff at the top, a province chair and a district officer.
Every page is timed over repeated runs (median, p95), its SQL queries are counted in a separate run
(counting slows queries down), and it is set against a bare view through the same stack (the
ceiling). Imports run as separate processes so their peak memory is their own.
Timings are printed, never asserted: see README "Performance".
"""

import datetime
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from units import services
from units.access import Role
from units.models import EmployeeCategory, Person, RoleAssignment, Unit
from units.text import fold

PAST_DAY = datetime.date(2023, 6, 30)
BENCH_PREFIX = "bench."
# Imported benchmark rows carry this job title so they can be removed afterwards.
BENCH_JOB = "Benchmark import row"


@dataclass
class Result:
    scale: str
    who: str
    page: str
    median_ms: float
    p95_ms: float
    queries: int
    ceiling_ms: float

    @property
    def ratio(self) -> float:
        return self.median_ms / self.ceiling_ms if self.ceiling_ms else 0.0


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def timed(call, runs: int, warmup: int):
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    return statistics.median(samples), percentile(samples, 0.95), len(captured.captured_queries)


def bench_user(name: str, role: str, unit: Unit):
    user, _ = get_user_model().objects.get_or_create(username=BENCH_PREFIX + name)
    RoleAssignment.objects.filter(user=user).exclude(role=role, unit=unit).delete()
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    client = Client()
    client.force_login(user)
    return user, client


def pick_units():
    root = Unit.objects.filter(depth=1).order_by("path").first()
    if root is None:
        raise RuntimeError("The database holds no units: run manage.py seed_scale first.")
    national = root.unit_type.code == "tong-ldld"
    if national:
        provinces = Unit.objects.filter(parent=root, unit_type__code="ldld-tinh").active()
        # The province with the most units below it: the heaviest page a province chair opens.
        province = max(provinces, key=lambda unit: Unit.objects.filter(path__startswith=unit.path).count())
    else:
        province = root
    big_union = (
        Unit.objects.filter(path__startswith=province.path, unit_type__is_upper_level=True)
        .active()
        .order_by("-numchild")
        .first()
    )
    return ("national" if national else "province"), root, province, big_union


def page_list(root, province, big_union):
    direct = EmployeeCategory.objects.get(code="truc-tiep").pk
    person = Person.objects.filter(unit__path__startswith=big_union.path).order_by("pk").first()
    id_prefix = (
        Person.objects.filter(unit__path__startswith=province.path, citizen_id__isnull=False)
        .values_list("citizen_id", flat=True)
        .first()
        or "011"
    )[:6]
    filtered = f"unit={province.pk}&category={direct}&sex=F"
    return [
        ("tree at the root", "/units/"),
        ("tree at a province", f"/units/{province.pk}/children/"),
        ("unit page of a large upper-level union", f"/units/{big_union.pk}/"),
        ("members, page 1", "/members/"),
        ("members, page 500", "/members/?page=500"),
        ("members filtered (subtree, category, sex), page 1", f"/members/?{filtered}"),
        ("members filtered (subtree, category, sex), page 500", f"/members/?{filtered}&page=500"),
        # What users search most is one common word: a surname (Nguyễn, Lò), a middle name alone
        # (Thị, Văn), a given name, two letters while typing; then a full name, a citizen ID.
        ("search 'nguyen' (the commonest surname)", "/members/?q=nguyen"),
        ("search 'nguyen', page 2", "/members/?q=nguyen&page=2"),
        ("search 'lo' (a surname, and the start of many names)", "/members/?q=lo"),
        ("search 'thi' (a middle name alone)", "/members/?q=thi"),
        ("search 'van' (a middle name alone)", "/members/?q=van"),
        ("search 'hung' (a given name)", "/members/?q=hung"),
        ("search 'le' (a two-letter word)", "/members/?q=le"),
        ("search 'nguyen van hung'", "/members/?q=nguyen+van+hung"),
        ("search 'lo thi'", "/members/?q=lo+thi"),
        ("search a member's full name", "/members/?" + urlencode({"q": person.full_name})),
        (f"search citizen ID prefix '{id_prefix}'", f"/members/?q={id_prefix}"),
        ("person page", f"/members/{person.pk}/"),
        *award_pages(province, big_union),
    ]


def award_pages(province, big_union) -> list[tuple[str, str]]:
    """The award ledger's pages (devtools/scale_awards.py fills it), with the heavy cases: the member of the
    large union with the most awards, the member list filtered by Chiến sĩ thi đua cơ sở and by the commonest
    form and year, the CĐCS of the large union whose members hold the most awards, the decision list."""
    from django.db.models import Count

    from awards.models import Award, AwardForm

    title = AwardForm.objects.filter(code="chien-si-thi-dua-co-so").first()
    in_union = Award.objects.filter(unit__path__startswith=big_union.path)
    awarded = (in_union.filter(person__isnull=False).values("person_id").annotate(n=Count("id"))
               .order_by("-n", "person_id").values_list("person_id", flat=True).first())
    if title is None or awarded is None:
        return []
    commonest = (Award.objects.filter(person__isnull=False).values("form_id", "year").annotate(n=Count("id"))
                 .order_by("-n", "-year").first())
    form = AwardForm.objects.get(pk=commonest["form_id"])
    busiest = (in_union.filter(person__isnull=False).values("unit_id").annotate(n=Count("id"))
               .order_by("-n", "unit_id").values_list("unit_id", flat=True).first())
    return [
        ("person page with award history", f"/members/{awarded}/"),
        ("members awarded Chiến sĩ thi đua cơ sở in 2024, page 1", f"/members/?award_form={title.pk}&award_year=2024"),
        ("members awarded it in 2024 in a province, page 1", f"/members/?unit={province.pk}&award_form={title.pk}&award_year=2024"),
        (f"members awarded {form.name} in {commonest['year']} (the commonest), page 1",
         f"/members/?award_form={form.pk}&award_year={commonest['year']}"),
        (f"members awarded {form.name} in {commonest['year']}, page 20",
         f"/members/?award_form={form.pk}&award_year={commonest['year']}&page=20"),
        ("members awarded anything in 2025, page 1", "/members/?award_year=2025"),
        ("unit page of the CĐCS whose members hold the most awards", f"/units/{busiest}/"),
        ("award decisions, page 1", "/awards/decisions/"),
        *[("public verification page of an award (QR code)", f"/xac-minh/{token}/")
          for token in in_union.filter(person_id=awarded).values_list("token", flat=True)[:1]],
    ]


def history_of_100(big_union):
    """What a dossier's rules ask: the award history of 100 people at once (awards.history), 100 people of
    the large union who hold awards, the plain function call (one query, the rows made into records)."""
    from awards import history
    from awards.models import Award

    ids = list(Award.objects.filter(unit__path__startswith=big_union.path, person__isnull=False)
               .order_by("person_id").values_list("person_id", flat=True).distinct()[:100])
    return lambda: history.history_of_people(ids), len(ids)


def portal_pages(user, big_union) -> list[tuple[str, str]]:
    """The portal's own pages (home, notices, a unit with files, a job), filled by devtools/topup.py."""
    from devtools.topup import files_unit_candidates
    from portal.jobs.models import Job

    pages = [("home page", "/"), ("notices, page 1", "/notices/")]
    files_unit = files_unit_candidates(big_union)
    if files_unit:
        pages.append(("unit page of a CĐCS with files and count records", f"/units/{files_unit[0]}/"))
    job = Job.objects.filter(owner=user).order_by("-created_at").first()
    if job:
        pages.append(("job page (a finished member import)", job.get_absolute_url()))
    return pages


SKIPPED = "skipped: not on this branch"


def campaign_pages(who: str, province, big_union, chair_unit, out=print) -> list[tuple[str, str]]:
    """The campaign pages (issue 14) each user opens: the status of the largest province's 2025 "Lao động giỏi,
    Lao động sáng tạo", a district's late list, coverage across the user's area, a chair's duty page and to-do
    list, the public exemplars. A page whose URL name does not resolve on this branch is left out (printed)."""
    from django.urls import NoReverseMatch, reverse

    from campaigns.models import Campaign, Duty

    campaign = (Campaign.objects.filter(launching_unit=province, year=2025, name="Lao động giỏi, Lao động sáng tạo")
                .order_by("pk").first())
    duty = None
    if chair_unit is not None:
        duty = (Duty.objects.filter(unit=chair_unit, campaign__year=2025, state=Duty.State.OWED)
                .order_by("campaign__code").first())
    wanted = []
    if campaign and who != "union chair":
        wanted.append(("campaign status, largest province", "campaigns:status", [campaign.pk], ""))
        wanted.append(("campaign status: a district's late list", "campaigns:status", [campaign.pk],
                       f"?under={big_union.pk}&late=1"))
    if who in ("national staff", "province staff", "province chair"):
        wanted.append(("campaign coverage 2025, the user's whole area", "campaigns:coverage", [], "?year=2025"))
    if who in ("union chair", "district officer"):
        wanted.append(("campaign to-do list", "campaigns:todo", [], ""))
    if duty and who == "union chair":
        wanted.append(("campaign duty page (plan and launch) of the chair", "campaigns:duty", [duty.pk], ""))
    if campaign and who != "union chair":
        wanted.append(("campaign registrations, page 1", "campaigns:registrations", [campaign.pk], ""))
    if who in ("district officer", "province chair"):
        wanted.append(("exemplars of the user's area, page 1", "campaigns:exemplars", [], ""))
    if who == "union chair":
        wanted.append(("public exemplars page", "public:exemplars", [], ""))
        wanted.append(("public honour board, page 1", "awards_public:honour-board", [], ""))
    pages = []
    for label, name, args, query in wanted:
        try:
            pages.append((label, reverse(name, args=args) + query))
        except NoReverseMatch:
            out(f"  {who:18} {label:58} {SKIPPED} ({name})")
    return pages


def bloc_pages(who: str, big_union, out=print) -> list[tuple[str, str]]:
    """The bloc pages (issue 15): the list, then for the 2025 bloc the large union sits in (the district officer's
    own) and, for the staff at the top, the country's largest 2025 bloc: its page, its ranking, a member's score
    sheet (the large union's own where it is a member), the scores as Excel and the ranking as PDF. A page whose
    URL name does not resolve on this branch is left out (printed)."""
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from blocs.models import Bloc, BlocMember

    if who not in ("national staff", "province staff", "district officer"):
        return []
    wanted = [("bloc list", "blocs:list", [])]
    own = BlocMember.objects.filter(unit=big_union, year=2025).select_related("bloc").first()
    targets = []
    if who != "district officer":
        largest = Bloc.objects.filter(year=2025).annotate(size=Count("members")).order_by("-size", "pk").first()
        if largest is not None and (own is None or largest.pk != own.bloc_id):
            targets.append(("largest bloc", largest, None))
    if own is not None:
        targets.append(("the large union's bloc", own.bloc, own))
    for name, bloc, member in targets:
        size = bloc.members.count()
        member = member or bloc.members.filter(scores__isnull=False).order_by("pk").first() or bloc.members.order_by("pk").first()
        label = f"{name} ({size} members)"
        wanted += [
            (f"bloc page, {label}", "blocs:detail", [bloc.pk]),
            (f"bloc ranking, {label}", "blocs:ranking", [bloc.pk]),
            (f"a member's score sheet, {label}", "blocs:scores", [bloc.pk, member.pk]),
            (f"scores as Excel, {label}", "blocs:scores-export", [bloc.pk]),
            (f"ranking as PDF, {label}", "blocs:ranking-pdf", [bloc.pk]),
        ]
    pages = []
    for label, name, args in wanted:
        try:
            pages.append((label, reverse(name, args=args)))
        except NoReverseMatch:
            out(f"  {who:18} {label:58} {SKIPPED} ({name})")
    return pages


def bench_cast(scale: str, root, province, big_union) -> list[tuple[str, str, Unit]]:
    from devtools.topup import files_unit_candidates

    cast = [
        ("national staff" if scale == "national" else "province staff", Role.PROVINCE_STAFF, root),
        ("province chair", Role.LEADERSHIP, province),
        ("district officer", Role.UPPER_LEVEL_OFFICER, big_union),
    ]
    cast += [("union chair", Role.GRASSROOTS_CHAIR, Unit.objects.get(pk=pk)) for pk in files_unit_candidates(big_union)]
    return cast[1:] if scale == "province" else cast


def wanted(label: str, words=()) -> bool:
    """A targeted run (a shared machine): a label is wanted when it contains one of the words (any case), or
    when no words are given."""
    return not words or any(word.lower() in label.lower() for word in words)


BASE_PAGE = "logged-in base page"


def run_pages(runs: int, warmup: int, out=print, roles=(), pages=()) -> list[Result]:
    """Every page of every role, or only the roles and pages whose labels contain one of `roles` / `pages`
    (the ceiling and the logged-in base page are always timed, so the ratios keep their base)."""
    scale, root, province, big_union = pick_units()
    cast = [c for c in bench_cast(scale, root, province, big_union) if wanted(c[0], roles)]
    if not cast:
        raise ValueError("no role matches --roles")
    chair_unit = next((unit for _who, role, unit in cast if role == Role.GRASSROOTS_CHAIR), None)
    out(f"Scale {scale}: root {root.name}; province {province.name}; large union {big_union.name} "
        f"({big_union.numchild} units under it); {Person.objects.count():,} people, {Unit.objects.count():,} units.")
    results = []
    common = page_list(root, province, big_union)
    with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, STORAGES={
        **settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }):
        for who, role, unit in cast:
            user, client = bench_user(who.replace(" ", "-"), role, unit)
            ceiling, ceiling_p95, ceiling_queries = timed(lambda: client.get("/healthz/"), runs, warmup)
            results.append(Result(scale, who, "ceiling: bare view", ceiling, ceiling_p95, ceiling_queries, ceiling))
            mine = [] if role == Role.GRASSROOTS_CHAIR else common  # a chair's pages: its own union's (below)
            extra = campaign_pages(who, province, big_union, chair_unit, out=out) + bloc_pages(who, big_union, out=out)
            for name, url in [(BASE_PAGE, "/healthz/page/"), *mine, *portal_pages(user, big_union), *extra]:
                if name != BASE_PAGE and not wanted(name, pages):
                    continue
                def fetch(url=url):
                    response = client.get(url)
                    if response.status_code not in (200, 404):
                        raise RuntimeError(f"{url} answered {response.status_code} for {who}")
                    return response

                status = fetch().status_code
                median, p95, queries = timed(fetch, runs, warmup)
                label = name if status == 200 else f"{name} (404: outside this user's area)"
                results.append(Result(scale, who, label, median, p95, queries, ceiling))
                out(f"  {who:18} {label:58} {median:8.1f} ms  p95 {p95:8.1f}  {queries:3} q")

        def tree_on_past_day():
            return list(services.subtree_on(province, PAST_DAY).values_list("unit_id", flat=True))

        if wanted("subtree of a province", pages):
            median, p95, queries = timed(tree_on_past_day, runs, warmup)
            size = len(tree_on_past_day())
            results.append(Result(scale, "function", f"subtree of a province on {PAST_DAY:%d/%m/%Y} ({size:,} units)", median, p95, queries, 0.0))
        read, people = history_of_100(big_union)
        if people and wanted("award history of 100 people", pages):
            median, p95, queries = timed(read, runs, warmup)
            results.append(Result(scale, "function", f"award history of {people} people (awards.history)", median, p95, queries, 0.0))
            out(f"  function           award history of {people} people: {median:.1f} ms, {queries} q")
    return results


def write_member_file(path, rows: int, bad_rows: int, unit_codes: list[str], seed: int = 7, first_id: int = 0):
    """A members workbook of `rows` rows, `bad_rows` of them broken in ways the import must report."""
    import openpyxl

    from units.importing import PEOPLE_COLUMNS

    rng = random.Random(seed)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Đoàn viên")
    sheet.append(PEOPLE_COLUMNS)
    bad = set(rng.sample(range(rows), bad_rows)) if bad_rows else set()
    surnames = ["Nguyễn", "Lò", "Giàng", "Quàng", "Trần", "Sùng", "Cà", "Lê"]
    given = ["Văn Hùng", "Thị Hoa", "A Páo", "Thị Mai", "Văn Nam", "Thị Lan", "Đức Anh", "Thị Dung"]
    for i in range(rows):
        birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1966, 2004)}"
        row = [
            f"{rng.choice(surnames)} {rng.choice(given)} {i}",
            rng.choice(["Nam", "Nữ"]),
            birth,
            rng.choice(["Thái", "H'Mông", "Kinh"]),
            f"099{first_id + i:09d}",
            rng.choice(unit_codes),
            BENCH_JOB,
            "Công nhân, lao động trực tiếp; công chức, viên chức không giữ chức vụ lãnh đạo, quản lý",
            "Đoàn viên",
            "",
        ]
        if i in bad:
            row[[2, 5, 7][i % 3]] = ["31/02/1990", "KHONG-CO-MA", "Không rõ"][i % 3]
        sheet.append(row)
    workbook.save(path)


# The import runs under this small Python, which waits for it and writes its peak RSS to a file. Waiting
# for the import from the benchmark itself would be wrong: Linux hands a child that execs the peak RSS
# of the process it was forked from (here a Django process that has just generated the workbook).
_MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
"""


def run_import(path, command: str = "import_people", *options: str) -> tuple[float, float, str]:
    """Run `manage.py <command>` (import_people) in its own process: (seconds, peak RSS in MB, last output line)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log, tempfile.NamedTemporaryFile("r") as peak:
        child = subprocess.Popen(
            [sys.executable, "-c", _MEASURE, peak.name, sys.executable, "manage.py", command, str(path), *options],
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=settings.BASE_DIR,
        )
        child.wait()
        seconds = time.perf_counter() - start
        log.seek(0)
        lines = log.read().strip().splitlines()
        kilobytes = int(peak.read() or 0)
    return seconds, kilobytes / 1024, lines[-1] if lines else ""


def run_imports(scale: str, sizes=(10_000, 100_000), bad_rows: int = 1_000, out=print) -> list[tuple[str, float, float, str]]:
    _, _, province, big_union = pick_units()
    codes = list(Unit.objects.filter(parent=big_union, unit_type__is_grassroots=True).active().values_list("code", flat=True)[:200])
    results = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            first_id = 0
            for size in sizes:
                path = os.path.join(folder, f"members-{size}.xlsx")
                write_member_file(path, size, 0, codes, seed=size, first_id=first_id)
                first_id += size
                seconds, peak, last = run_import(path)
                results.append((f"import {size:,} member rows", seconds, peak, last))
                out(f"  import {size:,} rows: {seconds:.1f} s, peak {peak:.0f} MB — {last}")
            size = sizes[-1]
            path = os.path.join(folder, f"members-{size}-bad.xlsx")
            write_member_file(path, size, bad_rows, codes, seed=11, first_id=first_id)
            seconds, peak, last = run_import(path)
            results.append((f"error report, {size:,} rows with {bad_rows:,} bad", seconds, peak, last[:80]))
            out(f"  error report {size:,} rows / {bad_rows:,} bad: {seconds:.1f} s, peak {peak:.0f} MB")
    finally:
        Person.objects.filter(job_title=BENCH_JOB).delete()
    return results


# Past awards for the benchmark go under decisions of this symbol, in years before the generated
# history (devtools/scale_awards.py, 2021–2025), so they can be told apart and removed afterwards.
BENCH_SYMBOL = "QĐ-BENCH"
BENCH_YEARS = range(2011, 2021)


def write_award_file(path, rows: int, *, new_people: int = 0, seed: int = 13) -> int:
    """A past-awards workbook of `rows` good rows consistent with the database: people of the grassroots
    unions (by citizen ID when they have one, else by name, date of birth and unit) and the unions
    themselves, one decision per union and year, forms written as the sheets write them (names and short
    forms). `new_people` more rows name people the registry does not hold (for --add-missing-people).
    Returns the rows written."""
    import openpyxl

    from awards.importing import AWARD_COLUMNS

    rng = random.Random(seed)
    unions = dict(Unit.objects.filter(unit_type__is_grassroots=True).active().values_list("pk", "code"))
    people = [p for p in Person.objects.filter(unit_id__in=list(unions), left_on__isnull=True).order_by("pk")
              .values_list("full_name", "date_of_birth", "citizen_id", "unit_id")]
    # Name, date of birth and unit tell a person without a citizen ID apart only when no one else shares them.
    keys: dict[tuple, int] = {}
    for name, born, _cid, unit_id in people:
        keys[(fold(name), born, unit_id)] = keys.get((fold(name), born, unit_id), 0) + 1
    people = [p for p in people if p[2] or keys[(fold(p[0]), p[1], p[3])] == 1]
    years = len(BENCH_YEARS)
    collectives = [(unit_id, year) for unit_id in unions for year in BENCH_YEARS]
    share = max(0, min(len(collectives), rows // 30))  # about one row in thirty is a union's own award
    picked = rng.sample(range(len(people) * years), min(len(people) * years, rows - share))  # (person, year) by index
    chosen = [(people[i // years], BENCH_YEARS[i % years]) for i in picked] + [(None, c) for c in rng.sample(collectives, share)]
    chosen.sort(key=lambda item: item[1] if item[0] is None else (item[0][3], item[1]))
    numbers: dict[tuple, int] = {}

    def decision(unit_id: int, year: int) -> list:
        number = numbers.setdefault((unit_id, year), len(numbers) % 900 + 1)
        return [year, f"{number}/{BENCH_SYMBOL}", datetime.date(year, 12, 20), unions[unit_id]]

    # Written as Excel writes a workbook (a sheet's dimension first, text in the shared strings): openpyxl's
    # write-only mode leaves the dimension out and writes every text inline, which made reading it back ~9 s
    # slower for 100,000 rows than a file saved by Excel (the whole sheet was parsed once more to size it).
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Khen thưởng"
    sheet.append(AWARD_COLUMNS)
    for person, item in chosen:
        if person is None:
            unit_id, year = item
            sheet.append(["", "", "", unions[unit_id], rng.choice(["Tập thể lao động tiên tiến", "Tập thể LĐTT"]), "Tổng kết năm",
                          *decision(unit_id, year)])
            continue
        name, born, citizen_id, unit_id = person
        form = rng.choice(["Lao động tiên tiến", "LĐTT", "Chiến sĩ thi đua cơ sở", "CSTĐCS"])
        sheet.append([name, born.strftime("%d/%m/%Y") if born else "", citizen_id or "", unions[unit_id], form, "Tong ket nam",
                      *decision(unit_id, item)])
    codes = sorted(unions.values())
    for i in range(new_people):
        code = rng.choice(codes)
        unit_id = next(pk for pk, c in unions.items() if c == code)
        sheet.append([f"Người Mới Nhập {i}", f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1966, 2004)}",
                      f"098{i:09d}", code, "Lao động tiên tiến", "Tổng kết năm", *decision(unit_id, 2020)])
    workbook.save(path)
    return len(chosen) + new_people


def remove_bench_awards() -> None:
    from awards.models import Award, Decision

    decisions = Decision.objects.filter(symbol=BENCH_SYMBOL)
    Award.objects.filter(decision__in=decisions).delete()
    decisions.delete()
    Person.objects.filter(citizen_id__startswith="098", full_name__startswith="Người Mới Nhập").delete()


def run_award_imports(sizes=(10_000, 100_000), new_people: int = 1_000, out=print) -> list[tuple[str, float, float, str]]:
    """`manage.py import_awards` in its own process: each size, then the largest file again (adds
    nothing), then a file naming people the registry lacks, with --add-missing-people."""
    results = []
    remove_bench_awards()
    try:
        with tempfile.TemporaryDirectory() as folder:
            for size in sizes:
                path = os.path.join(folder, f"awards-{size}.xlsx")
                written = write_award_file(path, size, seed=size)
                seconds, peak, last = run_import(path, "import_awards")
                results.append((f"import {written:,} past-award rows", seconds, peak, last))
                out(f"  import {written:,} award rows: {seconds:.1f} s, peak {peak:.0f} MB — {last}")
                if size != sizes[-1]:
                    remove_bench_awards()
            seconds, peak, last = run_import(path, "import_awards")
            results.append((f"the same {written:,} past-award rows again (adds nothing)", seconds, peak, last))
            out(f"  again {written:,} award rows: {seconds:.1f} s, peak {peak:.0f} MB — {last}")
            remove_bench_awards()
            if new_people:
                path = os.path.join(folder, "awards-new-people.xlsx")
                written = write_award_file(path, sizes[-1] - new_people, new_people=new_people, seed=sizes[-1])
                seconds, peak, last = run_import(path, "import_awards", "--add-missing-people")
                results.append((f"import {written:,} past-award rows, {new_people:,} adding people to the registry", seconds, peak, last))
                out(f"  import {written:,} award rows adding {new_people:,} people: {seconds:.1f} s, peak {peak:.0f} MB — {last}")
    finally:
        remove_bench_awards()
    return results


def table(results: list[Result], imports, machine: str, scale: str = "") -> str:
    lines = [
        f"Machine: {machine}",
        "",
        "| scale | user | page | median ms | p95 ms | queries | × ceiling |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = f"{r.ratio:.1f}" if r.ceiling_ms and not r.page.startswith("ceiling") else "—"
        lines.append(f"| {r.scale} | {r.who} | {r.page} | {r.median_ms:.1f} | {r.p95_ms:.1f} | {r.queries} | {ratio} |")
    if imports:
        lines += ["", "| scale | import | seconds | peak MB | result |", "|---|---|---:|---:|---|"]
        scale = scale or (results[0].scale if results else "")
        for name, seconds, peak, last in imports:
            lines.append(f"| {scale} | {name} | {seconds:.1f} | {peak:.0f} | {last} |")
    return "\n".join(lines) + "\n"


def machine_summary() -> str:
    import platform

    cpus = os.cpu_count()
    try:
        with open("/proc/meminfo") as fh:
            memory = int(fh.readline().split()[1]) // 1024 // 1024
    except OSError:
        memory = 0
    with connection.cursor() as cursor:
        cursor.execute("select version()" if connection.vendor == "postgresql" else "select sqlite_version()")
        database = cursor.fetchone()[0].split(" on ")[0]
    return f"{platform.machine()} Linux, {cpus} cores, {memory} GiB RAM, Python {platform.python_version()}, {database}"
