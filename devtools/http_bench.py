"""The benchmark over HTTP (manage.py bench_http): gunicorn serving the database as in production, concurrent
locust clients logged in through the real login form.

What it runs, in order (docs/decisions/0020-http-benchmark.md):
1. collectstatic, then gunicorn (2 sync workers, DEBUG=0, a random SECRET_KEY, ALLOWED_HOSTS=127.0.0.1,
   PLAIN_HTTP_TRIAL=1) on a free local port;
2. cold: PostgreSQL restarted and the OS page cache dropped (where the machine allows: each step says what
   happened), then a mixed run: every client walks through its role's pages;
3. warm, one page at a time: for each role, 4 clients open the same page for a few seconds, page after
   page, the first being the logged-in base page (/healthz/page/), the ceiling each page is set against;
4. warm mixed, then the same mixed run with a burst of logins (10 a second) beside it.
Locust writes its figures with --csv; they are read back into Markdown tables. The in-process benchmark
(bench_portal) stays the one that counts queries.
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from devtools import benchmark, topup
from units.access import Role as AccessRole

CEILING = "logged-in base page (ceiling)"
DROP_CACHES = "/proc/sys/vm/drop_caches"
TARGET_P50_MS, TARGET_P99_MS, TARGET_SHARE = 200, 1000, 0.25


@dataclass
class Role:
    who: str
    username: str
    pages: list[tuple[str, str, int]]  # (label, url, expected status)


@dataclass
class Row:
    who: str
    page: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p99: float
    max: float


@dataclass
class Run:
    name: str
    seconds: float
    rows: list[Row] = field(default_factory=list)

    def row(self, who: str, page: str) -> Row | None:
        return next((r for r in self.rows if r.who == who and r.page == page), None)


# --------------------------------------------------------------------------------------------
# The plan: who, which pages
# --------------------------------------------------------------------------------------------


def plan_roles(out=print) -> tuple[str, list[Role]]:
    """The benchmark's accounts (made if missing) and their pages; the status each page gives the role is
    read once in-process (a page outside a role's area is a 404, timed as such)."""
    accounts = topup.ensure_bench_accounts()
    topup.ensure_shared_files()
    scale, root, province, big_union = benchmark.pick_units()
    common = benchmark.page_list(root, province, big_union)
    roles = []
    with override_settings(ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False, STORAGES={
        **settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    }):
        chair_unit = next((unit for _who, role, unit, _user in accounts if role == AccessRole.GRASSROOTS_CHAIR), None)
        for who, role, _unit, user in accounts:
            client = Client()
            client.force_login(user)
            pages = []
            mine = [] if role == AccessRole.GRASSROOTS_CHAIR else common  # a chair's pages: its own union's
            for label, url in [(CEILING, "/healthz/page/"), ("home page", "/"), *mine,
                               *benchmark.portal_pages(user, big_union)[1:],
                               *benchmark.campaign_pages(who, province, big_union, chair_unit, out=out),
                               *benchmark.bloc_pages(who, big_union, out=out)]:
                status = client.get(url).status_code
                if status not in (200, 404):
                    out(f"  {who}: {url} answered {status}: left out")
                    continue
                pages.append((label if status == 200 else f"{label} (404: outside this user's area)", url, status))
            roles.append(Role(who, user.get_username(), pages))
    return scale, roles


# --------------------------------------------------------------------------------------------
# Serving: collectstatic and gunicorn
# --------------------------------------------------------------------------------------------


def server_env() -> dict:
    env = dict(os.environ)
    env.update({
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PLAIN_HTTP_TRIAL": "1",
        "DATABASE_URL": database_url(),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def database_url() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    raise RuntimeError("set DATABASE_URL: gunicorn must serve the same database")


def collectstatic(env: dict, out=print) -> None:
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=settings.BASE_DIR, check=True)
    out(f"  collectstatic: {time.monotonic() - started:.1f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict, workers: int, log):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "config.wsgi:application", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "120", "--error-logfile", "-", "--log-level", "warning"],
            env=env, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start (exit {self.process.returncode}): see {log.name}")
            try:
                with urllib.request.urlopen(self.url + "/healthz/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz/ within 60 s")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


# --------------------------------------------------------------------------------------------
# A cold cache
# --------------------------------------------------------------------------------------------


def make_cold(cluster: str, quiet_wait: float, out=print) -> list[str]:
    """Restart PostgreSQL (its buffers) and drop the OS page cache, each where the machine allows.
    Returns what was done, one line each, for the report."""
    done = []
    if connection.vendor != "postgresql":
        done.append("PostgreSQL: not used (SQLite): only the OS page cache can be dropped")
    elif connection.settings_dict.get("HOST") not in ("", "localhost", "127.0.0.1", "::1"):
        done.append(f"PostgreSQL at {connection.settings_dict['HOST']} is not local: not restarted")
    else:
        done.append(restart_postgresql(cluster, quiet_wait, out))
    try:
        os.sync()
        with open(DROP_CACHES, "w") as control:
            control.write("3\n")
        done.append("OS page cache: dropped (sync; echo 3 > /proc/sys/vm/drop_caches)")
    except OSError as error:
        done.append(f"OS page cache: not dropped ({error.strerror or error}); the database files may still be cached by the OS")
    for line in done:
        out(f"  {line}")
    return done


def busy_elsewhere() -> list[str]:
    """The server's other databases that someone is connected to: a restart would cut their connections
    (another developer's tests, a running server), so it waits for none."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_stat_activity WHERE backend_type = 'client backend' "
            "AND datname IS NOT NULL AND datname <> current_database()")
        return sorted({name for (name,) in cursor.fetchall()})


def shared_buffers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        return cursor.fetchone()[0]


def restart_postgresql(cluster: str, quiet_wait: float, out=print) -> str:
    deadline = time.monotonic() + quiet_wait
    busy = busy_elsewhere()
    while busy and time.monotonic() < deadline:
        time.sleep(2)
        busy = busy_elsewhere()
    if busy:
        return (f"PostgreSQL: not restarted: other databases had connections for {quiet_wait:.0f} s "
                f"({', '.join(busy)}); its shared buffers ({shared_buffers()}) stay warm")
    connection.close()
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster.split(), "restart"]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        return f"PostgreSQL: `{' '.join(command)}` failed ({(result.stderr or result.stdout).strip()[:200]}): not restarted"
    for _ in range(150):
        try:
            connection.ensure_connection()
            break
        except Exception:
            connection.close()
            time.sleep(0.2)
    return f"PostgreSQL: restarted (`{' '.join(command)}`, {time.monotonic() - started:.1f} s): shared buffers empty"


# --------------------------------------------------------------------------------------------
# Locust runs
# --------------------------------------------------------------------------------------------


def run_locust(host: str, roles: list[Role], mode: str, seconds: float, clients: int, folder: Path, name: str,
               password: str, burst: int = 0, log=None) -> Run:
    plan = {
        "mode": mode, "clients": clients, "seconds": seconds,
        "roles": [{"who": r.who, "username": r.username, "password": password, "pages": r.pages} for r in roles],
        "burst": {"logins_per_second": burst} if burst else None,
    }
    plan_path = folder / f"{name}.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    total = seconds * (max(len(r.pages) for r in roles) if mode == "phases" else 1)
    users = clients + burst * 3  # locustfile.PACING burst users for each login a second
    classes = ["PageUser"] + (["LoginBurstUser"] if burst else [])
    prefix = folder / name
    subprocess.run(
        [str(Path(sys.executable).with_name("locust")), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
         "--users", str(users), "--spawn-rate", str(users), "--run-time", f"{int(total + 60)}s", "--host", host,
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0", *classes],
        env={**os.environ, "BENCH_HTTP_PLAN": str(plan_path)}, cwd=settings.BASE_DIR, stdout=log, stderr=subprocess.STDOUT,
        check=True,
    )
    return read_stats(Path(f"{prefix}_stats.csv"), name, seconds, per_phase=mode == "phases")


def read_stats(path: Path, name: str, seconds: float, per_phase: bool) -> Run:
    """Locust's --csv stats file as rows; requests per second over the page's own phase (or the whole run)."""
    run = Run(name, seconds)
    with path.open(encoding="utf-8", newline="") as source:
        for line in csv.DictReader(source):
            if line["Name"] == "Aggregated" or " | " not in line["Name"] and ": login" not in line["Name"]:
                continue
            who, _, page = line["Name"].partition(" | ") if " | " in line["Name"] else line["Name"].partition(": ")
            count = int(line["Request Count"])
            per_second = count / seconds if per_phase or " | " in line["Name"] else float(line["Requests/s"])
            run.rows.append(Row(who, page, count, int(line["Failure Count"]), per_second, number(line["50%"]),
                                number(line["99%"]), number(line["Max Response Time"])))
    return run


def number(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # "N/A" when a name had no request
        return 0.0


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def misses(row: Row, ceiling: Row | None) -> list[str]:
    found = []
    if row.p50 > TARGET_P50_MS:
        found.append(f"p50 > {TARGET_P50_MS} ms")
    if row.p99 > TARGET_P99_MS:
        found.append(f"p99 > {TARGET_P99_MS / 1000:g} s")
    if ceiling and ceiling.per_second and row.per_second / ceiling.per_second < TARGET_SHARE and row.page != CEILING:
        found.append(f"< {TARGET_SHARE:.0%} of ceiling")
    if row.failures:
        found.append(f"{row.failures} failed")
    if not row.requests:
        found.append("no request finished in its phase")
    return found


def in_plan_order(run: Run, roles: list[Role]) -> list[Row]:
    """The run's page rows in the order of the plan (locust sorts them by name); a page that no request
    reached in the run (slower than its phase) shows with 0 requests."""
    rows = []
    for role in roles:
        if not any(row.who == role.who for row in run.rows):
            continue  # the run was for another role
        rows += [run.row(role.who, label) or Row(role.who, label, 0, 0, 0.0, 0.0, 0.0, 0.0) for label, _u, _s in role.pages]
    return rows


def warm_table(scale: str, runs: list[Run], roles: list[Role]) -> list[str]:
    lines = ["| scale | role | page | req/s | p50 ms | p99 ms | ratio to ceiling | misses |", "|---|---|---|---:|---:|---:|---:|---|"]
    for run in runs:
        for row in in_plan_order(run, roles):
            ceiling = run.row(row.who, CEILING)
            ratio = f"{row.per_second / ceiling.per_second:.0%}" if ceiling and ceiling.per_second else "—"
            lines.append(f"| {scale} | {row.who} | {row.page} | {row.per_second:.1f} | {row.p50:.0f} | {row.p99:.0f} | {ratio} "
                         f"| {', '.join(misses(row, ceiling)) or '—'} |")
    return lines


def mixed_table(scale: str, warm: Run, cold: Run | None, burst: Run | None, roles: list[Role]) -> list[str]:
    head = "| scale | role | page | warm req/s | warm p50 | warm p99 |"
    rule = "|---|---|---|---:|---:|---:|"
    if cold:
        head += " cold p50 | cold p99 | cold max |"
        rule += "---:|---:|---:|"
    if burst:
        head += " burst p50 | burst p99 |"
        rule += "---:|---:|"
    lines = [head, rule]
    for row in in_plan_order(warm, roles):
        line = f"| {scale} | {row.who} | {row.page} | {row.per_second:.1f} | {row.p50:.0f} | {row.p99:.0f} |"
        for run, columns in ((cold, ("p50", "p99", "max")), (burst, ("p50", "p99"))):
            if run:
                other = run.row(row.who, row.page)
                line += "".join(f" {getattr(other, c):.0f} |" if other else " — |" for c in columns)
        lines.append(line)
    if burst:
        for row in burst.rows:
            if row.who == "burst":
                lines.append(f"| {scale} | burst | {row.page} ({row.requests} in {burst.seconds:.0f} s, {row.failures} failed) "
                             f"| {row.requests / burst.seconds:.1f} | {row.p50:.0f} | {row.p99:.0f} |" + " — |" * (3 if cold else 0)
                             + " — | — |")
    return lines


def report(scale: str, machine: str, settings_line: str, cold_steps: list[str], warm: list[Run], mixed: Run,
           cold: Run | None, burst: Run | None, roles: list[Role], burst_asked: int = 0) -> str:
    lines = [f"Machine: {machine}", "", settings_line, ""]
    lines += ["## Warm, one page at a time", "",
              "4 clients open the same page for the phase, page after page; req/s is that page's own throughput; the "
              "ratio is to the logged-in base page (/healthz/page/: session, user, roles for the menu, the bell's "
              "unread count; what every page pays) in the same run. Targets: p50 ≤ 200 ms, p99 ≤ 1 s, ≥ 25% of the ceiling.",
              "", *warm_table(scale, warm, roles), ""]
    if mixed is None:
        return "\n".join(lines) + "\n"
    lines += ["## Mixed: every client walks through its role's pages", ""]
    if cold:
        lines += ["Cold: right after " + "; ".join(cold_steps) + ". Cold max is the slowest request (the first, cache-cold one).", ""]
    if burst:
        lines += [f"Burst: the same mixed run with sign-ins beside it, {burst_asked} a second asked, {burst_rate(burst):.1f} a "
                  f"second done (each in a new session, through the form; at most {burst_asked * 3} at once; the password "
                  "hasher configured on this branch).", ""]
    lines += ["A dash: no request of that page finished during the run (the clients were waiting on slower ones).", ""]
    lines += mixed_table(scale, mixed, cold, burst, roles)
    pages = [r for r in (burst.rows if burst else []) if r.who != "burst" and r.page not in ("login", "login form")]
    over = sorted((r for r in pages if r.p99 > TARGET_P99_MS), key=lambda r: -r.p99)
    if burst:
        lines += ["", "Burst target (every other page's p99 ≤ 1 s): " + (
            "met." if not over else f"missed by {len(over)} of {len(pages)} pages (worst: {over[0].who} | {over[0].page}, "
            f"p99 {over[0].p99:.0f} ms).")]
    return "\n".join(lines) + "\n"


def subset_line(options: Options) -> str:
    parts = [f"roles matching {', '.join(options.roles)}"] if options.roles else []
    parts += [f"pages matching {', '.join(options.pages)}"] if options.pages else []
    return f" ({'; '.join(parts)} only)" if parts else ""


def burst_rate(burst: Run) -> float:
    logins = next((r for r in burst.rows if r.who == "burst" and r.page == "login"), None)
    return logins.requests / burst.seconds if logins else 0.0


def console_table(warm: list[Run], roles: list[Role]) -> str:
    lines = [f"{'page':60} {'role':18} {'req/s':>7} {'p50':>6} {'p99':>6} {'ratio':>6}"]
    for run in warm:
        for row in in_plan_order(run, roles):
            ceiling = run.row(row.who, CEILING)
            ratio = f"{row.per_second / ceiling.per_second:.0%}" if ceiling and ceiling.per_second else "—"
            lines.append(f"{row.page[:60]:60} {row.who[:18]:18} {row.per_second:7.1f} {row.p50:6.0f} {row.p99:6.0f} {ratio:>6}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# The whole benchmark
# --------------------------------------------------------------------------------------------


@dataclass
class Options:
    clients: int = 4
    workers: int = 2
    phase_seconds: float = 5
    mixed_seconds: float = 30
    burst_logins: int = 10
    cold: bool = True
    cluster: str = "15 main"
    quiet_wait: float = 120
    collectstatic: bool = True
    # A targeted look (a shared machine): only the roles / pages whose label contains one of these words
    # (the ceiling is always kept, so every ratio still has its base), and no mixed or burst runs.
    roles: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    mixed: bool = True


def only(roles: list[Role], who: tuple[str, ...] = (), pages: tuple[str, ...] = ()) -> list[Role]:
    """The roles and pages asked for: a label matches when it contains one of the words (any case)."""
    def wanted(label: str, words: tuple[str, ...]) -> bool:
        return not words or any(word.lower() in label.lower() for word in words)

    return [Role(r.who, r.username, [p for p in r.pages if p[0] == CEILING or wanted(p[0], pages)])
            for r in roles if wanted(r.who, who)]


def run(options: Options, out=print) -> tuple[str, str]:
    """Returns (scale, the Markdown report)."""
    started = time.monotonic()
    scale, roles = plan_roles(out)
    roles = only(roles, options.roles, options.pages)
    if not roles:
        raise ValueError("no role matches --roles")
    out(f"Scale {scale}: {', '.join(f'{r.who} ({len(r.pages)} pages)' for r in roles)}")
    env = server_env()
    if options.collectstatic:
        collectstatic(env, out)
    with tempfile.TemporaryDirectory(prefix="bench-http-") as folder_name:
        folder = Path(folder_name)
        log = (folder / "server.log").open("w+")
        server = Gunicorn(env, options.workers, log)
        out(f"  gunicorn: {options.workers} workers at {server.url} (DEBUG=0, PLAIN_HTTP_TRIAL=1)")

        def locust(name, mode, seconds, subset=roles, burst=0):
            began = time.monotonic()
            result = run_locust(server.url, subset, mode, seconds, options.clients, folder, name, topup.BENCH_PASSWORD,
                                burst=burst, log=log)
            failed = sum(r.failures for r in result.rows)
            out(f"  {name}: {time.monotonic() - began:.0f} s, {sum(r.requests for r in result.rows):,} requests, {failed} failed")
            return result

        try:
            cold_steps, cold = [], None
            if options.cold and options.mixed:
                cold_steps = make_cold(options.cluster, options.quiet_wait, out)
                cold = locust("cold-mixed", "mixed", options.mixed_seconds)
            else:
                locust("warm-up", "mixed", min(options.mixed_seconds, 10))
            warm = [locust(f"warm-{r.username}", "phases", options.phase_seconds, [r]) for r in roles]
            mixed = locust("warm-mixed", "mixed", options.mixed_seconds) if options.mixed else None
            burst = (locust("burst-mixed", "mixed", options.mixed_seconds, burst=options.burst_logins)
                     if options.burst_logins and options.mixed else None)
        except subprocess.CalledProcessError:
            log.seek(0)
            out(log.read()[-3000:])
            raise
        finally:
            server.stop()
        log.seek(0)
        errors = [line for line in log.read().splitlines() if "Traceback" in line or "[ERROR]" in line]
        if errors:
            out(f"  gunicorn logged {len(errors)} errors, e.g. {errors[0]}")
    out("")
    out(console_table(warm, roles))
    settings_line = (f"{options.clients} locust clients, gunicorn {options.workers} sync workers, DEBUG=0; phases of "
                     f"{options.phase_seconds:g} s per page, " + (f"mixed runs of {options.mixed_seconds:g} s" if options.mixed
                     else "no mixed runs") + subset_line(options) + "; whole run "
                     f"{time.monotonic() - started:.0f} s on {datetime.date.today():%d/%m/%Y}.")
    return scale, report(scale, benchmark.machine_summary(), settings_line, cold_steps, warm, mixed, cold, burst, roles,
                         options.burst_logins)
