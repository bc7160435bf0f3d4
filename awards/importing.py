"""Excel import of past awards (the spreadsheet the province has always kept): every row or none.

Read, checked and applied the way the members import is (units.importing: the same sheet reader,
row checks, progress and all-or-nothing run), by `manage.py import_awards` and the web page's job.
Each row is one award: a person matched in the registry as the members import matches them
(units.importing.Registry: by citizen ID, else by name, date of birth and unit) or, with no name, the
unit itself for a collective form. A row naming nobody is an error, or, asked for, adds the person to
the registry in the row's unit (where the user may edit the members). Rows are grouped into decisions by
issuing unit, number and date; the same number of the same unit and year with another date is an
error. A row already in the portal (same decision, awardee and form) is left as it is, so the same
file imported twice adds nothing the second time.

Imported decisions are issued (they were, years ago) and marked as imported; their prizes are not
in the file and are recorded as 0.

Set-based, so 100,000 rows take seconds of database work, not minutes: everything a row is checked
against is read before the rows are checked, a few queries per chunk of rows (the units by code, the
people by citizen ID and by unit and name, the decisions by issuing unit and number, their awards),
and the writes are one bulk insert per table (the awards streamed with COPY on PostgreSQL).
"""

import datetime
import re
import time
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards import decision_areas
from awards.models import Award, AwardForm, AwardType, Decision, DecisionState, Source, new_token
from portal.bulk import insert_rows
from units import access
from units.importing import (
    CHANGES_KEPT,
    ImportReport,
    Progress,
    Registry,
    Row,
    RowChanges,
    RowError,
    fetch_in_chunks,
    read_rows,
    run_all_or_nothing,
)
from units.models import EmployeeCategory, Person, Unit
from units.text import fold, match_key

FULL_NAME, BIRTH, CITIZEN_ID, UNIT_CODE, FORM, TYPE, YEAR, NUMBER, DECIDED_ON, ISSUER = AWARD_COLUMNS = [
    "Họ và tên",
    "Ngày sinh",
    "Số CCCD",
    "Mã đơn vị",
    "Hình thức khen thưởng",
    "Loại khen thưởng",
    "Năm",
    "Số quyết định",
    "Ngày quyết định",
    "Mã đơn vị ra quyết định",
]
NUMBER_PATTERN = re.compile(r"^(\d{1,6})\s*(?:/\s*(\S.*))?$")
FIRST_YEAR = 1945
BATCH = 2000


@dataclass
class _NewPerson:
    """Someone the registry does not hold, added to it with the import (--add-missing-people)."""

    full_name: str
    born: datetime.date | None
    citizen_id: str | None
    unit: Unit
    pk: int | None = None


@dataclass
class _AwardRow:
    number: int
    person_id: int | None
    collective: Unit | None
    unit: Unit
    name: str
    form: AwardForm
    award_type: AwardType
    year: int
    decision_key: tuple  # (issuing unit id, number, year of the date)
    symbol: str
    decided_on: datetime.date
    new_person: _NewPerson | None = None
    awardee_path: str = ""  # where the person is now (the registry's path), or the collective's path


def _options(model) -> dict[str, object]:
    """Match key of every accepted spelling (name, code, the aliases) → the catalogue row."""
    found: dict[str, object] = {}
    rows = list(model.objects.all())
    for row in rows:  # names and codes first: an alias never hides a name
        for value in (row.name, row.code):
            found.setdefault(match_key(value), row)
    for row in rows:
        for key in row.match_keys():
            found.setdefault(key, row)
    return found


def import_awards(source, *, user, commit: bool = True, progress=None, add_missing_people: bool = False) -> ImportReport:
    """Check (and with `commit`, apply) a file of past awards. With `user`, every awardee's unit must
    be in their area. `progress(done, total)`: as for the members import. With `add_missing_people`, a
    row naming nobody in the registry adds that person to it, in the row's unit, if `user` may edit
    the members there (the same transaction: all or nothing)."""
    report = ImportReport()
    started = time.monotonic()
    rows = read_rows(source, AWARD_COLUMNS, report)
    if rows:
        steps = Progress(progress, len(rows), commit)
        plan = {}
        run_all_or_nothing(
            lambda: _plan(rows, user, report, steps, plan, add_missing_people), lambda _plan_: _apply(plan, user, steps, len(rows)), report, commit
        )
    report.seconds = time.monotonic() - started
    return report


def _plan(rows, user, report: ImportReport, steps: Progress, plan: dict, add_missing_people: bool = False) -> dict:
    """Every row checked against what a few queries per chunk read (units, the registry's people, the
    decisions and awards already in the portal), never a query per row."""
    forms, types = _options(AwardForm), _options(AwardType)
    # Translated once, not twice a row (a translation lookup costs a context-local read: seconds over 100,000 rows).
    unknown_form, unknown_type = _("Unknown award form “%(value)s”."), _("Unknown award type “%(value)s”.")
    this_year = timezone.localdate().year
    parsed = []
    for done, (number, values, formulas) in enumerate(rows, start=1):
        steps.at(done)
        row = Row(number, values, AWARD_COLUMNS, report.errors, formulas)
        year = row.count(YEAR)
        if year is None and not row.text(YEAR):
            row.error(YEAR, _("A value is required."))
        elif year is not None and not FIRST_YEAR <= year <= this_year:
            row.error(YEAR, _("%(value)s is not a year between %(first)s and %(last)s.") % {"value": year, "first": FIRST_YEAR, "last": this_year})
            year = None
        reference = row.text(NUMBER, required=True, max_length=80)
        decision_number, symbol = None, ""
        if reference:
            match = NUMBER_PATTERN.match(reference)
            if match is None:
                row.error(NUMBER, _("“%(value)s” is not a decision number (e.g. 125/QĐ-LĐLĐ).") % {"value": reference})
            else:
                decision_number, symbol = int(match.group(1)), " ".join((match.group(2) or "").split())[:60]
        decided_on = row.date(DECIDED_ON)
        if decided_on is None and not row.text(DECIDED_ON):
            row.error(DECIDED_ON, _("A value is required."))
        values = {
            "name": row.text(FULL_NAME, max_length=150),
            "born": row.date(BIRTH),
            "citizen_id": row.citizen_id(CITIZEN_ID),
            "unit": row.text(UNIT_CODE, required=True, max_length=40),
            "form": row.lookup(FORM, forms, unknown_form, required=True),
            "type": row.lookup(TYPE, types, unknown_type, required=True),
            "year": year,
            "number": decision_number,
            "symbol": symbol,
            "decided_on": decided_on,
            "issuer": row.text(ISSUER, required=True, max_length=40),
        }
        if values["type"] is not None and values["type"].is_employer_award:
            row.error(TYPE, _("Awards given by the employer are recorded by the grassroots union on the decision pages, not imported."))
        if year and decided_on and year > decided_on.year:
            row.error(YEAR, _("The year %(year)s is after the decision's date %(day)s.") % {"year": year, "day": decided_on.strftime("%d/%m/%Y")})
        parsed.append((row, values))
        row.cells = None
    rows.clear()

    codes = {v["unit"] for _, v in parsed if v["unit"]} | {v["issuer"] for _, v in parsed if v["issuer"]}
    units = {u.code: u for u in fetch_in_chunks(Unit.objects.order_by().only("pk", "code", "name", "path", "active_until"), "code", codes)}
    # The people the rows name, matched as the members import matches them (one rule: Registry).
    registry = Registry.read(
        (v["citizen_id"], v["name"], v["born"], units[v["unit"]].pk) for _, v in parsed if v["name"] and v["unit"] in units
    )
    missing = _Missing(add_missing_people, user)

    items: list[_AwardRow] = []
    decision_dates: dict[tuple, tuple[datetime.date, int]] = {}
    for row, v in parsed:
        unit = units.get(v["unit"]) if v["unit"] else None
        if v["unit"] and unit is None:
            message = _("Unknown unit code “%(code)s”.") if access.reaches_whole_tree(user) else _("No unit with code “%(code)s” in your area.")
            row.error(UNIT_CODE, message % {"code": v["unit"]})
        elif unit is not None and user is not None and not access.unit_in_reach(user, unit):
            row.error(UNIT_CODE, _("No unit with code “%(code)s” in your area.") % {"code": v["unit"]})
            unit = None
        issuer = units.get(v["issuer"]) if v["issuer"] else None
        if v["issuer"] and issuer is None:
            row.error(ISSUER, _("Unknown unit code “%(code)s”.") % {"code": v["issuer"]})
        form = v["form"]
        person_id, person_name, new_person, person_path = None, "", None, ""
        if unit is not None and form is not None:
            if v["name"]:
                if not form.for_individuals:
                    row.error(FORM, _("“%(form)s” is awarded to collectives only: leave the name empty for the unit itself.") % {"form": form})
                else:
                    person_id, person_name, new_person, person_path = _match_person(row, v, unit, registry, missing)
            elif not form.for_collectives:
                row.error(FULL_NAME, _("“%(form)s” is awarded to individuals: write the person's name.") % {"form": form})
        if issuer is not None and v["number"] is not None and v["decided_on"] is not None:
            key = (issuer.pk, v["number"], v["decided_on"].year)
            first = decision_dates.setdefault(key, (v["decided_on"], row.number))
            if first[0] != v["decided_on"]:
                row.error(DECIDED_ON, _(
                    "Decision %(ref)s of %(unit)s is dated %(first)s on row %(row)s: one number is one decision, with one date."
                ) % {"ref": _ref(v["number"], v["symbol"]), "unit": issuer.code, "first": first[0].strftime("%d/%m/%Y"), "row": first[1]})
        if row.bad:
            continue
        items.append(
            _AwardRow(
                number=row.number, person_id=person_id, collective=None if v["name"] else unit, unit=unit,
                name=person_name or unit.name, form=form, award_type=v["type"], year=v["year"],
                decision_key=(issuer.pk, v["number"], v["decided_on"].year), symbol=v["symbol"], decided_on=v["decided_on"],
                new_person=new_person, awardee_path=person_path or unit.path,
            )
        )
    parsed.clear()

    # Decisions already in the portal under the same issuing unit, number and year.
    existing: dict[tuple, Decision] = {}
    keys = {item.decision_key for item in items}
    issuers = {k[0] for k in keys}
    numbers = {k[1] for k in keys}
    if keys:
        for decision in fetch_in_chunks(
            Decision.objects.filter(issuing_unit_id__in=issuers, issuer_name="").only("pk", "issuing_unit_id", "number", "symbol", "year", "decided_on", "source", "state"),
            "number", numbers,
        ):
            key = (decision.issuing_unit_id, decision.number, decision.year)
            if key in keys:
                existing[key] = decision
    held = set()
    if existing:
        for award in fetch_in_chunks(
            Award.objects.order_by().values_list("decision_id", "person_id", "collective_id", "form_id"), "decision_id", [d.pk for d in existing.values()]
        ):
            held.add(award)
    seen: dict[tuple, int] = {}
    new = plan.setdefault("new", [])
    for item in items:
        decision = existing.get(item.decision_key)
        person = item.person_id if item.new_person is None else id(item.new_person)
        awardee = (person, item.collective.pk if item.collective else None, item.form.pk)
        if awardee + item.decision_key in seen:
            report.errors.append(_row_error(item, FULL_NAME, _("Same award as row %(row)s.") % {"row": seen[awardee + item.decision_key]}))
            continue
        seen[awardee + item.decision_key] = item.number
        if decision is not None:
            if decision.decided_on != item.decided_on:
                report.errors.append(_row_error(item, DECIDED_ON, _(
                    "Decision %(ref)s of %(year)s is already in the portal, dated %(day)s."
                ) % {"ref": decision.reference, "year": decision.year, "day": decision.decided_on.strftime("%d/%m/%Y")}))
                continue
            if (decision.pk, *awardee) in held:
                report.unchanged += 1
                continue
            if decision.source != Source.IMPORT or decision.state != DecisionState.ISSUED:
                report.errors.append(_row_error(item, NUMBER, _(
                    "Decision %(ref)s was made in the portal: its awardees are changed there, by a correcting decision, not by a file."
                ) % {"ref": decision.reference}))
                continue
        report.created += 1
        new.append(item)
    plan["existing"] = existing
    plan["people"] = missing.people
    missing.preview(report)
    return plan


def _row_error(item, column, message):
    return RowError(item.number, column, message)


def _ref(number, symbol) -> str:
    return f"{number}/{symbol}" if symbol else str(number)


class _Missing:
    """The people rows name whom the registry does not hold: an error, or (asked for, and where the user
    may edit the members) people to add, one per citizen ID, else per name, date of birth and unit, so
    that two awards of the same new person add them once."""

    def __init__(self, add: bool, user):
        self.add, self.user = add, user
        self.people: list[_NewPerson] = []
        self.rows: dict[int, int] = {}  # id of a new person → the first row naming them
        self._by_key: dict[tuple, _NewPerson] = {}

    def person_for(self, row, v, unit) -> _NewPerson | None:
        if not unit.is_active:
            row.error(UNIT_CODE, _("The unit %(code)s has ended.") % {"code": unit.code})
            return None
        if self.user is not None and not access.can_edit_members_at(self.user, unit):
            row.error(UNIT_CODE, _(
                "Nobody named %(name)s is in the member registry, and you cannot add members to %(code)s: ask whoever keeps its members to add them first."
            ) % {"name": v["name"], "code": unit.code})
            return None
        key = ("id", v["citizen_id"]) if v["citizen_id"] else ("name", fold(v["name"]), v["born"], unit.pk)
        person = self._by_key.get(key)
        if person is None:
            person = self._by_key[key] = _NewPerson(v["name"], v["born"], v["citizen_id"], unit)
            self.people.append(person)
            self.rows[id(person)] = row.number
        elif fold(person.full_name) != fold(v["name"]) or person.unit.pk != unit.pk or (v["born"] and person.born and v["born"] != person.born):
            row.error(CITIZEN_ID, _("Citizen ID %(id)s is also on row %(row)s, for another person.") % {"id": v["citizen_id"], "row": self.rows[id(person)]})
            return None
        return person

    def preview(self, report: ImportReport) -> None:
        """The people to add, row by row in the preview (the first CHANGES_KEPT), and one note counting them."""
        if not self.people:
            return
        for person in self.people[:CHANGES_KEPT]:
            report.changes.append(RowChanges(self.rows[id(person)], _("%(name)s (will be added to the registry)") % {"name": person.full_name}, [
                (UNIT_CODE, "—", f"{person.unit.code} – {person.unit.name}"),
                (BIRTH, "—", person.born.strftime("%d/%m/%Y") if person.born else "—"),
                (CITIZEN_ID, "—", person.citizen_id or "—"),
            ]))
        report.notes.append(RowError(self.rows[id(self.people[0])], FULL_NAME, ngettext(
            "%(count)s person named in the file is not in the member registry: they will be added to it, in the unit of their row, with the file's name, date of birth and citizen ID (sex and category to complete on their page).",
            "%(count)s people named in the file are not in the member registry: they will be added to it, each in the unit of their row, with the file's name, date of birth and citizen ID (sex and category to complete on their pages).",
            len(self.people),
        ) % {"count": len(self.people)}))


def _match_person(row, v, unit, registry: Registry, missing: _Missing):
    """(person id, name, None, their unit path now) of the registry's person for the row, as the members import
    matches them; (None, name, a person to add, their path) when nobody matches and the import adds them; an
    error when none or several."""
    person = registry.holder(v["citizen_id"])
    if person is not None:
        if fold(person.full_name) != fold(v["name"]):
            row.error(CITIZEN_ID, _("Citizen ID %(id)s belongs to %(name)s, not to %(row_name)s.") % {"id": v["citizen_id"], "name": person.full_name, "row_name": v["name"]})
            return None, "", None, ""
        return person.pk, person.full_name, None, person.unit_path
    candidates = registry.candidates(v["name"], v["born"], unit.pk, v["citizen_id"])
    if not candidates and v["born"] is None:
        candidates = registry.candidates_any_birth(v["name"], unit.pk, v["citizen_id"])
    if len(candidates) > 1:
        row.error(FULL_NAME, _("%(count)s members of %(unit)s have this name and date of birth: add the citizen ID.") % {"count": len(candidates), "unit": unit.code})
        return None, "", None, ""
    if candidates:
        return candidates[0].pk, candidates[0].full_name, None, candidates[0].unit_path
    if missing.add:
        new_person = missing.person_for(row, v, unit)
        return None, v["name"], new_person, Person.derived_fields(unit=unit)["unit_path"]
    if v["citizen_id"]:
        row.error(CITIZEN_ID, _("Nobody in the member registry has citizen ID %(id)s: import the member first (Import members).") % {"id": v["citizen_id"]})
    else:
        born = v["born"].strftime("%d/%m/%Y") if v["born"] else "—"
        row.error(FULL_NAME, _(
            "Nobody named %(name)s (born %(born)s) in %(unit)s in the member registry: import the member first (Import members), or add the citizen ID."
        ) % {"name": v["name"], "born": born, "unit": unit.code})
    return None, "", None, ""


def _apply(plan: dict, user, steps: Progress, rows: int) -> None:
    """The new people, the new decisions (bulk_create: their ids are needed), then the awards streamed
    in (portal.bulk: COPY on PostgreSQL), in the transaction of the check."""
    new: list[_AwardRow] = plan.get("new", [])
    existing: dict[tuple, Decision] = plan["existing"]
    people: list[_NewPerson] = plan.get("people", [])
    now = timezone.now()
    if people:
        category = _default_category()
        created = Person.objects.bulk_create([
            Person(full_name=p.full_name, sex="", date_of_birth=p.born, citizen_id=p.citizen_id, unit=p.unit, category=category,
                   **Person.derived_fields(full_name=p.full_name, unit=p.unit))
            for p in people
        ], batch_size=BATCH)
        for person, row in zip(people, created):
            person.pk = row.pk
    decisions = dict(existing)
    to_create = {}
    for item in new:
        if item.decision_key not in decisions and item.decision_key not in to_create:
            issuing_unit_id, number, year = item.decision_key
            to_create[item.decision_key] = Decision(
                issuing_unit_id=issuing_unit_id, number=number, symbol=item.symbol, year=year, decided_on=item.decided_on,
                state=DecisionState.ISSUED, source=Source.IMPORT, created_by=user, issued_by=user, issued_at=now,
            )
    created = Decision.objects.bulk_create(list(to_create.values()), batch_size=BATCH)
    if created and created[0].pk is None:  # a backend that returns no ids: read them back
        for key, decision in to_create.items():
            decision.pk = Decision.objects.get(issuing_unit_id=key[0], number=key[1], year=key[2], issuer_name="").pk
    decisions.update(to_create)
    order: dict[int, int] = {}

    def awards():
        for item in new:
            decision_id = decisions[item.decision_key].pk
            order[decision_id] = order.get(decision_id, 0) + 1
            person_id = item.person_id if item.new_person is None else item.new_person.pk
            yield {
                "decision_id": decision_id, "person_id": person_id, "collective_id": item.collective.pk if item.collective else None,
                "unit_id": item.unit.pk, "awardee_path": item.awardee_path, "awardee_name": item.name, "unit_name": item.unit.name if person_id else "",
                "form_id": item.form.pk, "award_type_id": item.award_type.pk, "year": item.year, "prize_amount": 0,
                "order": order[decision_id], "token": new_token(),
            }

    insert_rows(Award, awards(), progress=lambda done: steps.at(rows + done))
    # Where the decisions reach, with their new awards (awards.decision_areas): one grouped read of them.
    decision_areas.refresh(decisions[item.decision_key].pk for item in new)
    steps.at(rows * 2)


def _default_category():
    """The category a person added by the awards import starts with (the file does not say): the direct
    workers' (most members), to be completed on their page."""
    return EmployeeCategory.objects.filter(is_direct_worker=True).order_by("order", "pk").first() or EmployeeCategory.objects.order_by("order", "pk").first()


def template_workbook() -> bytes:
    """The .xlsx to fill in: the header row, one example row, and a "Hướng dẫn" sheet of the forms and
    types with the other ways they may be written."""
    import io

    import openpyxl
    from openpyxl.styles import Font

    from portal.xlsx import append_row

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Khen thưởng"
    append_row(sheet, AWARD_COLUMNS)
    append_row(sheet, ["Lò Văn Mẫu", datetime.date(1985, 3, 7), "011085001234", "CDCS-MAU", "Chiến sĩ thi đua cơ sở", "Tổng kết năm", 2024, "15/QĐ-CĐ", datetime.date(2024, 12, 20), "CDCS-MAU"])
    bold = Font(bold=True)
    for cell, width in zip(sheet[1], [28, 13, 16, 16, 34, 22, 8, 18, 16, 24]):
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = width
    for column in (2, 9):
        sheet.cell(row=2, column=column).number_format = "DD/MM/YYYY"
    for cells in sheet.iter_cols(min_col=3, max_col=3, min_row=2, max_row=500):
        for cell in cells:
            cell.number_format = "@"
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 100
    guide.column_dimensions["B"].width = 80
    lines = [
        [_("How to fill in")],
        [_("Keep the header row as it is; one award per row from row 2. Delete the example row.")],
        [_("A person is found in the member registry by citizen ID, else by name, date of birth and unit: import the members first.")],
        [_("Someone the registry does not hold yet may also be added by the import: tick “Add the people the member registry does not hold to it” when uploading.")],
        [_("For an award to a unit itself (a collective form), leave the name, date of birth and citizen ID empty.")],
        [_("Rows with the same issuing unit, decision number and date make one decision; the same number with another date is an error.")],
        [_("Dates are written dd/mm/yyyy. Importing the same file again adds nothing.")],
        [],
        [FORM],
        *[[form.name, _("also written: %(aliases)s") % {"aliases": "; ".join(form.aliases.splitlines())} if form.aliases else ""] for form in AwardForm.objects.all()],
        [],
        [TYPE],
        *[[kind.name, _("also written: %(aliases)s") % {"aliases": "; ".join(kind.aliases.splitlines())} if kind.aliases else ""] for kind in AwardType.objects.filter(is_employer_award=False)],
    ]
    for line in lines:
        append_row(guide, line)
    for row in guide.iter_rows(min_row=1, max_row=guide.max_row):
        if row[0].value in (_("How to fill in"), FORM, TYPE):
            row[0].font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
