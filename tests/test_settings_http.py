"""DEBUG off over plain HTTP: redirected to https by default; PLAIN_HTTP_TRIAL=1 serves it, cookies not
HTTPS-only. Each case runs the real settings module in a fresh process, as the app server would."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

BASE = Path(__file__).resolve().parent.parent

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings

# The manifest storage needs collectstatic; what is probed here is the security middleware.
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}):
    response = Client().get("/accounts/login/")
print(json.dumps({
    "status": response.status_code,
    "location": response.get("Location", ""),
    "secure_cookies": {name: bool(cookie["secure"]) for name, cookie in response.cookies.items()},
    "hsts": settings.SECURE_HSTS_SECONDS,
}))
"""


def probe(tmp_path, **env) -> dict:
    environ = {
        key: value for key, value in os.environ.items()
        if key not in {"DEBUG", "PLAIN_HTTP_TRIAL", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"}
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", SECRET_KEY="a-test-key-" + "x" * 40,
        ALLOWED_HOSTS="testserver", DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}", **env,
    )
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=BASE, env=environ, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_with_debug_off_plain_http_is_sent_to_https(tmp_path):
    answer = probe(tmp_path)
    assert answer["status"] == 301 and answer["location"] == "https://testserver/accounts/login/"
    assert answer["hsts"] == 31536000


def test_a_plain_http_trial_serves_the_login_page_with_cookies_that_travel_over_http(tmp_path):
    answer = probe(tmp_path, PLAIN_HTTP_TRIAL="1")
    assert answer["status"] == 200
    assert answer["secure_cookies"].get("csrftoken") is False
    assert not any(answer["secure_cookies"].values())
    assert answer["hsts"] == 0


def test_a_mistyped_trial_setting_is_refused(tmp_path):
    with pytest.raises(AssertionError, match="PLAIN_HTTP_TRIAL must be one of"):
        probe(tmp_path, PLAIN_HTTP_TRIAL="maybe")


def test_every_setting_read_from_the_environment_is_documented():
    source = (BASE / "config" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', source))
    assert {"DEBUG", "PLAIN_HTTP_TRIAL", "EMAIL_BACKEND"} <= names
    readme = (BASE / "README.md").read_text(encoding="utf-8")
    settings_section = readme.split("## Settings", 1)[1].split("\n## ", 1)[0]
    example = (BASE / ".env.example").read_text(encoding="utf-8")
    assert sorted(name for name in names if f"`{name}`" not in settings_section) == []
    assert sorted(name for name in names if not re.search(rf"^#? ?{name}=", example, re.M)) == []
