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
    "units": lambda source, user, year, commit, corrections: importing.import_units(source, user=user, year=year, commit=commit),
    "people": lambda source, user, year, commit, corrections: importing.import_people(
        source, user=user, commit=commit, corrections=corrections
    ),
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


def confirm(job: ImportJob, corrections: set[int] | None = None) -> bool:
    """Have the worker apply a checked file; False if it was already confirmed (a second click, another tab).

    With `corrections` (the rows the user ticked as corrections of a member's details), a file refused
    only for such rows may be applied too: applying checks it again with them, all or nothing."""
    return _claim(job, ImportJob.State.APPLYING, apply_file, corrections)


def recheck(job: ImportJob, corrections: set[int]) -> bool:
    """Have the worker check the kept file again, with the rows ticked as corrections."""
    return _claim(job, ImportJob.State.CHECKING, check_file, corrections)


def correctable(job: ImportJob) -> bool:
    """Whether the job's file is still here to be checked again with corrections."""
    return bool(job.file) and job.state in (ImportJob.State.CHECKED, ImportJob.State.REFUSED)


def _claim(job: ImportJob, state: str, task, corrections: set[int] | None) -> bool:
    # The corrections travel in the job's report until the generic job (portal.jobs) carries params.
    states = [ImportJob.State.CHECKED] if corrections is None else [ImportJob.State.CHECKED, ImportJob.State.REFUSED]
    with transaction.atomic():
        claimed = ImportJob.objects.select_for_update().filter(pk=job.pk, state__in=states).exclude(file="").first()
        if claimed is not None:
            claimed.state = state
            if corrections is not None:
                claimed.report = {**claimed.report, "corrections": sorted(corrections)}
            claimed.save()
            task.enqueue(str(job.pk))
    job.refresh_from_db()
    return claimed is not None


def discard(job: ImportJob) -> None:
    """Drop a checked file the user chose not to import."""
    if correctable(job):
        _forget_file(job)
        job.delete()


def sweep() -> None:
    """Remove checks nobody confirmed within a day (with their files), and finished jobs after 90 days
    (their error lists can be long; what was imported is in the registry itself)."""
    now = timezone.now()
    for job in ImportJob.objects.filter(state=ImportJob.State.CHECKED, updated_at__lt=now - UNCONFIRMED_MAX_AGE):
        _forget_file(job)
        job.delete()
    # A refused file kept for the rows to tick as corrections goes after a day too; its report stays.
    for job in ImportJob.objects.filter(state=ImportJob.State.REFUSED, updated_at__lt=now - UNCONFIRMED_MAX_AGE).exclude(file=""):
        _forget_file(job)
        job.save(update_fields=["file"])
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
    corrections = frozenset(job.report.get("corrections", []))
    keep_file = False
    with translation.override(job.language):
        try:
            with default_storage.open(job.file, "rb") as source:
                report = RUNNERS[job.kind](source, job.user, job.year, commit, corrections)
        except Exception:
            # The user sees that it failed and may upload again; the details are for the server log.
            logger.exception("Import job %s failed", job_id)
            job.state = ImportJob.State.FAILED
        else:
            job.report = {**_as_json(report), "corrections": sorted(corrections)}
            if not report.ok:
                job.state = ImportJob.State.REFUSED
                # Rows the user may tick as corrections: keep the file to check it again with them.
                keep_file = any(error.correctable for error in report.errors)
            else:
                job.state = ImportJob.State.DONE if commit else ImportJob.State.CHECKED
    if job.state != ImportJob.State.CHECKED and not keep_file:
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
        "errors": [
            {"row": error.row, "column": error.column, "message": str(error.message), **({"correctable": True} if error.correctable else {})}
            for error in errors
        ],
        "notes": [{"row": note.row, "column": note.column, "message": str(note.message)} for note in report.notes],
        # At most importing.CHANGES_KEPT rows (and the corrections): the preview pages through them.
        "changes": [
            {"row": change.row, "name": change.name, "changes": [list(c) for c in change.changes], "correction": change.correction}
            for change in sorted(report.changes, key=lambda change: (not change.correction, change.row))
        ],
    }


def _forget_file(job: ImportJob) -> None:
    if job.file:
        default_storage.delete(job.file)
        job.file = ""
