"""The benchmark runs at the province scale without error, so it cannot rot. Timings are printed, never asserted."""

import io

import pytest
from django.core.management import call_command

from devtools import benchmark
from units.models import Person


def import_in_process(path, command="import_people", *options):
    """The benchmark imports in a child process (for its own peak memory); the test database
    is only visible from this one."""
    out = io.StringIO()
    try:
        call_command(command, str(path), *options, stdout=out, stderr=out)
    except Exception as error:  # the bad file ends in CommandError, as the command line shows
        out.write(f"{type(error).__name__}: {error}")
    return 0.0, 0.0, out.getvalue().strip().splitlines()[-1]


@pytest.mark.slow
def test_the_benchmark_runs_at_province_scale(db, tmp_path, monkeypatch, capsys):
    call_command("seed_scale", "--scale", "province", stdout=io.StringIO())
    people = Person.objects.count()
    monkeypatch.setattr(benchmark, "run_import", import_in_process)
    output = tmp_path / "bench.md"
    call_command(
        "bench_portal", "--runs", "1", "--warmup", "0", "--import-sizes", "300,600", "--bad-rows", "30",
        "--output", str(output),
    )
    table = output.read_text(encoding="utf-8")
    for page in ["ceiling: bare view", "logged-in base page", "home page", "notices, page 1",
                 "unit page of a CĐCS with files and count records", "job page (a finished member import)", "tree at the root", "members, page 500", "search 'lo thi'", "person page",
                 "subtree of a province on 30/06/2023", "person page with award history",
                 "members awarded Chiến sĩ thi đua cơ sở in 2024, page 1", "award decisions, page 1", "award history of 100 people",
                 "bloc list", "ranking as PDF, the large union's bloc",
                 "import 600 member rows", "error report, 600 rows with 30 bad"]:
        assert page in table, page
    assert "| province |" in table
    assert "Chưa nhập dữ liệu nào: có 30 lỗi" in table  # the bad file was refused, row by row
    assert Person.objects.count() == people  # benchmark rows are removed afterwards
    for page in ["unit page of the CĐCS whose members hold the most awards", "(the commonest), page 1",
                 "members awarded anything in 2025, page 1"]:
        assert page in table, page

    # A targeted run (a shared machine): some roles and pages, beside the ceiling and the base page.
    targeted = tmp_path / "awards.md"
    call_command("bench_portal", "--runs", "1", "--warmup", "0", "--skip-imports", "--roles", "district",
                 "--pages", "award", "--output", str(targeted), stdout=io.StringIO())
    rows = [line.split(" | ") for line in targeted.read_text(encoding="utf-8").splitlines() if line.startswith("| province |")]
    assert {row[1] for row in rows} == {"district officer", "function"}
    pages = [row[2] for row in rows]
    assert pages[:2] == ["ceiling: bare view", "logged-in base page"]
    assert "person page with award history" in pages and "award history of 100 people (awards.history)" in pages
    assert all("award" in page for page in pages[2:]), pages
    print(capsys.readouterr().out[-2000:])
