"""Starting, running, confirming, retrying and recovering jobs (docs/decisions/0012-background-jobs.md).

A worker claims a job (QUEUED → RUNNING) with a lease of settings.JOBS_LEASE_SECONDS and renews it
while the work runs: from a heartbeat thread on its own connection, and whenever the work reports
progress. A worker that dies (killed, out of memory, a reboot) stops renewing; `recover()` (run when a
job starts, when a job page is viewed, and by `manage.py jobs_recover`) marks its job failed. Every
kind's work runs in one transaction, so a dead worker wrote nothing, the input is kept, and Retry
runs it again from the start.
"""

import datetime
import logging
import threading

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from portal import states
from portal.jobs import kinds
from portal.jobs.models import FINISHED, MACHINE, Job, State

logger = logging.getLogger(__name__)

WORKER = "worker"  # the note of the moves the worker makes on its own
RECOVERY = "recovery: the worker's lease ran out"
READY_MAX_AGE = datetime.timedelta(days=1)
FINISHED_MAX_AGE = datetime.timedelta(days=90)


class WorkerStopped(Exception):
    """Recorded on the task result of a worker that died, so that the task and its job agree."""


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.JOBS_LEASE_SECONDS)


def start(*, kind: str, owner, upload=None, params: dict | None = None) -> Job:
    """Record a job (with its uploaded input, kept privately in the default storage) and queue it."""
    kinds.get(kind)  # an unknown kind fails here, not in the worker
    sweep()
    with transaction.atomic():
        job = Job(kind=kind, owner=owner, language=translation.get_language() or "vi", params=params or {})
        if upload is not None:
            job.input_name = upload.name[:255]
            job.input_file.save(upload.name, upload, save=False)
        job.save()
        states.record(job, source="", target=State.QUEUED, by=owner)
        _enqueue(job)
    job.refresh_from_db()
    return job


def confirm(*, job: Job, by, params: dict | None = None) -> Job:
    """The owner confirms a checked job: it runs again for real. `params` (ticks on the preview page)
    join the job's parameters; with them, a refused job whose input was kept may be confirmed too (the
    run checks it again with them, all or nothing). A second click is refused (MoveRefused) and queues nothing."""
    return _queue_again(job=job, by=by, params=params, confirmed=True)


def recheck(*, job: Job, by, params: dict) -> Job:
    """Check a kept input again (not for real) with other parameters, e.g. rows ticked as corrections."""
    return _queue_again(job=job, by=by, params=params, confirmed=False)


def _queue_again(*, job: Job, by, params: dict | None, confirmed: bool) -> Job:
    def queued(locked):
        if not locked.input_file:  # swept after a day: the owner uploads it again
            raise states.MoveRefused(_("The file is no longer kept: upload it again."), source=locked.state, target=State.QUEUED)
        locked.confirmed_at = timezone.now() if confirmed else None
        locked.params = {**locked.params, **(params or {})}

    sources = [State.READY] if params is None else [State.READY, State.REFUSED]
    with transaction.atomic():
        job = states.move(job, State.QUEUED, machine=MACHINE, by=by, note="" if confirmed else "check again",
                          change=queued, fields=["confirmed_at", "params"], only_from=sources)
        _enqueue(job)
    return job


def retry(*, job: Job, by) -> Job:
    """Run a failed job again from the start, with the input it kept. A second click is refused."""

    def reset(locked):
        locked.report, locked.done, locked.total = {}, 0, 0

    with transaction.atomic():
        job = states.move(job, State.QUEUED, machine=MACHINE, by=by, note="retry", change=reset, fields=["report", "done", "total"], only_from=[State.FAILED])
        _enqueue(job)
    return job


def discard(*, job: Job) -> bool:
    """Drop a job waiting for confirmation, with its input; False if it had moved on meanwhile."""
    with transaction.atomic():
        locked = Job.objects.select_for_update().filter(pk=job.pk, state=State.READY).first()
        if locked is None:
            return False
        _delete(locked)
    return True


def _enqueue(job: Job) -> None:
    # Inside the caller's transaction: with the database queue, the task row commits with the move.
    result = run_job.enqueue(str(job.pk))
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))


@task()
def run_job(job_id: str) -> str:
    """The one task of every job. It raises what the work raised, so the task result says FAILED too."""
    recover()
    try:
        job = states.move(Job(pk=job_id), State.RUNNING, machine=MACHINE, by=None, note=WORKER, change=_claim, fields=["lease_until", "attempts"])
    except Job.DoesNotExist:
        return "discarded"
    except states.MoveRefused as refused:  # a duplicate task: another run has it, or it is over
        return f"skipped: {refused.source}"
    kind = kinds.get(job.kind)
    heartbeat = Heartbeat(job)
    try:
        with translation.override(job.language):
            outcome = kind.work(job, heartbeat.progress)
    except Exception:
        heartbeat.stop()
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, State.FAILED, kinds.Outcome(report={"failure": "error"}))
        raise
    heartbeat.stop()
    if not outcome.ok:
        target = State.REFUSED
    elif kind.confirm and job.confirmed_at is None:
        target = State.READY
    else:
        target = State.DONE
    _finish(job, target, outcome)
    return target


def _claim(job: Job) -> None:
    job.lease_until = timezone.now() + lease()
    job.attempts += 1


def _finish(job: Job, target: str, outcome: kinds.Outcome) -> None:
    def finished(locked):
        locked.report = outcome.report
        locked.lease_until = None
        if target == State.DONE:
            locked.done = locked.total = max(locked.total, 1)
        if outcome.result_content is not None:
            locked.result_file.save(outcome.result_name or "result", _content(outcome.result_content), save=False)

    try:
        job = states.move(job, target, machine=MACHINE, by=None, note=WORKER, change=finished,
                          fields=["report", "lease_until", "done", "total", "result_file"])
    except states.MoveRefused:  # retried meanwhile after a recovery: the new run reports
        logger.warning("Job %s finished as %s but is now %s", job.pk, target, Job.objects.get(pk=job.pk).state)
        return
    if (target == State.DONE or (target == State.REFUSED and not outcome.keep_input)) and job.input_file:
        # The input is only kept while it may be needed again (a confirmation, a retry).
        job.input_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(input_file="")


def _content(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)


class Heartbeat:
    """Renews the lease of a running job while its work runs, and writes the progress it reports.

    On PostgreSQL a thread does it on its own connection, so the page sees progress although the work
    is inside its own long transaction. SQLite allows one writer at a time: there the work's own
    progress calls write, on the work's connection (seen when it commits)."""

    def __init__(self, job: Job):
        self.job_id, self.attempt = job.pk, job.attempts
        self.values: tuple[int, int] | None = None
        self.wake, self.stopping = threading.Event(), False
        self.interval = max(lease().total_seconds() / 3, 0.2)
        self.thread = None
        if connection.vendor == "postgresql":
            self.thread = threading.Thread(target=self._beat, name=f"job-{job.pk}-heartbeat", daemon=True)
            self.thread.start()

    def progress(self, done: int, total: int) -> None:
        self.values = (done, total)
        if self.thread:
            self.wake.set()
        else:
            self._write()

    def stop(self) -> None:
        self.stopping = True
        self.wake.set()
        if self.thread:
            self.thread.join()

    def _beat(self) -> None:
        try:
            while not self.stopping:
                self.wake.wait(self.interval)
                self.wake.clear()
                if self.stopping:
                    break
                # As a request does: drop this thread's connection if it failed or the database
                # restarted (the health check of the next query reconnects), so one cut does not
                # stop every later beat and let the lease of a live job run out.
                close_old_connections()
                self._write()
        finally:
            connections.close_all()  # this thread's connection only

    def _write(self) -> None:
        changes = {"lease_until": timezone.now() + lease()}
        if self.values:
            changes["done"], changes["total"] = self.values
        try:
            # Only the run that holds the job: after a recovery and a retry, a late heartbeat changes nothing.
            Job.objects.filter(pk=self.job_id, state=State.RUNNING, attempts=self.attempt).update(**changes)
        except DatabaseError:
            logger.warning("Job %s: could not renew the lease", self.job_id, exc_info=True)


class _StillAlive(Exception):
    pass


def recover() -> int:
    """Mark failed the running jobs whose worker stopped renewing their lease; return how many.

    Nothing of theirs was written (each work runs in one transaction), so the message says so, the
    input stays for Retry, and their task result, left RUNNING by the dead worker, becomes FAILED."""
    now = timezone.now()
    recovered = 0
    for pk in Job.objects.filter(state=State.RUNNING, lease_until__lt=now).values_list("pk", flat=True)[:100]:

        def stopped(locked):
            if locked.lease_until is None or locked.lease_until >= now:
                raise _StillAlive  # renewed meanwhile
            locked.report = {"failure": "stopped"}
            locked.lease_until = None
            _fail_task(locked.task_id)

        try:
            states.move(Job(pk=pk), State.FAILED, machine=MACHINE, by=None, note=RECOVERY, change=stopped, fields=["report", "lease_until"])
        except (_StillAlive, states.MoveRefused, Job.DoesNotExist):
            continue
        logger.warning("Job %s: its worker stopped; marked failed", pk)
        recovered += 1
    return recovered


def _fail_task(task_id: str) -> None:
    if not task_id or not apps.is_installed("django_tasks_db"):
        return
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    try:
        result = DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).first()
    except Exception:  # not a database-queue id (the immediate backend's)
        return
    if result:
        result.set_failed(WorkerStopped("The worker stopped before the job ended (its lease ran out)."))


def sweep() -> None:
    """Forget jobs nobody confirmed within a day, and finished jobs after 90 days, with their files and
    moves (an import's outcome is in the registry itself)."""
    now = timezone.now()
    old = Job.objects.filter(state=State.READY, updated_at__lt=now - READY_MAX_AGE) | Job.objects.filter(
        state__in=FINISHED, updated_at__lt=now - FINISHED_MAX_AGE
    )
    for job in old[:500]:
        _delete(job)
    # A refused input kept to be checked again with other parameters goes after a day; its report stays.
    for job in Job.objects.filter(state=State.REFUSED, updated_at__lt=now - READY_MAX_AGE).exclude(input_file="")[:500]:
        job.input_file.delete(save=False)
        Job.objects.filter(pk=job.pk).update(input_file="")


def _delete(job: Job) -> None:
    for file in (job.input_file, job.result_file):
        if file:
            file.delete(save=False)
    states.transitions_of(job).delete()
    job.delete()
