"""Excel import pages: upload → the worker checks the file → preview (every bad row, or the counts)
→ confirm → the worker applies it. The work is in units.importing, the jobs in units.import_jobs.
"""

from dataclasses import dataclass
from typing import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.params import int_param
from units import access, import_jobs, importing
from units.models import ImportJob
from units.paging import MAX_PAGE

RECENT_JOBS = 5
ERRORS_PER_PAGE = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

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
    done_url: str
    download_name: str


KINDS = {
    "units": Kind(
        "units",
        gettext_lazy("Import units"),
        UnitUploadForm,
        access.can_import_units,
        "units:tree",
        "mau-nhap-don-vi.xlsx",
    ),
    "people": Kind(
        "people",
        gettext_lazy("Import members"),
        UploadForm,
        access.can_import_members,
        "units:person-list",
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
        job = import_jobs.start(kind=kind.name, user=request.user, upload=form.cleaned_data["file"], year=form.cleaned_data.get("year"))
        return redirect(job)
    recent = ImportJob.objects.visible_to(request.user).filter(kind=kind.name)[:RECENT_JOBS]
    return render(request, "units/import_form.html", {"kind": kind, "title": kind.title, "form": form, "recent": recent})


@login_required
def units(request):
    return _upload(request, "units")


@login_required
def people(request):
    return _upload(request, "people")


def _job(request, pk) -> tuple[ImportJob, Kind]:
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    return job, _kind(request, job.kind)


@login_required
def job(request, pk):
    """The job's state; while the worker is at it, the page asks again every two seconds (htmx)."""
    job, kind = _job(request, pk)
    # A 100,000-row file may have thousands of bad rows: a page of them at a time keeps the page light.
    number = int_param(request, "page", default=1, min_value=1, max_value=MAX_PAGE)
    errors = Paginator(job.report.get("errors", []), ERRORS_PER_PAGE).get_page(number)
    context = {"job": job, "kind": kind, "title": kind.title, "report": job.report, "errors": errors, "upload_url": reverse(f"imports:{kind.name}")}
    return render(request, "units/import_job.html", context)


@login_required
@require_POST
def confirm(request, pk):
    job, kind = _job(request, pk)
    if not import_jobs.confirm(job):
        messages.warning(request, _("This file was already confirmed."))
    return redirect(job)


@login_required
@require_POST
def discard(request, pk):
    job, kind = _job(request, pk)
    import_jobs.discard(job)
    return redirect(f"imports:{kind.name}")


@login_required
def template(request, name: str):
    kind = _kind(request, name)
    response = HttpResponse(importing.template_workbook(kind.name), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind.download_name}"'
    return response
