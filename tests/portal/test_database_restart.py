"""A database restart costs only the requests in flight (PostgreSQL).

A restart (or a failover, or a proxy dropping idle connections) ends every backend; an app server
keeps its connections for CONN_MAX_AGE seconds. With CONN_HEALTH_CHECKS, Django tests a kept
connection before the first query of each request and opens a new one if it is dead, so only a
request whose connection is cut while it runs fails, with the Vietnamese error page.

These tests drive Django's real WSGI handler in this thread (as a gunicorn sync worker does): the
test client would skip the request signals that close or check old connections.
"""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="backends are terminated on PostgreSQL"),
]


@pytest.fixture
def get(cast, settings):
    """GET a page as the district officer through the WSGI handler; returns (status, text)."""
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0 and settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]
    login = Client()
    login.force_login(cast.officer)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in login.cookies.items())
    handler = WSGIHandler()

    def fetch(path):
        environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET", HTTP_COOKIE=cookie)
        answer = []
        response = handler(environ, lambda status, headers, exc_info=None: answer.append(status))
        try:
            body = b"".join(response).decode()
        finally:
            response.close()  # request_finished: Django closes a connection that had errors
        return int(answer[0].split()[0]), body

    return fetch


def terminate(pid: int) -> None:
    """pg_terminate_backend from a second connection, as a restart does to every backend."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


def backend_pid() -> int:
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def test_the_next_request_after_a_cut_connection_succeeds(get):
    assert get(reverse("home"))[0] == 200
    kept = backend_pid()  # the page's connection is kept for the next request (CONN_MAX_AGE)
    assert get(reverse("home"))[0] == 200 and backend_pid() == kept

    terminate(kept)
    status, page = get(reverse("home"))
    assert status == 200 and "Vai trò của tôi" in page
    assert backend_pid() != kept  # a new connection, opened by the health check


def test_without_the_health_check_the_next_request_would_fail(get):
    """What the check saves: the same cut, with the check off, fails the next request."""
    assert get(reverse("home"))[0] == 200
    connection.health_check_enabled = False  # read by connect(): off for this kept connection only
    terminate(backend_pid())
    status, page = get(reverse("home"))
    assert status == 500 and "Lỗi máy chủ" in page
    assert get(reverse("home"))[0] == 200  # the failed connection was closed after that request


def test_a_request_cut_mid_way_gets_the_vietnamese_error_page_and_the_next_one_works(get):
    assert get(reverse("home"))[0] == 200
    pid = backend_pid()
    cut = []

    def cut_at_the_units(execute, sql, params, many, context):
        # The restart lands after the request's health check, at its first query of the units.
        if "units_unit" in sql and not cut:
            cut.append(sql)
            terminate(pid)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(cut_at_the_units):
        status, page = get(reverse("home"))
    assert cut and status == 500
    assert '<html lang="vi"' in page and "Lỗi máy chủ" in page and "Traceback" not in page
    status, page = get(reverse("home"))
    assert status == 200 and "Vai trò của tôi" in page


def test_a_jobs_heartbeat_renews_the_lease_again_after_its_connection_was_cut(db, cast, settings):
    """The heartbeat thread keeps its own connection; a restart must not silence it for good."""
    import time

    from portal.jobs import runner
    from portal.jobs.models import Job

    settings.JOBS_LEASE_SECONDS = 0.6
    job = Job.objects.create(kind="test", owner=cast.officer, state="running", attempts=1)
    beats = []
    original = runner.Heartbeat._write

    def write(self):
        original(self)
        try:
            beats.append(connection.connection.info.backend_pid)
        except Exception:  # a broken connection has no backend to name
            beats.append(None)

    runner.Heartbeat._write = write
    try:
        heartbeat = runner.Heartbeat(job)
        deadline = time.monotonic() + 5
        while len(beats) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        # Cut the thread's connection (its pid is in pg_stat_activity as this database's other backend).
        thread_pid = [pid for pid in beats if pid][-1]
        terminate(thread_pid)
        cut_at = len(beats)
        before = Job.objects.get(pk=job.pk).lease_until
        while len(beats) < cut_at + 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        heartbeat.stop()
    finally:
        runner.Heartbeat._write = original
    later = [pid for pid in beats[cut_at:] if pid]
    assert later and thread_pid not in later  # beats went on, on a new connection
    assert Job.objects.get(pk=job.pk).lease_until > before  # and renewed the lease
