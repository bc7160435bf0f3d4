"""Test settings: the real settings, with what only makes tests slow or brittle replaced."""

import os

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")

from config.settings import *  # noqa: E402,F403

# The manifest storage needs collectstatic first; tests render templates without it.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Hashing with PBKDF2 dominates the run time of tests that log in.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
# Records shaped like those of the coming apps, for the tests of the scoping rule (tests/scoping_app).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.scoping_app"]  # noqa: F405
# Mail stays in django.core.mail.outbox.
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run inline where they are enqueued; some tests run the real worker, in-process or (a worker
# process started by tests/portal/test_worker_killed.py) with the database queue named here.
TASKS = {"default": {"BACKEND": os.environ.get("TEST_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
