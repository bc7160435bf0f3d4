"""Excel import of units' plans and launches: a district officer enters the whole district's from one
sheet, the way they collect them today. The same pattern as the members import (units.importing,
units.import_jobs): read every row, check them all, then, once confirmed, apply all or nothing in the
job worker. Rows are written through the services of campaigns.plans, and checked by the same date
rule (plans.date_problems), so a row is refused for what a form would refuse.

A blank cell never erases what the portal holds: a row with only the launch leaves the plan as it is.
Importing the same file again changes nothing (every row counts as unchanged).
"""

import datetime
import io
import time
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font

from campaigns import plans, rules
from campaigns.models import Campaign, Duty, LaunchMethod
from portal.jobs import kinds
from portal.jobs.models import State
from portal.params import int_param
from portal.xlsx import append_row
from units import access
from units.import_jobs import as_json
from units.importing import ImportReport, RowChanges, RowError, _Abort, _fetch, _Progress, _read, _Row, _run
from units.models import Unit
from units.paging import MAX_PAGE
from units.text import match_key

KIND = "import_launches"
UNIT, CAMPAIGN, PLAN_NUMBER, PLAN_DATE, LAUNCH_DATE, METHOD, NOTE = COLUMNS = [
    "Mã đơn vị",
    "Mã phong trào",
    "Số kế hoạch",
    "Ngày kế hoạch",
    "Ngày phát động",
    "Hình thức phát động",
    "Ghi chú",
]
NOTE_MAX = 2000
# How people write the three ways of launching, compared without accents, case or spaces.
METHOD_WORDS = {
    LaunchMethod.MEETING: ["Họp", "Hội nghị", "Hội nghị phát động", "Lễ phát động", "Cuộc họp"],
    LaunchMethod.NOTICE: ["Thông báo", "Văn bản", "Công văn"],
    LaunchMethod.OTHER: ["Khác", "Hình thức khác"],
}
METHODS = {match_key(word): code for code, words in METHOD_WORDS.items() for word in words}
METHOD_NAMES = {code: words[0] for code, words in METHOD_WORDS.items()}


@dataclass
class _LaunchRow:
    row: _Row
    unit_code: str
    campaign_code: str
    plan_number: str
    plan_date: datetime.date | None
    launched_on: datetime.date | None
    method: str | None
    note: str
    duty: Duty | None = None
    plan_changes: bool = False
    launch_changes: bool = False
    changes: list = field(default_factory=list)


def import_launches(source, *, user, commit: bool = True, progress=None) -> ImportReport:
    """Check (and with `commit`, apply) a plans-and-launches file for `user` (every unit in their reach
    and theirs to record for). `progress(done, total)`: as for units.importing.import_units."""
    report = ImportReport()
    started = time.monotonic()
    rows = _read(source, COLUMNS, report)
    if rows:
        steps = _Progress(progress, len(rows), commit)
        _run(lambda: _plan(rows, user, report, steps), lambda items: _apply(items, user, steps, len(rows)), report, commit)
    report.seconds = time.monotonic() - started
    return report


def _day(value) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _parse(number, values, formulas, report) -> _LaunchRow:
    row = _Row(number, values, COLUMNS, report.errors, formulas)
    item = _LaunchRow(
        row=row,
        unit_code=row.text(UNIT, required=True, max_length=40),
        campaign_code=row.text(CAMPAIGN, required=True, max_length=40),
        plan_number=row.text(PLAN_NUMBER, max_length=plans.PLAN_NUMBER_MAX),
        plan_date=row.date(PLAN_DATE),
        launched_on=row.date(LAUNCH_DATE),
        method=row.lookup(METHOD, METHODS, _("Unknown launch method “%(value)s”: write Họp, Thông báo or Khác.")),
        note=row.text(NOTE, max_length=NOTE_MAX),
    )
    blank = lambda column: not row.text(column) and column not in row.formulas  # noqa: E731
    # A plan is a number with its date; a launch is a day with how it was done.
    if blank(PLAN_NUMBER) != blank(PLAN_DATE):
        row.error(PLAN_NUMBER if blank(PLAN_NUMBER) else PLAN_DATE, _("The plan's number and date go together: write both."))
    if blank(LAUNCH_DATE) != blank(METHOD):
        row.error(LAUNCH_DATE if blank(LAUNCH_DATE) else METHOD, _("The launch's date and how it was done go together: write both."))
    if not blank(NOTE) and blank(LAUNCH_DATE):
        row.error(NOTE, _("The note goes with the launch: write the launch's date and how it was done too."))
    if all(blank(column) for column in (PLAN_NUMBER, PLAN_DATE, LAUNCH_DATE, METHOD)):
        row.error(PLAN_NUMBER, _("The row has neither a plan nor a launch."))
    return item


def _plan(rows, user, report: ImportReport, steps: _Progress) -> list[_LaunchRow]:
    items = []
    for done, (number, values, formulas) in enumerate(rows, start=1):
        steps.at(done)
        items.append(_parse(number, values, formulas, report))

    unit_codes = {item.unit_code for item in items if item.unit_code}
    campaign_codes = {item.campaign_code for item in items if item.campaign_code}
    units = {unit.code: unit for unit in _fetch(Unit.objects.order_by(), "code", unit_codes)}
    # A unit outside the user's reach is answered as one that does not exist: the file cannot probe the tree.
    units = {code: unit for code, unit in units.items() if access.unit_in_reach(user, unit)}
    campaigns = {c.code: c for c in _fetch(Campaign.objects.visible_to(user).distinct().order_by(), "code", campaign_codes)}
    duties = {
        (duty.campaign_id, duty.unit_id): duty
        for duty in _fetch(
            Duty.objects.filter(campaign__in=[c.pk for c in campaigns.values()]).order_by(),
            "unit_id",
            [unit.pk for unit in units.values()],
        )
    }

    seen: dict[tuple[str, str], int] = {}
    for item in items:
        row = item.row
        unit, campaign = units.get(item.unit_code), campaigns.get(item.campaign_code)
        if item.unit_code and unit is None:
            row.error(UNIT, _("Unknown unit code “%(code)s”: it is not among the units of your area.") % {"code": item.unit_code})
        if item.campaign_code and campaign is None:
            row.error(CAMPAIGN, _("Unknown campaign code “%(code)s”.") % {"code": item.campaign_code})
        if unit is None or campaign is None:
            continue
        key = (item.unit_code, item.campaign_code)
        if key in seen:
            row.error(UNIT, _("Unit %(unit)s's plan and launch for campaign %(campaign)s are also on row %(row)s.")
                      % {"unit": item.unit_code, "campaign": item.campaign_code, "row": seen[key]})
            continue
        seen[key] = row.number
        duty = duties.get((campaign.pk, unit.pk))
        if duty is None:
            row.error(UNIT, _("Unit %(unit)s does not owe campaign %(campaign)s: the campaign does not apply to it.")
                      % {"unit": item.unit_code, "campaign": item.campaign_code})
            continue
        if duty.state != Duty.State.OWED:
            row.error(UNIT, plans.not_owed_message())
            continue
        if not rules.can_record_duty(user, duty):
            row.error(UNIT, _("You may not record plans and launches for unit %(unit)s.") % {"unit": item.unit_code})
            continue
        duty.campaign, duty.unit = campaign, unit
        item.duty = duty
        _diff(item)

    for item in items:
        if item.row.bad:
            continue
        if not item.changes:
            report.unchanged += 1
        elif item.duty.has_plan or item.duty.has_launch:
            report.updated += 1
        else:
            report.created += 1
        if item.changes and len(report.changes) < 2000:
            report.changes.append(RowChanges(item.row.number, f"{item.unit_code} — {item.duty.unit.name}", item.changes))
    return [item for item in items if item.changes]


def _diff(item: _LaunchRow) -> None:
    """What applying the row changes (kept on the item), and the date rules on the values it leaves."""
    duty, row = item.duty, item.row
    plan_date = item.plan_date or duty.plan_date
    launched_on = item.launched_on or duty.launched_on
    problems = plans.date_problems(duty.campaign, plan_date=plan_date, launched_on=launched_on)
    if "plan_date" in problems:
        row.error(PLAN_DATE if item.plan_date else LAUNCH_DATE, problems["plan_date"])
    if "launched_on" in problems:
        row.error(LAUNCH_DATE if item.launched_on else PLAN_DATE, problems["launched_on"])
    if row.bad:
        return
    pairs = [
        (PLAN_NUMBER, duty.plan_number, item.plan_number),
        (PLAN_DATE, _day(duty.plan_date), _day(item.plan_date)),
    ]
    launch = [
        (LAUNCH_DATE, _day(duty.launched_on), _day(item.launched_on)),
        (METHOD, METHOD_NAMES.get(duty.launch_method, ""), METHOD_NAMES.get(item.method, "")),
        (NOTE, duty.note, item.note),
    ]
    plan_changes = [(column, old, new) for column, old, new in pairs if new and new != old]
    launch_changes = [(column, old, new) for column, old, new in launch if new and new != old]
    item.plan_changes, item.launch_changes = bool(plan_changes), bool(launch_changes)
    item.changes = plan_changes + launch_changes


def _apply(items: list[_LaunchRow], user, steps: _Progress, rows: int) -> None:
    for done, item in enumerate(items, start=1):
        steps.at(rows + done)
        duty = item.duty
        try:
            if item.plan_changes:
                duty = plans.plan_record(
                    duty=duty, number=item.plan_number or duty.plan_number, date=item.plan_date or duty.plan_date,
                    by=user, version=duty.version,
                )
            if item.launch_changes:
                plans.launch_record(
                    duty=duty, on=item.launched_on or duty.launched_on, method=item.method or duty.launch_method,
                    note=item.note or duty.note, by=user, version=duty.version,
                )
        except ValidationError as exc:
            raise _Abort(RowError(item.row.number, "", " ".join(exc.messages))) from exc
        except (plans.StaleEdit, PermissionDenied) as exc:
            message = str(exc) or _("You may not record plans and launches for unit %(unit)s.") % {"unit": item.unit_code}
            raise _Abort(RowError(item.row.number, UNIT, message)) from exc
    steps.at(steps.total)


# The job kind ------------------------------------------------------------------------------------

ERRORS_PER_PAGE = 200
CHANGES_PER_PAGE = 100


def can_import(user) -> bool:
    """Who may use the import: whoever may record some unit's plan (chairs, officers, staff)."""
    return access.can_import_members(user)


def work(job, progress):
    progress(0, 0)
    with job.input_file.open("rb") as source:
        report = import_launches(source, user=job.owner, commit=job.confirmed_at is not None, progress=progress)
    return kinds.Outcome(report=as_json(report), ok=report.ok)


def page_context(request, job) -> dict:
    number = int_param(request, "page", default=1, min_value=1, max_value=MAX_PAGE)
    report = job.report
    return {
        "report": report,
        "errors": Paginator(report.get("errors", []), ERRORS_PER_PAGE).get_page(number),
        "changes": Paginator(report.get("changes", []), CHANGES_PER_PAGE).get_page(number),
        "nothing_changes": bool(report.get("rows")) and not report.get("errors") and report.get("unchanged") == report.get("rows"),
        "upload_url": reverse("campaigns:import-launches"),
    }


def register() -> None:
    kinds.register(
        kinds.Kind(
            KIND,
            gettext_lazy("Import plans and launches"),
            work=work,
            allowed=can_import,
            template="campaigns/duties/import_job.html",
            context=page_context,
            confirm=True,
            labels={
                State.READY: gettext_lazy("Checked, waiting for your confirmation"),
                State.DONE: gettext_lazy("Imported"),
                State.REFUSED: gettext_lazy("Refused: the file has errors"),
            },
            stopped_message=gettext_lazy("The worker stopped midway; no row was imported. Press Retry."),
        )
    )


# The template workbook ---------------------------------------------------------------------------


def template_workbook() -> bytes:
    """The .xlsx users fill in: the header row, one example row, and a "Hướng dẫn" sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kế hoạch và phát động"
    example = ["CDCS-MAU", "PT-LDG-2025", "05/KH-CĐCS", datetime.date(2025, 2, 10), datetime.date(2025, 2, 20), "Họp", "Hội nghị người lao động"]
    append_row(sheet, COLUMNS)
    append_row(sheet, example)
    bold = Font(bold=True)
    for index, (cell, width) in enumerate(zip(sheet[1], [16, 18, 18, 15, 15, 20, 40]), start=1):
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = width
        if isinstance(example[index - 1], datetime.date):
            sheet.cell(row=2, column=index).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 110
    lines = [
        (_("How to fill in"), [
            _("Keep the header row as it is; one unit and campaign per row from row 2. Delete the example row."),
            _("Required: %(columns)s, and the plan (number and date) or the launch (date and how), or both.") % {"columns": ", ".join([UNIT, CAMPAIGN])},
            _("The campaign code is the one on the campaign's page in the portal."),
            _("Dates are written dd/mm/yyyy. The plan's date comes before the launch; neither is in the future; the launch is not before the campaign's own launch document."),
            _("A unit's plan and launch already in the portal are updated; blank cells leave them as they are. Importing the same file again changes nothing."),
            _("Write values, not formulas: formula cells are not read."),
        ]),
        (METHOD, [f"{words[0]} ({_('also written')}: {'; '.join(words[1:])})" if len(words) > 1 else words[0] for words in METHOD_WORDS.values()]
         + [_("Accents and capitals do not matter: “hop”, “HỌP” and “thong bao” are read.")]),
    ]
    for title, entries in lines:
        append_row(guide, [title])
        guide.cell(row=guide.max_row, column=1).font = bold
        for line in entries:
            append_row(guide, [line])
        guide.append([])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
