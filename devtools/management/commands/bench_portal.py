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
        parser.add_argument("--import-sizes", default="10000,100000", help="comma-separated row counts")
        parser.add_argument("--bad-rows", type=int, default=1000)
        parser.add_argument("--pages", nargs="*", help="only the pages whose label holds one of these words, e.g. --pages bloc "
                                                        "(the ceiling always runs; the function timings are left out)")
        parser.add_argument("--roles", nargs="*", help="only these users, by a word of their name (staff, chair, officer)")
        parser.add_argument("--output", help="write the table here (default docs/benchmarks/<date>-<scale>.md)")

    def handle(self, *args, runs, warmup, skip_imports, import_sizes, bad_rows, output, pages, roles, **options):
        write = self.stdout.write
        results = benchmark.run_pages(runs, warmup, out=write, only=pages, roles=roles)
        imports = []
        if not skip_imports:
            sizes = tuple(int(size) for size in import_sizes.split(","))
            imports = benchmark.run_imports(results[0].scale, sizes, min(bad_rows, sizes[-1]), out=write)
        text = benchmark.table(results, imports, benchmark.machine_summary())
        write("")
        write(text)
        path = Path(output) if output else Path(settings.BASE_DIR) / "docs" / "benchmarks" / (
            f"{datetime.date.today():%Y-%m-%d}-{results[0].scale}.md"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Benchmark, {results[0].scale} scale, {datetime.date.today():%d/%m/%Y}\n\n{text}", encoding="utf-8")
        write(f"Written to {path}")
