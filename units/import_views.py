"""Excel import pages: upload → the worker checks the file → preview (every bad row, or the counts)
→ confirm → the worker applies it. The work is in units.importing, the job kinds in units.import_jobs;
the job page itself is portal.jobs' (templates/units/import_job.html extends it).
"""

from dataclasses import dataclass
from typing import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.jobs import kinds, runner
from portal.jobs import views as job_views
from portal.jobs.models import Job
from portal.params import bounded_int
from portal.states import MoveRefused
from portal.widgets import FileInput
from units import access, importing

RECENT_JOBS = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"), widget=FileInput(attrs={"accept": ".xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Only Excel files (.xlsx) can be imported."))
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.") % {"size": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)}
            )
        try:
            importing.open_workbook(upload).close()
        except importing.BadFile as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class UnitUploadForm(UploadForm):
    year = forms.IntegerField(
        label=gettext_lazy("Year of the member counts"),
        min_value=2000,
        max_value=2100,
        initial=lambda: timezone.localdate().year,
    )


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    form: type[UploadForm]
    allowed: Callable
    download_name: str


KINDS = {
    "units": Kind(
        "units",
        gettext_lazy("Import units"),
        UnitUploadForm,
        access.can_import_units,
        "mau-nhap-don-vi.xlsx",
    ),
    "people": Kind(
        "people",
        gettext_lazy("Import members"),
        UploadForm,
        access.can_import_members,
        "mau-nhap-doan-vien.xlsx",
    ),
}


def _kind(request, name: str) -> Kind:
    kind = KINDS[name]
    if not kind.allowed(request.user):
        raise PermissionDenied
    return kind


def _upload(request, name: str):
    kind = _kind(request, name)
    form = kind.form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        params = {"year": form.cleaned_data["year"]} if "year" in form.cleaned_data else {}
        job = runner.start(kind=f"import_{kind.name}", owner=request.user, upload=form.cleaned_data["file"], params=params)
        return redirect(job)
    recent = Job.objects.visible_to(request.user).filter(kind=f"import_{kind.name}")[:RECENT_JOBS]
    return render(request, "units/import_form.html", {"kind": kind, "title": kind.title, "form": form, "recent": recent})


@login_required
def units(request):
    return _upload(request, "units")


@login_required
def people(request):
    return _upload(request, "people")


def _job(request, pk) -> Job:
    job, _kind = job_views.job_of(request, pk)
    if not job.kind.startswith("import_"):
        raise Http404
    return job




def _corrections(request, job: Job) -> list[int] | None:
    """The rows ticked as corrections after this form: those ticked on the page shown, and those
    ticked earlier on other pages. Only rows the report offers count (no number reaches the job unchecked)."""
    if "ticks" not in request.POST:  # a form without the ticks: confirm what was checked
        return None
    offered = {e["row"] for e in job.report.get("errors", []) if e.get("correctable")}
    offered |= {c["row"] for c in job.report.get("changes", []) if c.get("correction")}
    ticked = set(job.params.get("corrections", []))
    offered |= ticked

    def rows(name):
        numbers = (bounded_int(value, default=None, min_value=2, max_value=importing.MAX_ROW) for value in request.POST.getlist(name))
        return {number for number in numbers if number is not None} & offered

    return sorted((ticked - rows("shown")) | rows("correction"))


@login_required
@require_POST
def confirm(request, pk):
    job = _job(request, pk)
    corrections = _corrections(request, job)
    try:
        runner.confirm(job=job, by=request.user, params=None if corrections is None else {"corrections": corrections})
    except MoveRefused:
        messages.warning(request, _("This file was already confirmed."))
    return redirect(job)


@login_required
@require_POST
def recheck(request, pk):
    """Check the kept file again with the rows ticked as corrections of a member's details."""
    job = _job(request, pk)
    corrections = _corrections(request, job)
    try:
        if corrections is None:
            raise MoveRefused(_("This file can no longer be checked again: upload it again."))
        runner.recheck(job=job, by=request.user, params={"corrections": corrections})
    except MoveRefused:
        messages.warning(request, _("This file can no longer be checked again: upload it again."))
    return redirect(job)


@login_required
@require_POST
def discard(request, pk):
    job = _job(request, pk)
    runner.discard(job=job)
    # Another app's import (awards) names its own upload page in its job kind.
    return redirect(kinds.get(job.kind).start_url or f"imports:{job.kind.removeprefix('import_')}")


@login_required
def template(request, name: str):
    kind = _kind(request, name)
    response = HttpResponse(importing.template_workbook(kind.name), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind.download_name}"'
    return response
