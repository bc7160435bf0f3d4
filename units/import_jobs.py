"""Web imports are background jobs (portal.jobs) of two kinds, "import_units" and "import_people".

Checking a 100,000-row file takes about 16 s and applying it 25 s (docs/benchmarks): too long to hold
a web worker and a phone's connection. So the upload only stores the file and starts a job; the worker
checks it (the job stops at READY with the preview), the user confirms, and the worker applies it.
Applying checks the file again, in one transaction, so the import stays all-or-nothing even if the
data changed between preview and confirmation, and a worker killed midway wrote nothing.

The job's params are passed to the import function as they are (the year of the counts; ticks a later
preview may add at confirmation), so a new option of an import needs no change here.
"""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.jobs import kinds
from portal.jobs.models import State
from portal.params import int_param
from units import access, importing
from units.paging import MAX_PAGE

ERRORS_PER_PAGE = 200
CHANGES_PER_PAGE = 100
IMPORTERS = {"import_units": importing.import_units, "import_people": importing.import_people}
LABELS = {
    State.READY: _("Checked, waiting for your confirmation"),
    State.DONE: _("Imported"),
    State.REFUSED: _("Refused: the file has errors"),
}


def work(job, progress):
    progress(0, 0)  # renews the lease; the rows are counted once read, then the page shows a bar
    params = dict(job.params)
    if "corrections" in params:  # the rows the owner ticked as corrections of a member's details
        params["corrections"] = frozenset(params["corrections"])
    with job.input_file.open("rb") as source:
        report = IMPORTERS[job.kind](source, user=job.owner, commit=job.confirmed_at is not None, progress=progress, **params)
    # Rows the owner may tick as corrections: keep the file to check it again with them.
    keep = any(error.correctable for error in report.errors)
    return kinds.Outcome(report=as_json(report), ok=report.ok, keep_input=keep)


def correctable(job) -> bool:
    """Whether the job's file is still here to be checked again with rows ticked as corrections."""
    return bool(job.input_file) and job.state in (State.READY, State.REFUSED)


def as_json(report: importing.ImportReport) -> dict:
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


def page_context(request, job) -> dict:
    # A 100,000-row file may have thousands of bad rows: a page of them at a time keeps the page light.
    name = job.kind.removeprefix("import_")
    number = int_param(request, "page", default=1, min_value=1, max_value=MAX_PAGE)
    errors = Paginator(job.report.get("errors", []), ERRORS_PER_PAGE).get_page(number)
    # Only one of the two lists shows (errors when refused, changes otherwise), so they share "page".
    changes = Paginator(job.report.get("changes", []), CHANGES_PER_PAGE).get_page(number)
    return {
        "report": job.report,
        "errors": errors,
        "changes": changes,
        "corrections": set(job.params.get("corrections", [])),
        "correctable": correctable(job),
        "only_correctable": bool(job.report.get("errors")) and all(e.get("correctable") for e in job.report["errors"]),
        "import_name": name,
        # Another app's import (awards) names its own upload page in its job kind.
        "upload_url": reverse(kinds.get(job.kind).start_url or f"imports:{name}"),
    }


def register() -> None:
    common = {
        "work": work,
        "template": "units/import_job.html",
        "context": page_context,
        "confirm": True,
        "labels": LABELS,
        "stopped_message": _("The worker stopped midway; no row was imported. Press Retry."),
    }
    kinds.register(kinds.Kind("import_units", _("Import units"), allowed=access.can_import_units, **common))
    kinds.register(kinds.Kind("import_people", _("Import members"), allowed=access.can_import_members, **common))
