"""Excel import pages: upload → preview (every bad row, or the counts) → confirm. The work is in units.importing.

Between preview and confirm the file waits in private storage under a random name kept in the
session; confirming checks it again, so the import stays all-or-nothing if the data changed meanwhile.
"""

import datetime
import secrets
from dataclasses import dataclass
from typing import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from units import access, importing

PENDING_DIR = "imports"
PENDING_MAX_AGE = datetime.timedelta(days=1)
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
    run: Callable
    done_url: str
    download_name: str


KINDS = {
    "units": Kind(
        "units",
        gettext_lazy("Import units"),
        UnitUploadForm,
        access.can_import_units,
        lambda source, user, year, commit: importing.import_units(source, user=user, year=year, commit=commit),
        "units:tree",
        "mau-nhap-don-vi.xlsx",
    ),
    "people": Kind(
        "people",
        gettext_lazy("Import members"),
        UploadForm,
        access.can_import_members,
        lambda source, user, year, commit: importing.import_people(source, user=user, commit=commit),
        "units:person-list",
        "mau-nhap-doan-vien.xlsx",
    ),
}


def _kind(request, name: str) -> Kind:
    kind = KINDS[name]
    if not kind.allowed(request.user):
        raise PermissionDenied
    return kind


def _session_key(kind: Kind) -> str:
    return f"import-{kind.name}"


def _discard(request, kind: Kind) -> None:
    pending = request.session.pop(_session_key(kind), None)
    if pending:
        default_storage.delete(pending["file"])


def _sweep() -> None:
    """Remove uploads nobody confirmed (the session expired or the user walked away)."""
    try:
        _, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - PENDING_MAX_AGE
    for name in files:
        path = f"{PENDING_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)


def _preview(request, kind: Kind, report, filename: str, year=None, token=None):
    errors = sorted(report.errors, key=lambda error: (error.row, error.column))
    context = {"kind": kind, "title": kind.title, "report": report, "errors": errors, "filename": filename, "year": year, "token": token}
    return render(request, "units/import_preview.html", context)


def _upload(request, name: str):
    kind = _kind(request, name)
    form = kind.form(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        year = form.cleaned_data.get("year")
        report = kind.run(upload, request.user, year, False)
        _discard(request, kind)
        token = None
        if report.ok:
            _sweep()
            token = secrets.token_urlsafe(24)
            upload.seek(0)
            stored = default_storage.save(f"{PENDING_DIR}/{token}.xlsx", upload)
            request.session[_session_key(kind)] = {"file": stored, "token": token, "filename": upload.name, "year": year}
        return _preview(request, kind, report, upload.name, year, token)
    return render(request, "units/import_form.html", {"kind": kind, "title": kind.title, "form": form})


@login_required
def units(request):
    return _upload(request, "units")


@login_required
def people(request):
    return _upload(request, "people")


@login_required
@require_POST
def confirm(request, name: str):
    kind = _kind(request, name)
    pending = request.session.get(_session_key(kind))
    if not pending or not secrets.compare_digest(pending["token"], request.POST.get("token", "")):
        messages.error(request, _("This import has expired or was already done; upload the file again."))
        return redirect(f"imports:{kind.name}")
    try:
        with default_storage.open(pending["file"], "rb") as source:
            report = kind.run(source, request.user, pending["year"], True)
    except (FileNotFoundError, importing.BadFile):
        messages.error(request, _("This import has expired or was already done; upload the file again."))
        return redirect(f"imports:{kind.name}")
    finally:
        _discard(request, kind)
    if not report.applied:
        return _preview(request, kind, report, pending["filename"], pending["year"])
    messages.success(
        request,
        _("Import done: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
        % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
    )
    return redirect(kind.done_url)


@login_required
def template(request, name: str):
    kind = _kind(request, name)
    response = HttpResponse(importing.template_workbook(kind.name), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind.download_name}"'
    return response
