import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools import http_bench


class Command(BaseCommand):
    help = ("Serve the database with gunicorn and load every page with concurrent locust clients logged in through the "
            "login form: warm one page at a time, cold, mixed and under a login burst (devtools/http_bench.py).")

    def add_arguments(self, parser):
        defaults = http_bench.Options()
        parser.add_argument("--clients", type=int, default=defaults.clients)
        parser.add_argument("--workers", type=int, default=defaults.workers, help="gunicorn workers")
        parser.add_argument("--phase-seconds", type=float, default=defaults.phase_seconds, help="per page and role, warm")
        parser.add_argument("--mixed-seconds", type=float, default=defaults.mixed_seconds, help="each mixed run (cold, warm, burst)")
        parser.add_argument("--burst-logins", type=int, default=defaults.burst_logins, help="logins a second in the burst (0: none)")
        parser.add_argument("--no-cold", action="store_true", help="skip the cold-cache run (no PostgreSQL restart)")
        parser.add_argument("--cluster", default=defaults.cluster, help="pg_ctlcluster version and name to restart")
        parser.add_argument("--quiet-wait", type=float, default=defaults.quiet_wait,
                            help="seconds to wait for the server's other databases to be idle before a restart")
        parser.add_argument("--skip-collectstatic", action="store_true")
        parser.add_argument("--roles", nargs="+", default=(), help="only the roles whose name contains one of these words")
        parser.add_argument("--pages", nargs="+", default=(),
                            help="only the pages whose label contains one of these words (the ceiling is always run)")
        parser.add_argument("--no-mixed", action="store_true", help="only the warm page-by-page runs (no cold, mixed or burst)")
        parser.add_argument("--output", help="default docs/benchmarks/<date>-<scale>-http.md")

    def handle(self, *args, **o):
        options = http_bench.Options(
            clients=o["clients"], workers=o["workers"], phase_seconds=o["phase_seconds"], mixed_seconds=o["mixed_seconds"],
            burst_logins=o["burst_logins"], cold=not o["no_cold"], cluster=o["cluster"], quiet_wait=o["quiet_wait"],
            collectstatic=not o["skip_collectstatic"], roles=tuple(o["roles"]), pages=tuple(o["pages"]),
            mixed=not o["no_mixed"],
        )
        if options.clients < 1 or options.workers < 1 or options.phase_seconds <= 0 or options.mixed_seconds <= 0:
            raise CommandError("clients, workers and seconds must be positive")
        write = self.stdout.write
        scale, text = http_bench.run(options, out=write)
        write("")
        write(text)
        path = Path(o["output"]) if o["output"] else Path(settings.BASE_DIR) / "docs" / "benchmarks" / (
            f"{datetime.date.today():%Y-%m-%d}-{scale}-http.md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# HTTP benchmark, {scale} scale, {datetime.date.today():%d/%m/%Y}\n\n{text}", encoding="utf-8")
        write(f"Written to {path}")
