"""The web import of past awards is a background job of kind "import_awards", run like the members
import (units.import_jobs): the worker checks the file and stops at the preview, the owner confirms,
the worker imports it, all or nothing. The job page and its confirm/discard buttons are the imports'."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards import importing, rules
from portal.jobs import kinds
from units import import_jobs


def work(job, progress):
    progress(0, 0)
    with job.input_file.open("rb") as source:
        report = importing.import_awards(
            source, user=job.owner, commit=job.confirmed_at is not None, progress=progress,
            add_missing_people=bool(job.params.get("add_missing_people")),
        )
    return kinds.Outcome(report=import_jobs.as_json(report), ok=report.ok)


def page_context(request, job) -> dict:
    context = import_jobs.page_context(request, job)
    context.update({
        "correctable": False, "only_correctable": False,
        "done_url": reverse("awards:decision-list"), "done_label": _("Open the award decisions"),
    })
    return context


def register() -> None:
    kinds.register(
        kinds.Kind(
            "import_awards", _("Import past awards"), work, allowed=rules.can_import_awards, template="units/import_job.html",
            context=page_context, confirm=True, labels=import_jobs.LABELS,
            stopped_message=_("The worker stopped midway; no row was imported. Press Retry."), start_url="awards:import",
        )
    )
