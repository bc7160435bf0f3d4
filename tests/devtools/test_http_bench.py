"""The HTTP benchmark's machinery: locust's CSV read into the table with ratios and misses, and (slow) a
short real run: gunicorn on a tiny generated database, clients logged in through the form."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from devtools import http_bench
from devtools.http_bench import CEILING, Role

HEADER = ("Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,"
          "Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%")


def test_locust_figures_become_per_page_rows_with_their_ratio_to_the_ceiling(tmp_path):
    stats = tmp_path / "run_stats.csv"
    stats.write_text("\n".join([
        HEADER,
        f"GET,chair | {CEILING},400,0,40,41,10,90,100,40.0,0,40,45,50,55,60,70,80,90,95,95,95",
        "GET,chair | members,60,0,250,260,100,1400,100,6.0,0,250,260,270,280,300,400,600,1200,1400,1400,1400",
        "GET,chair | home page,200,1,90,91,50,300,100,20.0,0,90,95,100,110,120,150,180,200,300,300,300",
        "POST,chair: login,1,0,500,500,500,500,0,0.1,0,500,500,500,500,500,500,500,500,500,500,500",
        ",Aggregated,661,1,80,81,10,1400,100,66.1,0,80,85,90,95,100,150,200,900,1400,1400,1400",
    ]) + "\n", encoding="utf-8")
    run = http_bench.read_stats(stats, "warm", seconds=10, per_phase=True)
    assert run.row("chair", "members").per_second == 6.0  # 60 requests in its own 10 s phase
    assert run.row("chair", "login").requests == 1
    roles = [Role("chair", "bench.chair", [(CEILING, "/healthz/page/", 200), ("home page", "/", 200), ("members", "/members/", 200)])]
    table = "\n".join(http_bench.warm_table("province", [run], roles))
    lines = table.splitlines()
    # In the plan's order, with the ratio to the ceiling and what misses the targets.
    assert [line.split(" | ")[2] for line in lines[2:]] == [CEILING, "home page", "members"]
    assert "| province | chair | members | 6.0 | 250 | 1200 | 15% | p50 > 200 ms, p99 > 1 s, < 25% of ceiling |" in table
    assert "| province | chair | home page | 20.0 | 90 | 200 | 50% | 1 failed |" in table


def test_a_cold_cache_says_what_it_could_not_do(db, monkeypatch, tmp_path):
    # Never restart the PostgreSQL server the tests run on; a folder stands for a /proc file that refuses writes.
    monkeypatch.setattr(http_bench, "restart_postgresql", lambda *args, **kwargs: "PostgreSQL: restarted")
    monkeypatch.setattr(http_bench, "DROP_CACHES", str(tmp_path))
    steps = http_bench.make_cold("15 main", 0, out=lambda line: None)
    assert steps[-1].startswith("OS page cache: not dropped (Is a directory)")


@pytest.mark.slow
def test_a_short_http_run_on_a_tiny_database(tmp_path):
    """Gunicorn serves a generated SQLite file; locust's clients log in through the form and open every page."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}", "DEBUG": "1",
           "MEDIA_ROOT": str(tmp_path / "media"), "DJANGO_SETTINGS_MODULE": "config.settings"}
    manage = [sys.executable, "manage.py"]

    def call(*args, timeout=300):
        return subprocess.run([*manage, *args], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True,
                              timeout=timeout, check=True).stdout

    call("migrate", "--noinput")
    call("seed_scale", "--scale", "national", "--units", "120", "--members", "1200")
    output = tmp_path / "http.md"
    static_ready = (Path(settings.BASE_DIR) / "staticfiles" / "staticfiles.json").exists()
    log = call("bench_http", "--no-cold", "--phase-seconds", "1", "--mixed-seconds", "3", "--burst-logins", "2",
               "--output", str(output), *(["--skip-collectstatic"] if static_ready else []))
    table = output.read_text(encoding="utf-8")
    for page in [CEILING, "home page", "notices, page 1", "job page (a finished member import)",
                 "unit page of a CĐCS with files and count records", "members, page 1", "| burst | login"]:
        assert page in table, page
    assert "| national | national staff | logged-in base page (ceiling) |" in table
    runs = [line for line in log.splitlines() if line.endswith(" failed")]
    assert len(runs) == 1 + 4 + 2  # warm-up, one per role, mixed, burst
    assert all(line.endswith(" 0 failed") for line in runs), runs
    assert "gunicorn logged" not in log


def test_a_targeted_run_keeps_the_ceiling_beside_the_pages_asked_for():
    pages = [(CEILING, "/healthz/page/", 200), ("home page", "/", 200), ("search 'le' (a two-letter word)", "/m/?q=le", 200),
             ("search 'lo thi'", "/m/?q=lo+thi", 200), ("tree at the root", "/tree/", 200)]
    roles = [Role("national staff", "bench.n", pages), Role("district officer", "bench.d", pages)]
    picked = http_bench.only(roles, ("district",), ("search", "TREE"))
    assert [r.who for r in picked] == ["district officer"]
    assert [p[0] for p in picked[0].pages] == [CEILING, "search 'le' (a two-letter word)", "search 'lo thi'", "tree at the root"]
    assert http_bench.only(roles) == roles  # nothing asked: everything
    line = http_bench.subset_line(http_bench.Options(roles=("district",), pages=("search",)))
    assert line == " (roles matching district; pages matching search only)"
