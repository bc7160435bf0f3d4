"""`manage.py seed_scale`: load a generated national-scale (or province-scale) union database.

    manage.py seed_scale --scale national                      # ~136k units, 11M members
    manage.py seed_scale --scale province                      # one Điện Biên-sized province
    manage.py seed_scale --scale national --units 20000 --members 1000000
    manage.py seed_scale --scale national --units 300 --members 3000 --replace
    manage.py seed_scale --top-up          # add only the portal's rows that are missing (devtools/topup.py)

The rows come from devtools/scale.py (deterministic for a given --seed). It only ever writes into a
database whose units are all generated (codes starting with "GEN-"), and only with --replace if
generated data is already there. Everything is written in one transaction: a failure leaves the
database as it was. After the union data come the portal's own rows (accounts, notices, jobs, attachments,
count records: devtools/topup.py); `--top-up`, and `--if-empty` on a database already generated, add only
those of them that are missing, without touching the members. On PostgreSQL the rows go in with COPY (FREEZE) into emptied tables whose
secondary indexes and constraints are dropped first and recreated from their own definitions.
"""

import resource
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import translation

from devtools import scale, topup
from units.models import Person, Placement, TrainingRecord, Unit, UnitEvent, UnitYearStats


class Command(BaseCommand):
    help = "Generate a national- or province-scale union database (units, history, members) for load tests."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(scale.SCALES), default="province",
                            help="national: TLĐ, 54 provincial unions, ~135,000 CĐCS, ~11M members; "
                                 "province: one LĐLĐ tỉnh of ~1,000 units, ~40,000 members (default)")
        parser.add_argument("--units", type=int, help="number of units in all (overrides the scale)")
        parser.add_argument("--members", type=int, help="number of members in all (overrides the scale)")
        parser.add_argument("--seed", type=int, default=scale.DEFAULT_SEED, help="random seed (same seed, same data)")
        parser.add_argument("--replace", action="store_true", help="empty the generated data first and load it again")
        parser.add_argument("--if-empty", action="store_true",
                            help="when generated data is already there, only add the portal's rows that are missing "
                                 "(for make bench)")
        parser.add_argument("--top-up", action="store_true",
                            help="only add the portal's rows that are missing (accounts, notices, jobs, attachments, campaigns, blocs, "
                                 "count records) to a generated database")

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        started = time.monotonic()
        self.phases: list[tuple[str, float]] = []
        base = scale.SCALES[options["scale"]]
        shape = scale.Shape(
            base.scale, options["units"] or base.units, options["members"] or base.members,
            base.upper_share, base.upper_floor, base.direct_share,
        )
        if shape.units < 1 or shape.members < 1:
            raise CommandError("Số đơn vị và số đoàn viên phải lớn hơn 0.")
        try:
            for model in scale.GENERATED_MODELS:
                scale.columns(model)
            catalogue = scale.Catalogue()
        except (scale.ModelChanged, LookupError) as error:
            raise CommandError(f"Không thể sinh dữ liệu: {error}") from error

        if options["top_up"] or (
            options["if_empty"] and Unit.objects.exists() and not Unit.objects.exclude(code__startswith=scale.CODE_PREFIX).exists()
        ):
            if not options["top_up"]:
                self.say(f"Đã có {Unit.objects.count():,} đơn vị sinh tự động: giữ nguyên (bỏ --if-empty để sinh lại với --replace).")
            self.run_top_up(options["seed"], started)
            return
        cleared = self.check_database(options["replace"])
        self.say(f"Cơ sở dữ liệu: {connection.vendor} «{connection.settings_dict['NAME']}»; quy mô {shape.scale}: "
                 f"{shape.units:,} đơn vị, {shape.members:,} đoàn viên, seed {options['seed']}.")

        with self.phase("Lập kế hoạch cây đơn vị"):
            try:
                plan = scale.plan_tree(shape, options["seed"])
            except ValueError as error:
                raise CommandError(f"Không thể lập cây đơn vị với các tham số này: {error}") from error
            c = plan.counts()
            self.say(f"  {c['root']} gốc, {c['provincial']} cấp tỉnh/ngành TW, {c['upper']} cấp trên cơ sở, "
                     f"{c['grassroots']:,} CĐCS; {c['moved']} chuyển, {c['merged']} sáp nhập, {c['dissolved']} giải thể")

        counts = {}
        postgres = connection.vendor == "postgresql"
        with transaction.atomic():
            with self.phase("Dọn bảng và gỡ chỉ mục"):
                if postgres:
                    with connection.cursor() as cursor:
                        # Index builds sort in memory; commit is the only sync point anyway.
                        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
                        cursor.execute("SET LOCAL synchronous_commit = off")
                # On PostgreSQL the tables are always truncated (they are empty or --replace was given):
                # COPY FREEZE needs it, and frozen rows need no hint-bit rewrite after the load.
                if postgres or cleared:
                    scale.empty_tables(scale.related_tables())
                deferred = scale.drop_indexes(scale.GENERATED_MODELS) if postgres else None

            stamp = scale.timestamp_value()
            with self.phase("Đơn vị, vị trí, sự kiện"):
                counts[Unit] = scale.write_rows(Unit, scale.unit_rows(plan, catalogue, stamp), freeze=postgres)
                counts[Placement] = scale.write_rows(Placement, scale.placement_rows(plan), freeze=postgres)
                counts[UnitEvent] = scale.write_rows(UnitEvent, scale.event_rows(plan, stamp), freeze=postgres)

            women = [0] * (len(plan.units) + 1)
            trainings: list[tuple] = []
            with self.phase("Đoàn viên"):
                ctx = scale.PeopleContext(plan, catalogue, stamp)
                people_started = time.monotonic()

                def progress(n):
                    rate = n / max(time.monotonic() - people_started, 1e-9)
                    self.say(f"  {n:,} / {shape.members:,} đoàn viên ({rate:,.0f}/s)")

                counts[Person] = scale.write_rows(Person, scale.person_rows(plan, ctx, women, trainings),
                                                  progress=progress, freeze=postgres)

            with self.phase("Tập huấn, số liệu năm"):
                rows = ((n, person, course, organiser, held_on, attended, stamp)
                        for n, (person, course, organiser, held_on, attended) in enumerate(trainings, start=1))
                counts[TrainingRecord] = scale.write_rows(TrainingRecord, rows, freeze=postgres)
                del trainings
                counts[UnitYearStats] = scale.write_rows(UnitYearStats, scale.stats_rows(plan, women), freeze=postgres)
            del plan, women

            if postgres:
                with self.phase("Tạo lại chỉ mục và ràng buộc"):
                    scale.recreate_indexes(deferred, log=lambda line: self.say(f"  {line}"))
            scale.reset_sequences(scale.GENERATED_MODELS)

        if postgres:
            with self.phase("ANALYZE"):
                with connection.cursor() as cursor:
                    for model in scale.GENERATED_MODELS:
                        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

        self.summary(counts, time.monotonic() - started)
        if cleared:
            # The old portal rows go after the load: deleting them first would leave PostgreSQL trigger events
            # pending on the tables that the load truncates, when both run in one transaction (the tests).
            topup.remove_generated()
        self.run_top_up(options["seed"], started)

    def run_top_up(self, seed: int, started: float) -> None:
        with self.phase("Tài khoản, thông báo, công việc, tệp đính kèm, lịch sử số liệu"):
            try:
                counts = topup.top_up(seed=seed, say=self.say)
            except (RuntimeError, scale.ModelChanged) as error:
                raise CommandError(f"Không thể bổ sung dữ liệu: {error}") from error
        if not counts:
            self.say("  Đã có đủ các loại dữ liệu: không thêm dòng nào.")
        for model, n in counts.items():
            self.say(f"  {model._meta.db_table:<24} {n:>12,}")
        self.say(f"Tài khoản đo hiệu năng: {', '.join(topup.bench_username(who) for who, _r, _u in topup.bench_cast())}, "
                 f"mật khẩu «{topup.BENCH_PASSWORD}» (chỉ trên cơ sở dữ liệu sinh tự động). Tổng thời gian {time.monotonic() - started:.1f} s.")

    # --- safety ----------------------------------------------------------------------------

    def check_database(self, replace: bool) -> bool:
        """Refuse to touch real data. Returns True when generated data must be removed first."""
        real = Unit.objects.exclude(code__startswith=scale.CODE_PREFIX)
        if real.exists():
            example = real.order_by("pk").first()
            raise CommandError(
                f"Từ chối chạy: cơ sở dữ liệu đang có {real.count():,} đơn vị không do seed_scale sinh ra "
                f"(ví dụ «{example.code} – {example.name}»). Lệnh này chỉ dùng cho cơ sở dữ liệu thử nghiệm riêng."
            )
        generated = Unit.objects.count()
        if generated and not replace:
            raise CommandError(
                f"Cơ sở dữ liệu đã có {generated:,} đơn vị sinh tự động. Thêm --replace để xóa và sinh lại."
            )
        if not replace:
            # No units: any row left in a table that points at units (or at members) is not ours to delete.
            leftovers = scale.non_empty_tables(scale.related_tables())
            if leftovers:
                raise CommandError(
                    f"Từ chối chạy: các bảng sau đã có dữ liệu: {', '.join(leftovers)}. Thêm --replace nếu đó là dữ liệu "
                    f"sinh tự động cần xóa."
                )
        return replace

    # --- output ----------------------------------------------------------------------------

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def phase(self, name: str):
        command = self

        class Phase:
            def __enter__(self):
                command.say(f"» {name}…")
                self.started = time.monotonic()

            def __exit__(self, exc_type, exc, tb):
                elapsed = time.monotonic() - self.started
                if exc_type is None:
                    command.phases.append((name, elapsed))
                    command.say(f"  xong sau {elapsed:.1f} s")

        return Phase()

    def summary(self, counts: dict, total: float) -> None:
        out = self.say
        out("")
        out(self.style.SUCCESS("Đã sinh dữ liệu quy mô lớn."))
        out("Số dòng theo bảng:")
        for model, n in counts.items():
            out(f"  {model._meta.db_table:<24} {n:>12,}")
        out("Thời gian theo giai đoạn:")
        for name, elapsed in self.phases:
            out(f"  {name:<32} {elapsed:>8.1f} s")
        out(f"  {'Tổng cộng':<32} {total:>8.1f} s")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        out(f"Bộ nhớ đỉnh của tiến trình: {peak:,.0f} MB")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_database_size(current_database()), pg_relation_size(%s), pg_indexes_size(%s), "
                    "pg_total_relation_size(%s)", [Person._meta.db_table] * 3,
                )
                db, heap, indexes, total_person = cursor.fetchone()
                cursor.execute(
                    "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
                    "WHERE indrelid = %s::regclass ORDER BY 2 DESC", [Person._meta.db_table],
                )
                per_index = cursor.fetchall()
            mb = 1024 * 1024
            out(f"Dung lượng cơ sở dữ liệu: {db / mb:,.0f} MB")
            out(f"Bảng {Person._meta.db_table}: dữ liệu {heap / mb:,.0f} MB, chỉ mục {indexes / mb:,.0f} MB, "
                f"tổng {total_person / mb:,.0f} MB")
            for name, size in per_index:
                out(f"  {name:<40} {size / mb:>8,.0f} MB")
