"""The portal's own rows on a generated union database: accounts, notices, background jobs, attachments
and the change records of yearly counts, so that every page the HTTP benchmark opens is timed with
national-scale tables behind it (docs/decisions/0020-http-benchmark.md).

`seed_scale` calls `top_up` after a full generation, and `seed_scale --top-up` (or `--if-empty` on a
database that is already there) calls it alone: each kind is added only when it is missing, so a
database of 11 million members gains the new tables without being generated again.

What is written, and why:

* The benchmark's accounts (`bench.<who>`, password BENCH_PASSWORD, roles as in devtools/benchmark.py)
  are real accounts: the HTTP benchmark logs in through the login form with them.
* Generated accounts `gen.<n>`, chairs of CĐCS spread over the tree (no usable password), hold most
  notices and jobs, so the tables are large while each benchmark user's share is realistic.
* Notices: 60 per generated account, BENCH_NOTICES per benchmark account; about 70% read.
* Jobs: finished member imports (state DONE, with their Transition rows, as portal.jobs.runner leaves
  them: queued → running → ready → queued → running → done); the files are not kept.
* Attachments: rows on every 20th unit and on the benchmark's large union, pointing at a few small
  shared files under MEDIA_ROOT/bench/ (written if missing; `ensure_shared_files`).
* Award history (devtools/scale_awards.py): about 3 million awards over five years at national scale,
  one decision a year per grassroots union, so the member pages, the member list's award filter and
  the history read are timed on a full ledger.
* Campaigns (devtools/scale_campaigns.py) and emulation blocs (devtools/scale_blocs.py): every
  provincial-level union's campaigns of 2024–2025 and its blocs of 2021–2025 with their scores and reviews.
* Change records of saved counts (ChangeRecord COUNTS_SAVED) for every third unit: the 2025 figures
  as they stand in UnitYearStats, with the "before" a service would have recorded.

Rows go in with scale.write_rows (COPY on PostgreSQL), the tuples checked against the models by
scale.columns like the generator's own.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import struct
import uuid
import zlib
from collections.abc import Callable, Iterator

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction

from blocs.models import Bloc
from campaigns.models import Campaign, Duty
from devtools import scale, scale_awards, scale_blocs, scale_campaigns
from portal.attachments.models import Attachment
from portal.jobs.models import Job
from portal.jobs.runner import WORKER
from portal.models import Transition
from portal.notices.models import Notice
from units.access import Role
from units.models import ChangeRecord, RoleAssignment, Unit, UnitYearStats

User = get_user_model()

BENCH_PREFIX = "bench."
GEN_PREFIX = "gen."
# Known on purpose: the benchmark logs in with it. Only ever set on accounts of a generated database.
BENCH_PASSWORD = "bench-Dien-Bien-2026"
NOTICES_PER_ACCOUNT = 60
BENCH_NOTICES = 3_000
BENCH_JOBS = 60
JOBS_PER_ACCOUNT = 2
READ_SHARE = 0.7
ATTACHMENT_EVERY = 20  # units
COUNTS_EVERY = 3  # units
FILES_FOLDER = "bench"

scale.FIELDS.update({
    Notice: ["id", "recipient_id", "sender_id", "kind", "title", "body", "link", "created_at", "read_at"],
    Job: ["id", "kind", "owner_id", "language", "state", "done", "total", "input_file", "input_name", "result_file",
          "params", "report", "confirmed_at", "lease_until", "attempts", "task_id", "created_at", "updated_at"],
    Transition: ["id", "owner_type_id", "owner_id", "source", "target", "by_id", "at", "note"],
    Attachment: ["id", "content_type_id", "object_id", "file", "filename", "purpose", "kind", "size", "sha256",
                 "uploaded_by_id", "uploaded_at"],
    ChangeRecord: ["id", "kind", "unit_id", "person_id", "account_id", "details", "recorded_by_id", "recorded_at"],
})
TOPUP_MODELS = [Notice, Job, Transition, Attachment, ChangeRecord]
# What the benchmark chair's union did of 2025's campaigns: done, a plan without a launch, nothing (late).
CHAIR_DUTIES = {"LDG": "done", "TMG": "done", "NSC": "done", "XSD": "plan", "VHT": "none", "GVN": "none"}


# --------------------------------------------------------------------------------------------
# The benchmark's accounts
# --------------------------------------------------------------------------------------------


def bench_cast() -> list[tuple[str, str, Unit]]:
    """(who, role, unit) of the benchmark's users, the same units devtools/benchmark.py picks."""
    from devtools.benchmark import pick_units

    kind, root, province, big_union = pick_units()
    cast = [
        ("national staff" if kind == "national" else "province staff", Role.PROVINCE_STAFF, root),
        ("province chair", Role.LEADERSHIP, province),
        ("district officer", Role.UPPER_LEVEL_OFFICER, big_union),
    ]
    # The chair of the CĐCS whose page the benchmark opens (campaign duties, the to-do list).
    cast += [("union chair", Role.GRASSROOTS_CHAIR, Unit.objects.get(pk=pk)) for pk in files_unit_candidates(big_union)]
    return cast if kind == "national" else cast[1:]


def bench_username(who: str) -> str:
    return BENCH_PREFIX + who.replace(" ", "-")


def ensure_bench_accounts() -> list[tuple[str, str, Unit, object]]:
    """The benchmark's accounts with BENCH_PASSWORD and exactly their one role (idempotent; hashes only
    when the password does not match already)."""
    accounts = []
    for who, role, unit in bench_cast():
        user, _ = User.objects.get_or_create(username=bench_username(who), defaults={"first_name": who})
        if not user.check_password(BENCH_PASSWORD) or not user.is_active:
            user.password = make_password(BENCH_PASSWORD)
            user.is_active = True
            user.save(update_fields=["password", "is_active"])
        RoleAssignment.objects.filter(user=user).exclude(role=role, unit=unit).delete()
        RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        accounts.append((who, role, unit, user))
    return accounts


def gen_account_count(units: int) -> int:
    return max(100, units // 27)  # national: ~5,000 accounts, ~300,000 notices


def ensure_gen_accounts(count: int) -> list[tuple[int, int]]:
    """(user id, unit id) of the generated accounts: chairs of CĐCS spread evenly over the tree."""
    existing = list(RoleAssignment.objects.filter(user__username__startswith=GEN_PREFIX)
                    .order_by("user__username").values_list("user_id", "unit_id"))
    if existing:
        return existing
    grassroots = list(Unit.objects.filter(unit_type__is_grassroots=True).active().order_by("path").values_list("id", flat=True))
    if not grassroots:
        return []
    step = max(1, len(grassroots) // count)
    chosen = grassroots[::step][:count]
    users = User.objects.bulk_create(
        [User(username=f"{GEN_PREFIX}{n:05d}", password="!generated-no-login", first_name=f"Chủ tịch CĐCS {n}",
              date_joined=scale.GENERATED_AT) for n in range(1, len(chosen) + 1)]
    )
    if connection.vendor != "postgresql":  # SQLite's bulk_create may not return ids
        users = list(User.objects.filter(username__startswith=GEN_PREFIX).order_by("username"))
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=user, role=Role.GRASSROOTS_CHAIR, unit_id=unit_id) for user, unit_id in zip(users, chosen)]
    )
    return [(user.pk, unit_id) for user, unit_id in zip(users, chosen)]


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------

SINCE = datetime.datetime(2025, 6, 1, 1, 0, tzinfo=datetime.UTC)


def stamp(moment: datetime.datetime):
    value = connection.ops.adapt_datetimefield_value(moment)
    return value.isoformat(" ") if isinstance(value, datetime.datetime) else value


def moment(rng: random.Random) -> datetime.datetime:
    """A time between SINCE and the generator's "now" (rows never depend on the clock)."""
    span = (scale.GENERATED_AT - SINCE).total_seconds()
    return SINCE + datetime.timedelta(seconds=int(rng.random() * span))


def next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


NOTICE_KINDS = [
    ("units.role_granted", "Bạn được giao vai trò Chủ tịch công đoàn cơ sở tại {unit}",
     "Đăng nhập cổng thông tin để làm việc với vai trò này."),
    ("imports.done", "Đã nhập xong tệp đoàn viên của {unit}", "Mở trang công việc để xem các dòng đã nhập."),
    ("imports.refused", "Tệp nhập đoàn viên của {unit} có lỗi, chưa nhập dòng nào",
     "Mở trang công việc để xem các dòng lỗi, sửa tệp rồi tải lên lại."),
    ("units.counts_due", "Nhắc cập nhật số liệu đoàn viên năm 2025 của {unit}",
     "Vào trang đơn vị, mục số liệu năm, để nhập số đoàn viên, số lao động và số nữ."),
]


def notice_rows(first_id: int, recipients: list[tuple[int, int, int]], unit_names: dict[int, str],
                seed: int) -> Iterator[tuple]:
    """`recipients`: (user id, unit id the notices are about, how many)."""
    rng = random.Random(f"{seed}:notices")
    pk = first_id
    for user_id, unit_id, count in recipients:
        name = unit_names.get(unit_id, "")
        for _ in range(count):
            kind, title, body = NOTICE_KINDS[int(rng.random() * len(NOTICE_KINDS))]
            sent = moment(rng)
            read = sent + datetime.timedelta(hours=1 + int(rng.random() * 72)) if rng.random() < READ_SHARE else None
            if read and read > scale.GENERATED_AT:
                read = scale.GENERATED_AT
            yield (pk, user_id, None, kind, title.format(unit=name)[:200], body, f"/units/{unit_id}/", stamp(sent),
                   stamp(read) if read else None)
            pk += 1


def job_report(rng: random.Random, changes: int) -> dict:
    rows = 20 + int(rng.random() * 2_000)
    updated = min(rows, changes + int(rng.random() * 40))
    return {
        "rows": rows, "created": rows - updated, "updated": updated, "unchanged": 0,
        "seconds": round(0.5 + rows / 4_000, 2), "errors": [], "notes": [],
        "changes": [
            {"row": 2 + n, "name": f"Đoàn viên {n + 1}", "changes": [["Chức danh", "Công nhân", "Tổ trưởng sản xuất"]],
             "correction": False}
            for n in range(changes)
        ],
    }


def job_rows(owners: list[tuple[int, int]], seed: int, transitions: list[tuple]) -> Iterator[tuple]:
    """Finished member imports of `owners` ((user id, count)); fills `transitions` (job id, user id, start)."""
    rng = random.Random(f"{seed}:jobs")
    for owner_id, count in owners:
        for n in range(count):
            job_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            created = moment(rng)
            report = job_report(rng, 30 if count > JOBS_PER_ACCOUNT else 3)
            finished = created + datetime.timedelta(minutes=2)
            name = f"doan-vien-{n + 1:03d}.xlsx"
            yield (Job._meta.pk.get_db_prep_value(job_id, connection), "import_people", owner_id, "vi", Job.State.DONE, report["rows"], report["rows"], "", name,
                   "", "{}", scale_json(report), stamp(created + datetime.timedelta(minutes=1)), None, 2, "",
                   stamp(created), stamp(finished))
            transitions.append((str(job_id), owner_id, created))


def scale_json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


# The moves of a confirmed import, as portal.jobs.runner records them: (source, target, by the owner?, seconds after start).
IMPORT_MOVES = [("", "queued", True, 0), ("queued", "running", False, 2), ("running", "ready", False, 20),
                ("ready", "queued", True, 60), ("queued", "running", False, 62), ("running", "done", False, 110)]


def transition_rows(first_id: int, job_type_id: int, jobs: list[tuple]) -> Iterator[tuple]:
    pk = first_id
    for job_id, owner_id, started in jobs:
        for source, target, by_owner, seconds in IMPORT_MOVES:
            note = "" if by_owner else WORKER
            yield (pk, job_type_id, job_id, source, target, owner_id if by_owner else None,
                   stamp(started + datetime.timedelta(seconds=seconds)), note)
            pk += 1


def _png() -> bytes:
    """A 2×2 grey PNG, built by hand (a real image the content check accepts)."""
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    """A one-page PDF with a valid cross-reference table."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


# (stored name, the name shown, kind code, content)
SHARED_FILES = [
    (f"{FILES_FOLDER}/quyet-dinh-thanh-lap.pdf", "Quyết định thành lập.pdf", "pdf", _pdf()),
    (f"{FILES_FOLDER}/bien-ban-dai-hoi.pdf", "Biên bản đại hội.pdf", "pdf", _pdf()),
    (f"{FILES_FOLDER}/anh-tru-so.png", "Ảnh trụ sở.png", "png", _png()),
]


def ensure_shared_files() -> None:
    """The few files every generated attachment points at, under MEDIA_ROOT/bench/ (idempotent)."""
    for name, _shown, _kind, content in SHARED_FILES:
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(content))
            if saved != name:
                raise RuntimeError(f"storage saved {saved} instead of {name}")


def attachment_rows(first_id: int, unit_type_id: int, unit_ids: list[int], heavy: set[int], uploader_id,
                    seed: int) -> Iterator[tuple]:
    rng = random.Random(f"{seed}:attachments")
    pk = first_id
    files = [(name, shown, kind, len(content), hashlib.sha256(content).hexdigest()) for name, shown, kind, content in SHARED_FILES]
    for unit_id in unit_ids:
        for _ in range(12 if unit_id in heavy else 1 + int(rng.random() * 3)):
            name, shown, kind, size, sha = files[int(rng.random() * len(files))]
            yield (pk, unit_type_id, unit_id, name, shown, "", kind, size, sha, uploader_id, stamp(moment(rng)))  # a unit's files: no slot
            pk += 1


def counts_rows(first_id: int, stats: list[tuple[int, int, int, int]], recorder_id, seed: int) -> Iterator[tuple]:
    """One COUNTS_SAVED record per (unit, members, workers, women) of 2025, stamped GENERATED_AT."""
    rng = random.Random(f"{seed}:counts")
    at = stamp(scale.GENERATED_AT)
    for pk, (unit_id, members, workers, women) in enumerate(stats, start=first_id):
        after = [members, workers, women]
        before = None if rng.random() < 0.3 else [max(0, members - int(rng.random() * 5)), workers, max(0, women - int(rng.random() * 3))]
        details = {"year": 2025, "before": before, "after": after}
        yield (pk, ChangeRecord.Kind.COUNTS_SAVED, unit_id, None, None, scale_json(details), recorder_id, at)


# --------------------------------------------------------------------------------------------
# The top-up
# --------------------------------------------------------------------------------------------


def generated_rows(model):
    """The rows of `model` that the top-up wrote (what --replace removes and what "missing" looks for)."""
    generated = (BENCH_PREFIX, GEN_PREFIX)
    if model is Notice:
        return Notice.objects.filter(recipient__username__startswith=GEN_PREFIX)
    if model is Job:
        return Job.objects.filter(owner__username__startswith=GEN_PREFIX)
    if model is Attachment:
        return Attachment.objects.filter(file__startswith=f"{FILES_FOLDER}/")
    if model is ChangeRecord:
        return ChangeRecord.objects.filter(kind=ChangeRecord.Kind.COUNTS_SAVED, recorded_at=scale.GENERATED_AT)
    raise ValueError(f"{model} is not topped up ({generated})")


def remove_generated() -> None:
    """Before a full regeneration (--replace): the top-up's rows go too (notices and attachments point at
    units by id, without a foreign key that the units' TRUNCATE would follow)."""
    bench_jobs = Job.objects.filter(owner__username__startswith=BENCH_PREFIX, created_at__lte=scale.GENERATED_AT)
    job_type = ContentType.objects.get_for_model(Job)
    for jobs in (generated_rows(Job), bench_jobs):
        Transition.objects.filter(owner_type=job_type, owner_id__in=[str(pk) for pk in jobs.values_list("pk", flat=True)]).delete()
        jobs.delete()
    generated_rows(Notice).delete()
    Notice.objects.filter(recipient__username__startswith=BENCH_PREFIX, created_at__lte=scale.GENERATED_AT).delete()
    generated_rows(Attachment).delete()
    generated_rows(ChangeRecord).delete()
    Transition.objects.filter(owner_type=ContentType.objects.get_for_model(Campaign)).delete()
    Transition.objects.filter(owner_type=ContentType.objects.get_for_model(Bloc)).delete()
    User.objects.filter(username__startswith=GEN_PREFIX).delete()


def top_up(*, seed: int = scale.DEFAULT_SEED, say: Callable[[str], None] = print) -> dict:
    """Add the kinds that are missing (see the module's docstring); returns {model: rows written}."""
    if not Unit.objects.exists():
        raise RuntimeError("no units: generate the database first")
    real = Unit.objects.exclude(code__startswith=scale.CODE_PREFIX)
    if real.exists():
        raise RuntimeError(f"{real.count():,} units were not generated (codes without {scale.CODE_PREFIX}): refusing to top up")
    for model in TOPUP_MODELS:
        scale.columns(model)
    counts = {}
    with transaction.atomic():
        bench = ensure_bench_accounts()
        gen = ensure_gen_accounts(gen_account_count(Unit.objects.count()))
        say(f"  {len(bench)} tài khoản đo hiệu năng, {len(gen):,} tài khoản sinh tự động")
        importers = [user.pk for _who, role, _unit, user in bench if role not in (Role.LEADERSHIP, Role.GRASSROOTS_CHAIR)]
        big_union = next(unit for _who, role, unit, _user in bench if role == Role.UPPER_LEVEL_OFFICER)

        if not generated_rows(Notice).exists():
            recipients = [(user.pk, unit.pk, BENCH_NOTICES) for _who, _role, unit, user in bench]
            recipients += [(user_id, unit_id, NOTICES_PER_ACCOUNT) for user_id, unit_id in gen]
            names = dict(Unit.objects.filter(pk__in={unit_id for _, unit_id, _ in recipients}).values_list("pk", "name"))
            counts[Notice] = scale.write_rows(Notice, notice_rows(next_id(Notice), recipients, names, seed))

        if not generated_rows(Job).exists():
            transitions: list[tuple] = []
            owners = [(pk, BENCH_JOBS) for pk in importers] + [(user_id, JOBS_PER_ACCOUNT) for user_id, _ in gen]
            counts[Job] = scale.write_rows(Job, job_rows(owners, seed, transitions))
            job_type = ContentType.objects.get_for_model(Job).pk
            counts[Transition] = scale.write_rows(Transition, transition_rows(next_id(Transition), job_type, transitions))

        if not generated_rows(Attachment).exists():
            ensure_shared_files()
            unit_ids = list(Unit.objects.order_by("pk").values_list("pk", flat=True)[::ATTACHMENT_EVERY])
            heavy = {big_union.pk, *files_unit_candidates(big_union)}
            unit_ids = sorted(set(unit_ids) | heavy)
            counts[Attachment] = scale.write_rows(Attachment, attachment_rows(
                next_id(Attachment), ContentType.objects.get_for_model(Unit).pk, unit_ids, heavy, importers[0] if importers else None, seed))

        if not scale_awards.generated_decisions().exists():
            say("  lịch sử khen thưởng (5 năm)…")
            counts.update(scale_awards.write_awards(seed=seed, stamp=scale.timestamp_value(), next_id=next_id))

        if not generated_rows(ChangeRecord).exists():
            stats = [row for n, row in enumerate(
                UnitYearStats.objects.filter(year=2025).order_by("unit_id").values_list("unit_id", "members", "workers", "women"))
                if n % COUNTS_EVERY == 0 or row[0] == big_union.pk]
            counts[ChangeRecord] = scale.write_rows(ChangeRecord, counts_rows(next_id(ChangeRecord), stats, None, seed))

        if not scale_campaigns.generated_campaigns().exists():
            # The plan's seven campaigns of every provincial-level union, 2024 and 2025 (devtools/scale_campaigns.py);
            # the benchmark chair's union has done some of 2025's and is late with others.
            chair = [unit.pk for _who, role, unit, _user in bench if role == Role.GRASSROOTS_CHAIR]
            seeder = scale_campaigns.Seeder(seed=seed, say=say, forced={pk: CHAIR_DUTIES for pk in chair})
            for model, n in seeder.run().items():
                counts[model] = counts.get(model, 0) + n
            if seeder.counts:
                rows = seeder.counts.get(Duty, 0)
                written = max(seeder.duty_seconds - seeder.rule_seconds, 1e-9)
                say(f"  {rows:,} nghĩa vụ trong {seeder.duty_seconds:.1f} s ({rows / max(seeder.duty_seconds, 1e-9):,.0f} dòng/s; "
                    f"hỏi quy tắc ai phải thực hiện {seeder.rule_seconds:.1f} s, ghi {written:.1f} s = {rows / written:,.0f} dòng/s), "
                    f"{seeder.duty_seconds_with_indexes:.1f} s cả tạo lại chỉ mục")

        if not scale_blocs.generated_blocs().exists():
            # Two kinds of emulation bloc a year for 2021–2025 at every provincial-level union, scored and mostly
            # reviewed; the current year half self-scored (devtools/scale_blocs.py). After the campaigns: a
            # review's practices link their exemplars.
            say("  khối thi đua (2021–2025)…")
            seeder = scale_blocs.Seeder(seed=seed, say=say)
            for model, n in seeder.run().items():
                counts[model] = counts.get(model, 0) + n

        scale.reset_sequences([m for m in TOPUP_MODELS if m is not Job])
        if connection.vendor == "postgresql":
            # Check the foreign keys of the rows added through the ORM now, not at commit: pending checks would
            # stop a later TRUNCATE in the same transaction (seed_scale --replace in a test).
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    if connection.vendor == "postgresql" and counts:
        with connection.cursor() as cursor:
            for model in counts:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return counts


def files_unit_candidates(big_union: Unit) -> list[int]:
    """The CĐCS whose page the benchmark opens as "a unit page with files": the first active one under the large union."""
    unit = (Unit.objects.filter(path__startswith=big_union.path, unit_type__is_grassroots=True).active()
            .order_by("path").values_list("pk", flat=True).first())
    return [unit] if unit else []
