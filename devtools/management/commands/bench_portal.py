import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from devtools import benchmark


class Command(BaseCommand):
    help = "Time the foundation's pages, search, the tree as of a date and imports on a generated database."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--warmup", type=int, default=2)
        parser.add_argument("--skip-imports", action="store_true")
        parser.add_argument("--import-sizes", default="10000,100000", help="comma-separated row counts of the members import (empty: none)")
        parser.add_argument("--bad-rows", type=int, default=1000)
        parser.add_argument("--roles", nargs="+", default=(), metavar="WORD",
                            help="only the users whose label contains one of these words (e.g. district national)")
        parser.add_argument("--pages", nargs="+", default=(), metavar="WORD",
                            help="only the pages whose label contains one of these words (e.g. award); the ceiling "
                                 "and the logged-in base page are always timed")
        parser.add_argument("--award-import-sizes", default="100000", help="comma-separated row counts of the past-awards import (empty: none)")
        parser.add_argument("--new-people", type=int, default=1000, help="rows of the last awards file that add people to the registry")
        parser.add_argument("--imports-only", action="store_true", help="time the imports only, not the pages")
        parser.add_argument("--output", help="write the table here (default docs/benchmarks/<date>-<scale>.md)")

    def handle(self, *args, runs, warmup, skip_imports, import_sizes, bad_rows, award_import_sizes, new_people, imports_only,
               output, roles, pages, **options):
        write = self.stdout.write
        scale = benchmark.pick_units()[0]
        results = [] if imports_only else benchmark.run_pages(runs, warmup, out=write, roles=tuple(roles), pages=tuple(pages))
        imports = []
        if not skip_imports:
            sizes = tuple(int(size) for size in import_sizes.split(",") if size)
            if sizes:
                imports = benchmark.run_imports(scale, sizes, min(bad_rows, sizes[-1]), out=write)
            sizes = tuple(int(size) for size in award_import_sizes.split(",") if size)
            if sizes:
                imports += benchmark.run_award_imports(sizes, new_people, out=write)
        text = benchmark.table(results, imports, benchmark.machine_summary(), scale)
        write("")
        write(text)
        suffix = "-imports" if imports_only else ""
        path = Path(output) if output else Path(settings.BASE_DIR) / "docs" / "benchmarks" / (
            f"{datetime.date.today():%Y-%m-%d}-{scale}{suffix}.md"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Benchmark, {scale} scale, {datetime.date.today():%d/%m/%Y}\n\n{text}", encoding="utf-8")
        write(f"Written to {path}")
