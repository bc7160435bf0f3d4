"""Background jobs, shown on the import: each allowed move recorded, refused moves harmless, a failure
told truthfully (and recorded as a FAILED task), a dead worker's job recovered and retried once."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal import states
from portal.jobs import runner
from portal.jobs.models import Job
from tests.units.test_import import person_row, xlsx
from tests.units.test_import_web import checked_job, upload, work_off_the_queue
from units import import_jobs, importing
from units.models import Person

Q, RUN, READY, DONE, REFUSED, FAILED = "queued", "running", "ready", "done", "refused", "failed"


@pytest.fixture
def staff_client(client, cast):
    client.force_login(cast.province_staff)
    return client


def people_file(tmp_path, count=2, name="people.xlsx"):
    rows = [person_row(f"Lò Văn Số {n}", f"0110850{n:05d}") for n in range(count)]
    return upload(xlsx(tmp_path / name, importing.PEOPLE_COLUMNS, rows))


def moves_of(job):
    return [(t.source, t.target, t.by.username if t.by else t.note) for t in states.transitions_of(job)]


def test_an_import_records_every_move_of_its_job(staff_client, cast, tree, tmp_path):
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": people_file(tmp_path)})
    staff_client.post(reverse("imports:confirm", args=[job.pk]))

    job.refresh_from_db()
    staff = cast.province_staff.username
    assert moves_of(job) == [
        ("", Q, staff), (Q, RUN, "worker"), (RUN, READY, "worker"),
        (READY, Q, staff), (Q, RUN, "worker"), (RUN, DONE, "worker"),
    ]
    assert job.state == DONE and job.attempts == 2 and job.lease_until is None and Person.objects.count() == 2


def test_confirming_twice_is_refused_and_imports_once(staff_client, tree, tmp_path):
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": people_file(tmp_path)})
    staff_client.post(reverse("imports:confirm", args=[job.pk]))
    moves = len(moves_of(job))

    response = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True)

    assert "đã được xác nhận" in response.content.decode()
    assert len(moves_of(job)) == moves and Person.objects.count() == 2
    with pytest.raises(states.MoveRefused):
        runner.confirm(job=job, by=job.owner)


def test_only_a_failed_job_can_be_retried(staff_client, tree, tmp_path):
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": people_file(tmp_path)})

    response = staff_client.post(reverse("jobs:retry", args=[job.pk]), follow=True)

    assert "Không thể thay đổi lúc này" in response.content.decode()
    job.refresh_from_db()
    assert job.state == READY and len(moves_of(job)) == 3
    assert runner.discard(job=job) and not runner.discard(job=job)


def test_a_file_with_errors_is_a_refused_job(staff_client, tree, tmp_path):
    bad = upload(xlsx(tmp_path / "bad.xlsx", importing.PEOPLE_COLUMNS, [person_row(unit="KHONG-CO")]))
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": bad})

    assert moves_of(job)[-1] == (RUN, REFUSED, "worker") and not job.input_file
    with pytest.raises(states.MoveRefused):
        runner.retry(job=job, by=job.owner)


def crashed_mid_apply(job):
    """What a worker killed while applying leaves: the job RUNNING, confirmed, its lease running out."""
    Job.objects.filter(pk=job.pk).update(state=RUN, confirmed_at=timezone.now(), lease_until=timezone.now() - datetime.timedelta(seconds=1))
    states.record(job, source=READY, target=Q, by=job.owner)
    states.record(job, source=Q, target=RUN, by=None, note="worker")


def test_a_job_whose_worker_died_fails_truthfully_and_a_retry_imports_once(staff_client, tree, tmp_path):
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": people_file(tmp_path, 3)})
    crashed_mid_apply(job)

    page = staff_client.get(job.get_absolute_url()).content.decode()  # viewing the page runs the recovery

    job.refresh_from_db()
    assert job.state == FAILED and moves_of(job)[-1] == (RUN, FAILED, runner.RECOVERY)
    assert "Máy xử lý dừng giữa chừng; chưa có dòng nào được nhập. Bấm Thử lại." in page and 'id="job-retry"' in page
    assert "hx-trigger" not in page and default_storage.exists(job.input_file.name)
    assert Person.objects.count() == 0

    staff_client.post(reverse("jobs:retry", args=[job.pk]))
    again = staff_client.post(reverse("jobs:retry", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.state == DONE and Person.objects.count() == 3
    assert [m for m in moves_of(job) if m[1] == Q][-1] == (FAILED, Q, job.owner.username)
    assert "Không thể thay đổi lúc này" in again.content.decode() and Person.objects.count() == 3


def test_recovery_leaves_a_live_worker_alone(staff_client, tree, tmp_path):
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": people_file(tmp_path)})
    Job.objects.filter(pk=job.pk).update(state=RUN, lease_until=timezone.now() + datetime.timedelta(seconds=30))

    assert runner.recover() == 0
    assert Job.objects.get(pk=job.pk).state == RUN
    assert 'hx-trigger="every 2s"' in staff_client.get(job.get_absolute_url()).content.decode()


def test_jobs_recover_command_for_cron(staff_client, tree, tmp_path):
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": people_file(tmp_path)})
    crashed_mid_apply(job)
    out = io.StringIO()

    call_command("jobs_recover", stdout=out)

    assert out.getvalue().startswith("1 job") and Job.objects.get(pk=job.pk).state == FAILED


def test_a_worker_that_outlived_its_lease_still_reports_the_truth(staff_client, tree, tmp_path):
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": people_file(tmp_path)})
    Job.objects.filter(pk=job.pk).update(state=FAILED, report={"failure": "stopped"})

    runner._finish(Job.objects.get(pk=job.pk), DONE, import_jobs.kinds.Outcome(report={"rows": 2}))

    assert Job.objects.get(pk=job.pk).state == DONE


def test_jobs_are_listed_in_the_admin(admin_client, staff_client, tree, tmp_path):
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": people_file(tmp_path)})

    assert admin_client.get(reverse("admin:jobs_job_changelist")).status_code == 200
    assert "import_people" in admin_client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    assert admin_client.get(reverse("admin:portal_transition_changelist")).status_code == 200


def test_a_job_is_its_owners_alone(client, cast, tree, tmp_path):
    client.force_login(cast.province_staff)
    _, job = checked_job(client, reverse("imports:people"), {"file": people_file(tmp_path)})
    Job.objects.filter(pk=job.pk).update(state=FAILED)
    client.force_login(cast.officer)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    assert Job.objects.get(pk=job.pk).state == FAILED


def test_a_failed_import_is_a_failed_task_and_a_good_one_a_successful_task(transactional_db, staff_client, tree, tmp_path, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setitem(import_jobs.IMPORTERS, "import_people", broken)
    job = staff_client.post(reverse("imports:people"), {"file": people_file(tmp_path)}, follow=True).context["job"]
    work_off_the_queue()

    job.refresh_from_db()
    assert job.state == FAILED and DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.FAILED
    monkeypatch.undo()
    staff_client.post(reverse("jobs:retry", args=[job.pk]))
    work_off_the_queue()
    job.refresh_from_db()
    assert job.state == READY and DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.SUCCESSFUL


def test_recovery_fails_the_task_a_dead_worker_left_running(transactional_db, staff_client, tree, tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = staff_client.post(reverse("imports:people"), {"file": people_file(tmp_path)}, follow=True).context["job"]
    DBTaskResult.objects.filter(pk=job.task_id).update(status=TaskResultStatus.RUNNING, started_at=timezone.now())
    Job.objects.filter(pk=job.pk).update(state=RUN, lease_until=timezone.now() - datetime.timedelta(seconds=1))

    assert runner.recover() == 1

    assert DBTaskResult.objects.get(pk=job.task_id).status == TaskResultStatus.FAILED
    assert Job.objects.get(pk=job.pk).state == FAILED


def test_a_failed_job_cannot_be_confirmed_in_place_of_a_retry(staff_client, tree, tmp_path):
    _, job = checked_job(staff_client, reverse("imports:people"), {"file": people_file(tmp_path)})
    Job.objects.filter(pk=job.pk).update(state=FAILED)

    response = staff_client.post(reverse("imports:confirm", args=[job.pk]), follow=True)

    assert "đã được xác nhận" in response.content.decode() and Job.objects.get(pk=job.pk).state == FAILED
    assert Person.objects.count() == 0
