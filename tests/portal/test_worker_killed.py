"""A worker killed (SIGKILL) while it applies a 5,000-row import: nothing is half-written, the job is
noticed once its lease runs out and fails truthfully, its task result agrees, and one Retry imports
the file exactly once. Real worker processes (`manage.py db_worker`) on the real PostgreSQL test database.

To stop the worker at a known point inside the apply, a second connection holds an uncommitted member
with the citizen ID of row 3,502: the worker's insert of that batch waits for it, its transaction
already holding the 3,000 rows before."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal import states
from portal.jobs import runner
from portal.jobs.models import Job
from tests.factories import PersonFactory
from tests.units.test_import import person_row, xlsx
from tests.units.test_import_web import upload, work_off_the_queue
from units import importing
from units.models import Person

ROWS = 5000
LEASE = 2
pytestmark = pytest.mark.slow


def citizen_id(n):
    return f"0119{n:08d}"


def start_worker(name, log_dir: Path, *, batch=False):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}?application_name={name}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": url,
        "TEST_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "JOBS_LEASE_SECONDS": str(LEASE),
    }
    args = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2", "--worker-id", name]
    if batch:
        args.append("--batch")
    log = open(log_dir / f"{name}.log", "wb")
    return subprocess.Popen(args, cwd=django_settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)


def backends(name, where="true"):
    with connection.cursor() as cursor:
        cursor.execute(f"select count(*) from pg_stat_activity where application_name = %s and {where}", [name])
        return cursor.fetchone()[0]


def wait_for(condition, what, timeout=90):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


class Blocker(threading.Thread):
    """Holds an uncommitted member with one of the file's citizen IDs, on its own connection."""

    def __init__(self, unit, citizen_id):
        super().__init__(daemon=True)
        self.unit, self.citizen_id = unit, citizen_id
        self.ready, self.release = threading.Event(), threading.Event()

    def run(self):
        try:
            with transaction.atomic():
                PersonFactory(unit=self.unit, citizen_id=self.citizen_id)
                self.ready.set()
                self.release.wait(120)
                transaction.set_rollback(True)
        finally:
            connections.close_all()


def test_a_worker_killed_mid_import_writes_nothing_and_a_retry_imports_once(transactional_db, client, cast, tree, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("kills a real worker process: needs PostgreSQL (DATABASE_URL)")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JOBS_LEASE_SECONDS = LEASE
    rows = [person_row(f"Lò Văn Số {n}", citizen_id(n)) for n in range(ROWS)]
    client.force_login(cast.province_staff)
    job = client.post(reverse("imports:people"), {"file": upload(xlsx(tmp_path / "big.xlsx", importing.PEOPLE_COLUMNS, rows))}, follow=True).context["job"]
    work_off_the_queue()  # the check
    job.refresh_from_db()
    assert job.state == Job.State.READY and job.report["created"] == ROWS

    blocker = Blocker(tree.school_a, citizen_id(3500))
    blocker.start()
    assert blocker.ready.wait(30)
    try:
        client.post(reverse("imports:confirm", args=[job.pk]))
        doomed = start_worker("doomed-worker", tmp_path)
        try:
            wait_for(lambda: backends("doomed-worker", "wait_event_type = 'Lock' and query like 'INSERT INTO \"units_person\"%%'"), "the worker to be inside the apply")
            time.sleep(LEASE * 1.5)
            # Alive but stuck longer than its lease: the heartbeat keeps the job, recovery leaves it.
            assert runner.recover() == 0 and Job.objects.get(pk=job.pk).state == Job.State.RUNNING
            assert "Đang nhập" in client.get(job.get_absolute_url()).content.decode()
        finally:
            os.kill(doomed.pid, signal.SIGKILL)
            doomed.wait(30)
    finally:
        blocker.release.set()
        blocker.join(30)
    wait_for(lambda: not backends("doomed-worker"), "PostgreSQL to end the dead worker's session")

    assert Person.objects.count() == 0, "nothing of the killed apply was written"
    job.refresh_from_db()
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.RUNNING  # what the dead worker left
    wait_for(lambda: Job.objects.get(pk=job.pk).lease_until < timezone.now(), "the lease to run out", timeout=LEASE * 5)

    page = client.get(job.get_absolute_url()).content.decode()

    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "Máy xử lý dừng giữa chừng; chưa có dòng nào được nhập. Bấm Thử lại." in page
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.FAILED
    assert (runner.RECOVERY, Job.State.FAILED) in [(t.note, t.target) for t in states.transitions_of(job)]

    client.post(reverse("jobs:retry", args=[job.pk]))
    client.post(reverse("jobs:retry", args=[job.pk]))  # a second click queues nothing more
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    second = start_worker("second-worker", tmp_path, batch=True)
    try:
        assert second.wait(180) == 0, (tmp_path / "second-worker.log").read_text()
    finally:
        if second.poll() is None:
            second.kill()

    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempts == 3
    assert Person.objects.count() == ROWS and Person.objects.values("citizen_id").distinct().count() == ROWS
    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.SUCCESSFUL
    assert 'id="import-done"' in client.get(job.get_absolute_url()).content.decode()
