"""Web imports run in the task worker (django-tasks), not in the request.

Checking a 100,000-row file takes about 16 s and applying it 25 s (docs/benchmarks): too long to hold
a web worker and a phone's connection, and past a proxy's timeout on a slow mountain network. So the
upload only stores the file and records an ImportJob; the worker checks it, the user reads the
preview and confirms, and the worker applies it. Applying checks the file again, in one transaction,
so the import stays all-or-nothing even if the data changed between preview and confirmation.
"""

import datetime
import logging
import uuid

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from units import importing
from units.models import ImportJob

logger = logging.getLogger(__name__)

FILES_DIR = "imports"
UNCONFIRMED_MAX_AGE = datetime.timedelta(days=1)
FINISHED_MAX_AGE = datetime.timedelta(days=90)

RUNNERS = {
    "units": lambda source, user, year, commit: importing.import_units(source, user=user, year=year, commit=commit),
    "people": lambda source, user, year, commit: importing.import_people(source, user=user, commit=commit),
}


def start(*, kind: str, user, upload, year: int | None = None) -> ImportJob:
    """Keep the uploaded file privately and have the worker check it."""
    sweep()
    stored = default_storage.save(f"{FILES_DIR}/{uuid.uuid4().hex}.xlsx", upload)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind, user=user, language=translation.get_language() or "vi", file=stored, filename=upload.name[:255], year=year
        )
        check_file.enqueue(str(job.pk))
    job.refresh_from_db()
    return job


def confirm(job: ImportJob) -> bool:
    """Have the worker apply a checked file; False if it was already confirmed (a second click, another tab)."""
    with transaction.atomic():
        claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJob.State.CHECKED).update(
            state=ImportJob.State.APPLYING, updated_at=timezone.now()
        )
        if claimed:
            apply_file.enqueue(str(job.pk))
    job.refresh_from_db()
    return bool(claimed)


def discard(job: ImportJob) -> None:
    """Drop a checked file the user chose not to import."""
    if job.state == ImportJob.State.CHECKED:
        _forget_file(job)
        job.delete()


def sweep() -> None:
    """Remove checks nobody confirmed within a day (with their files), and finished jobs after 90 days
    (their error lists can be long; what was imported is in the registry itself)."""
    now = timezone.now()
    for job in ImportJob.objects.filter(state=ImportJob.State.CHECKED, updated_at__lt=now - UNCONFIRMED_MAX_AGE):
        _forget_file(job)
        job.delete()
    finished = [ImportJob.State.DONE, ImportJob.State.REFUSED, ImportJob.State.FAILED]
    ImportJob.objects.filter(state__in=finished, updated_at__lt=now - FINISHED_MAX_AGE).delete()


@task()
def check_file(job_id: str) -> None:
    _run(job_id, commit=False)


@task()
def apply_file(job_id: str) -> None:
    _run(job_id, commit=True)


def _run(job_id: str, *, commit: bool) -> None:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    with translation.override(job.language):
        try:
            with default_storage.open(job.file, "rb") as source:
                report = RUNNERS[job.kind](source, job.user, job.year, commit)
        except Exception:
            # The user sees that it failed and may upload again; the details are for the server log.
            logger.exception("Import job %s failed", job_id)
            job.state = ImportJob.State.FAILED
        else:
            job.report = _as_json(report)
            if not report.ok:
                job.state = ImportJob.State.REFUSED
            else:
                job.state = ImportJob.State.DONE if commit else ImportJob.State.CHECKED
    if job.state != ImportJob.State.CHECKED:
        _forget_file(job)
    job.save()


def _as_json(report: importing.ImportReport) -> dict:
    errors = sorted(report.errors, key=lambda error: (error.row, error.column))
    return {
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "seconds": round(report.seconds, 2),
        "errors": [{"row": error.row, "column": error.column, "message": str(error.message)} for error in errors],
        "notes": [{"row": note.row, "column": note.column, "message": str(note.message)} for note in report.notes],
    }


def _forget_file(job: ImportJob) -> None:
    if job.file:
        default_storage.delete(job.file)
        job.file = ""
