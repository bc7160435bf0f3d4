"""Tooling stays out of the apps: the apps never import devtools, so a deployment could leave it out."""

from pathlib import Path

from django.conf import settings

APPS = ["portal", "units", "campaigns", "awards", "reports", "config"]


def test_no_app_imports_devtools():
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for app in APPS
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py")
        if "devtools" in path.read_text(encoding="utf-8").replace('"devtools"', "")
    ]
    assert offenders == []


def test_the_commands_keep_their_names():
    from django.core.management import get_commands

    commands = get_commands()
    assert {name: commands[name] for name in ("seed_demo", "seed_scale", "bench_portal")} == dict.fromkeys(
        ("seed_demo", "seed_scale", "bench_portal"), "devtools"
    )
