"""Excel import of units and members: read every row, check them all, then apply all or nothing.

The web pages, the management commands and the tests call the same two functions, `import_units`
and `import_people`. With `commit=False` they only check and count (the preview); with
`commit=True` they check again and apply inside one transaction, so a file with one bad row
changes nothing. Units go through `services` (tree paths and history); members are bulk-written,
because member files run to tens of thousands of rows.

A blank optional cell never erases what the portal already holds: files exported from other
systems are often incomplete, and an import should not wipe data typed in by hand.
"""

import datetime
import functools
import io
import json
import re
import time
import unicodedata
from collections import namedtuple
from dataclasses import dataclass, field

import openpyxl
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from portal.xlsx import append_row
from units import access, membership, services
from units.models import CatalogueAlias, ChangeRecord, EmployeeCategory, Person, Sector, Sex, Unit, UnitType, UnitYearStats
from units.signals import send_tree_changed
from units.text import fold, match_key, search_text_of

UNIT_CODE, UNIT_NAME, UNIT_TYPE, PARENT_CODE, SECTOR, FOUNDED, MEMBERS, WORKERS, WOMEN = UNIT_COLUMNS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại đơn vị",
    "Mã đơn vị cấp trên",
    "Khu vực",
    "Ngày thành lập",
    "Số đoàn viên",
    "Số CNVCLĐ",
    "Số nữ",
]
FULL_NAME, SEX, BIRTH, ETHNICITY, CITIZEN_ID, MEMBER_UNIT, JOB, CATEGORY, UNION_POST, EMULATION = PEOPLE_COLUMNS = [
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Dân tộc",
    "Số CCCD",
    "Mã đơn vị",
    "Chức vụ",
    "Đối tượng",
    "Chức vụ công đoàn",
    "Làm công tác TĐKT",
]

# SQLite refuses statements with more than 999 parameters.
CHUNK = 900
BATCH = 1000

SEXES = {"nam": "M", "nu": "F"}
YES_NO = {"co": True, "x": True, "khong": False}
DAY_PATTERN = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
# Catalogue cells repeat the same few values on every row; fold each distinct value once.
_key_cached = functools.lru_cache(maxsize=4096)(match_key)
# The preview lists what each updating row changes; a 100,000-row file may update them all, so the
# report keeps the first ones (and every row ticked as a correction) and counts the rest.
CHANGES_KEPT = 2000


class BadFile(Exception):
    """The file is not a workbook openpyxl can read."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    # A citizen ID that belongs to someone of another name or birth date: the user may tick the row
    # as a correction of that person's details, and check again.
    correctable: bool = False


@dataclass(frozen=True)
class RowChanges:
    row: int
    name: str  # the member as the portal knows them now
    changes: list[tuple[str, str, str]]  # (column, old, new), readable
    correction: bool = False


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    notes: list[RowError] = field(default_factory=list)  # worth knowing, not blocking
    changes: list["RowChanges"] = field(default_factory=list)  # what updating rows change (the first CHANGES_KEPT)
    applied: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Abort(Exception):
    """A service refused a change while applying: roll everything back and report the row."""

    def __init__(self, error: RowError):
        self.error = error


# Reading -----------------------------------------------------------------------------------------


def open_workbook(source, *, data_only=True):
    """Open `source` (a path or a binary file) read-only; raise BadFile if it is no .xlsx workbook."""
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        return openpyxl.load_workbook(source, read_only=True, data_only=data_only)
    except Exception as exc:  # zip, XML and openpyxl errors all mean the same to the user
        raise BadFile(_("The file is not an Excel workbook (.xlsx).")) from exc


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _read(source, columns: list[str], report: ImportReport) -> list[tuple[int, tuple, tuple]]:
    """The non-blank data rows as (Excel row number, values, indexes of formula cells), or [] after
    reporting a bad header.

    Formulas are not read: the workbook is opened as written (not data_only), so a formula cell
    shows as one rather than as its cached value, which a file saved by another program may not
    hold (it then read as an empty cell). Reading cells instead of bare values costs about 8% of the
    reading time and no memory (rows stream)."""
    workbook = open_workbook(source, data_only=False)
    try:
        sheet = workbook.worksheets[0]
        # Some writers store a wrong sheet size; without this, read-only mode would cut rows short.
        sheet.reset_dimensions()
        lines = sheet.iter_rows()
        header = next(lines, ())
        error = _header_error([_text(cell.value) for cell in header], columns)
        if error:
            report.errors.append(error)
            return []
        width = len(columns)
        rows = []
        for number, cells in enumerate(lines, start=2):
            cells = cells[:width]
            values = (tuple(cell.value for cell in cells) + (None,) * width)[:width]
            if any(_text(v) for v in values):
                rows.append((number, values, tuple(i for i, cell in enumerate(cells) if cell.data_type == "f")))
    except BadFile:
        raise
    except Exception as exc:
        raise BadFile(_("The file is not an Excel workbook (.xlsx).")) from exc
    finally:
        workbook.close()
    report.rows = len(rows)
    if not rows:
        report.errors.append(RowError(2, "", _("The file has no data rows.")))
    return rows


def _header_error(found: list[str], expected: list[str]) -> RowError | None:
    while found and not found[-1]:
        found.pop()
    found_keys, expected_keys = [fold(h) for h in found], [fold(h) for h in expected]
    if found_keys == expected_keys:
        return None
    problems = []
    missing = [h for h in expected if fold(h) not in found_keys]
    unknown = [h or "?" for h in found if fold(h) not in expected_keys]
    if missing:
        problems.append(_("missing: %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        problems.append(_("unknown: %(columns)s") % {"columns": ", ".join(unknown)})
    if not problems:
        problems.append(_("the columns are not in the template's order"))
    return RowError(
        1,
        "",
        _("The header row does not match the template (%(problems)s). Expected: %(expected)s.")
        % {"problems": "; ".join(problems), "expected": ", ".join(expected)},
    )


class _Row:
    """One data row; its readers record a RowError for every bad cell and return None for it."""

    __slots__ = ("number", "cells", "errors", "bad", "formulas")

    def __init__(self, number: int, values: tuple, columns: list[str], errors: list[RowError], formulas: tuple = ()):
        self.number = number
        self.cells = dict(zip(columns, values))
        self.errors = errors
        self.bad = False
        self.formulas = {columns[i] for i in formulas}
        for column in self.formulas:
            self.error(column, _("This cell holds a formula; the import does not read formulas. Copy the column and paste it back as values only (Paste Special → Values), then upload the file again."))
            self.cells[column] = None  # reported once, not again as an empty cell

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))
        self.bad = True

    def text(self, column: str, *, required=False, max_length=None) -> str:
        value = _text(self.cells[column])
        if required and not value and column not in self.formulas:
            self.error(column, _("A value is required."))
        elif max_length and len(value) > max_length:
            self.error(column, _("Longer than %(max)s characters.") % {"max": max_length})
            return ""
        return value

    def lookup(self, column: str, options: dict, message: str, *, required=False):
        value = self.text(column, required=required)
        if not value:
            return None
        found = options.get(_key_cached(value))
        if found is None:
            self.error(column, message % {"value": value})
        return found

    def date(self, column: str) -> datetime.date | None:
        value = self.cells[column]
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        else:
            text = _text(value)
            if not text:
                return None
            if not isinstance(value, str) or not DAY_PATTERN.match(text):
                self.error(column, _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": text})
                return None
            try:
                day = datetime.datetime.strptime(text, "%d/%m/%Y").date()
            except ValueError:
                self.error(column, _("%(value)s is not a real date.") % {"value": text})
                return None
        if day > timezone.localdate():
            self.error(column, _("%(value)s is in the future.") % {"value": day.strftime("%d/%m/%Y")})
            return None
        return day

    def count(self, column: str) -> int | None:
        value = self.cells[column]
        text = _text(value)
        if not text:
            return None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and re.fullmatch(r"-?\d+", text):
            number = int(text)
        else:
            number = None
        if number is None:
            self.error(column, _("“%(value)s” is not a whole number.") % {"value": text})
        elif number < 0:
            self.error(column, _("%(value)s is negative.") % {"value": number})
            return None
        return number

    def citizen_id(self, column: str) -> str | None:
        value = self.cells[column]
        # Excel turns a typed 012345678901 into the number 12345678901: put the zero back.
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**12:
            return f"{value:012d}"
        text = _text(value)
        if not text:
            return None
        if not (isinstance(value, str) and re.fullmatch(r"\d{12}", text)):
            self.error(column, _("“%(value)s” is not a 12-digit citizen ID.") % {"value": text})
            return None
        return text


def _catalogue_options(*catalogues: str) -> dict[str, dict]:
    """For each catalogue, the match key of every accepted spelling → what the import stores: names,
    short names and codes first, then the aliases of the admin (an alias never hides a name)."""
    aliases: dict[str, list] = {}
    for catalogue, target, key in CatalogueAlias.objects.filter(catalogue__in=catalogues).values_list("catalogue", "target", "key"):
        aliases.setdefault(catalogue, []).append((target, key))
    options = {}
    for catalogue in catalogues:
        entries = CatalogueAlias.entries(catalogue)
        found = options[catalogue] = {}
        for entry in entries:
            for name in entry.names:
                if name:
                    found.setdefault(match_key(name), entry.value)
        by_target = {entry.target: entry.value for entry in entries}
        for target, key in aliases.get(catalogue, ()):
            if target in by_target:
                found.setdefault(key, by_target[target])
    return options


def _fetch(queryset, lookup: str, values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield from queryset.filter(**{f"{lookup}__in": values[start : start + CHUNK]})


MAX_ROW = 1_048_576  # the last row of an Excel sheet: no row number a user sends can be larger


class _Progress:
    """Tells the caller (a background job's page) how far the import got: the rows checked, then, when
    applying, the rows written, so `total` is the rows once for a check and twice for an import."""

    EVERY = 1000

    def __init__(self, callback, rows: int, commit: bool):
        self.callback, self.total = callback, rows * (2 if commit else 1)

    def at(self, done: int) -> None:
        if self.callback and (done % self.EVERY == 0 or done == self.total):
            self.callback(done, self.total)


def _run(plan, apply, report: ImportReport, commit: bool) -> None:
    """Check, then apply only if every row is good; all in one transaction, so a refusal undoes it all."""
    try:
        with transaction.atomic():
            work = plan()
            if commit and report.ok:
                apply(work)
                report.applied = True
    except _Abort as abort:
        report.errors.append(abort.error)


# Units -------------------------------------------------------------------------------------------


@dataclass
class _UnitRow:
    row: _Row
    code: str
    name: str
    unit_type: UnitType | None
    parent_code: str
    sector: str | None
    active_from: datetime.date | None
    counts: list[int | None]
    unit: Unit | None = None
    changes: dict = field(default_factory=dict)
    moves: bool = False
    stats: UnitYearStats | None = None


def import_units(source, *, user, year: int | None = None, commit: bool = True, progress=None) -> ImportReport:
    """Check (and with `commit`, apply) a units file. With `user`, every unit must be in their reach.
    `progress(done, total)`, if given, is told how far it got (a background job's page shows it)."""
    report = ImportReport()
    started = time.monotonic()
    rows = _read(source, UNIT_COLUMNS, report)
    year = year or timezone.localdate().year
    if rows:
        steps = _Progress(progress, len(rows), commit)
        _run(lambda: _plan_units(rows, user, year, report, steps), lambda plan: _apply_units(plan, user, steps), report, commit)
    report.seconds = time.monotonic() - started
    return report


def _plan_units(rows, user, year: int, report: ImportReport, steps: _Progress) -> list[_UnitRow]:
    options = _catalogue_options(CatalogueAlias.Catalogue.UNIT_TYPE, CatalogueAlias.Catalogue.SECTOR)
    types, sectors = options[CatalogueAlias.Catalogue.UNIT_TYPE], options[CatalogueAlias.Catalogue.SECTOR]
    items: list[_UnitRow] = []
    in_file: dict[str, _UnitRow] = {}
    for done, (number, values, formulas) in enumerate(rows, start=1):
        steps.at(done)
        row = _Row(number, values, UNIT_COLUMNS, report.errors, formulas)
        item = _UnitRow(
            row=row,
            code=row.text(UNIT_CODE, required=True, max_length=40),
            name=row.text(UNIT_NAME, required=True, max_length=255),
            unit_type=row.lookup(UNIT_TYPE, types, _("Unknown unit type “%(value)s”."), required=True),
            parent_code=row.text(PARENT_CODE, max_length=40),
            sector=row.lookup(SECTOR, sectors, _("Unknown sector “%(value)s”.")),
            active_from=row.date(FOUNDED),
            counts=[row.count(column) for column in (MEMBERS, WORKERS, WOMEN)],
        )
        if item.code in in_file:
            row.error(UNIT_CODE, _("Unit code %(code)s is also on row %(row)s.") % {"code": item.code, "row": in_file[item.code].row.number})
        elif item.code:
            in_file[item.code] = item
        items.append(item)

    codes = set(in_file) | {item.parent_code for item in items if item.parent_code}
    existing = {unit.code: unit for unit in _fetch(Unit.objects.order_by(), "code", codes)}
    reachable = {code for code, unit in existing.items() if user is None or access.unit_in_reach(user, unit)}
    stats = {
        s.unit_id: s
        for s in _fetch(UnitYearStats.objects.filter(year=year), "unit_id", [existing[c].pk for c in in_file if c in existing])
    }

    for item in items:
        if not item.code:
            continue
        row = item.row
        item.unit = existing.get(item.code)
        if item.unit is not None and item.code not in reachable:
            row.error(UNIT_CODE, _("Unit code %(code)s is already used outside your area.") % {"code": item.code})
            continue
        parent = None
        if item.parent_code and item.parent_code not in in_file:
            parent = existing.get(item.parent_code)
            if parent is None or item.parent_code not in reachable:
                message = (
                    _("Unknown parent unit code “%(code)s”: it is neither in the file nor in the portal.")
                    if access.reaches_whole_tree(user)
                    else _("Unknown parent unit code “%(code)s”: it is neither in the file nor among the units of your area.")
                )
                row.error(PARENT_CODE, message % {"code": item.parent_code})
                parent = None
            elif not parent.is_active:
                row.error(PARENT_CODE, _("The parent unit %(code)s has ended.") % {"code": item.parent_code})
        elif not item.parent_code:
            if item.unit is None and user is not None and not access.can_add_top_unit(user):
                row.error(PARENT_CODE, _("A value is required."))
            elif item.unit is not None and item.unit.parent_id is not None:
                row.error(PARENT_CODE, _("A value is required: the unit is not at the top of the tree."))
        _diff_unit(item, parent, existing, stats.get(item.unit.pk) if item.unit else None, year)

    order = _parents_first(in_file, existing)
    for item in items:
        if item.row.bad:
            continue
        if item.unit is None:
            report.created += 1
        elif item.changes or item.moves or item.stats:
            report.updated += 1
        else:
            report.unchanged += 1
    return [in_file[code] for code in order]


def _diff_unit(item: _UnitRow, parent: Unit | None, existing: dict, stats: UnitYearStats | None, year: int) -> None:
    """What applying the row would change, kept on the item; reports counts that cannot be right."""
    row, unit = item.row, item.unit
    if unit is not None:
        wanted = {
            "name": item.name,
            "unit_type_id": item.unit_type.pk if item.unit_type else None,
            "sector": item.sector,
            "active_from": item.active_from,
        }
        item.changes = {key: value for key, value in wanted.items() if value is not None and value != getattr(unit, key)}
        if item.parent_code:
            new_parent = parent or existing.get(item.parent_code)
            item.moves = new_parent is None or new_parent.pk != unit.parent_id
        if (item.changes or item.moves) and not unit.is_active:
            row.error(UNIT_CODE, _("Unit %(code)s has ended and cannot be changed.") % {"code": item.code})
    if any(count is not None for count in item.counts):
        current = [stats.members, stats.workers, stats.women] if stats else [0, 0, 0]
        members, workers, women = [new if new is not None else old for new, old in zip(item.counts, current)]
        if women > workers:
            row.error(WOMEN, _("%(women)s women is more than the %(workers)s workers.") % {"women": women, "workers": workers})
        elif stats is None:
            item.stats = UnitYearStats(year=year, members=members, workers=workers, women=women)
        elif [members, workers, women] != current:
            stats.members, stats.workers, stats.women = members, workers, women
            item.stats = stats


def _parents_first(in_file: dict[str, _UnitRow], existing: dict[str, Unit]) -> list[str]:
    """The file's codes with every unit after the units it will sit under; reports parent cycles.

    A unit's next placed ancestor is its parent if the file places that parent; otherwise the
    nearest unit above that parent, in the current tree, that the file places (it moves with it).
    """
    placed_paths = {existing[code].path: code for code in in_file if code in existing}

    def next_placed(code: str) -> str | None:
        if code in in_file:
            return code
        unit = existing.get(code)
        if unit is None:
            return None
        for end in range(len(unit.path) - Unit.steplen, 0, -Unit.steplen):
            if unit.path[:end] in placed_paths:
                return placed_paths[unit.path[:end]]
        return None

    above = {code: next_placed(item.parent_code) if item.parent_code else None for code, item in in_file.items()}
    order, state = [], {}
    for start in in_file:
        chain, code = [], start
        while code is not None and code not in state:
            state[code] = "open"
            chain.append(code)
            code = above[code]
        if code is not None and state[code] == "open":
            loop = chain[chain.index(code) :]
            text = " → ".join([*loop, loop[0]])
            for member in loop:
                in_file[member].row.error(PARENT_CODE, _("The parents form a loop: %(loop)s.") % {"loop": text})
        for code in reversed(chain):
            state[code] = "done"
            order.append(code)
    return order


def _apply_units(plan: list[_UnitRow], user, steps: _Progress) -> None:
    today = timezone.localdate()
    placed: dict[str, Unit] = {}
    new_stats, changed_stats = [], []
    for done, item in enumerate(plan, start=len(plan) + 1):
        steps.at(done)
        parent = None
        if item.parent_code:
            parent = placed.get(item.parent_code) or Unit.objects.get(code=item.parent_code)
        try:
            if item.unit is None:
                unit = Unit(
                    code=item.code,
                    name=item.name,
                    unit_type=item.unit_type,
                    sector=item.sector or Sector.OTHER,
                    active_from=item.active_from,
                )
                unit = services.unit_create(unit=unit, parent=parent, by=user)
            else:
                unit = item.unit
                if item.changes:
                    unit = services.unit_update(unit=unit, changes=item.changes, by=user)
                if item.moves:
                    unit = services.unit_move(unit=unit, new_parent=parent, effective_on=today, by=user)
        except ValidationError as exc:
            raise _Abort(RowError(item.row.number, PARENT_CODE, " ".join(exc.messages))) from exc
        placed[item.code] = unit
        if item.stats is not None:
            if item.stats.pk is None:
                item.stats.unit = unit
                new_stats.append(item.stats)
            else:
                changed_stats.append(item.stats)
    # Read the counts being replaced under lock, so the dated rows say what was really there.
    before = {
        stats.pk: [stats.members, stats.workers, stats.women]
        for stats in _fetch(UnitYearStats.objects.select_for_update().order_by(), "pk", [s.pk for s in changed_stats])
    }
    UnitYearStats.objects.bulk_create(new_stats, batch_size=BATCH)
    UnitYearStats.objects.bulk_update(changed_stats, ["members", "workers", "women"], batch_size=BATCH)
    send_tree_changed(*(stats.unit_id for stats in [*new_stats, *changed_stats]))
    ChangeRecord.objects.bulk_create(
        [
            ChangeRecord(
                kind=ChangeRecord.Kind.COUNTS_SAVED, unit_id=stats.unit_id, recorded_by=user,
                details=services.counts_details(stats.year, before.get(stats.pk), [stats.members, stats.workers, stats.women]),
            )
            for stats in [*new_stats, *changed_stats]
        ],
        batch_size=BATCH,
    )


# Members -----------------------------------------------------------------------------------------


# The fields an import compares or writes. Existing members are read as plain tuples of these,
# not model instances: a file's units may already hold a hundred thousand members.
_KNOWN_FIELDS = (
    "pk", "full_name", "sex", "date_of_birth", "ethnicity_id", "citizen_id", "unit_id", "unit_path",
    "job_title", "category_id", "union_post", "works_on_emulation", "left_on",
)
_Known = namedtuple("_Known", _KNOWN_FIELDS)


class Registry:
    """The people of the member registry a file may name, and the one rule by which a row names one of
    them (the members import's, which the awards import follows): the person who holds the row's
    citizen ID; else those of the same name, date of birth and unit, and, when the row has a citizen
    ID the portal does not know, only those without one (a new citizen ID can only complete a record
    that has none). Names compare folded (accents, case and spacing aside).

    Read in bulk, a few queries per chunk of rows and never everyone in a unit: by citizen ID, and by
    (unit, folded name, date of birth) (`search_text`, which folding equal names share, then the exact
    rule in Python), so a file of any size over units of any size reads only the people it names."""

    def __init__(self, people):
        self.by_citizen_id: dict[str, _Known] = {}
        self.by_key: dict[tuple, list[_Known]] = {}
        self.add(people)

    def add(self, people) -> None:
        for person in people:
            if person.citizen_id:
                self.by_citizen_id[person.citizen_id] = person
            self.by_key.setdefault((fold(person.full_name), person.date_of_birth, person.unit_id), []).append(person)

    @classmethod
    def read(cls, wanted) -> "Registry":
        """`wanted`: (citizen ID or None, full name, date of birth or None, unit id or None) of each row."""
        citizen_ids, triples = set(), set()
        for citizen_id, full_name, born, unit_id in wanted:
            if citizen_id:
                citizen_ids.add(citizen_id)
            if full_name and unit_id is not None:
                triples.add((unit_id, search_text_of(full_name), born))
        queryset = Person.objects.order_by().values_list(*_KNOWN_FIELDS)
        people: dict[int, _Known] = {}
        size = _big_chunk()
        citizen_ids = sorted(citizen_ids)
        for start in range(0, len(citizen_ids), size):
            for person in map(_Known._make, queryset.filter(citizen_id__in=citizen_ids[start : start + size])):
                people[person.pk] = person
        for person in map(_Known._make, _named(queryset, sorted(triples, key=lambda t: (t[0], t[1], t[2] or NO_BIRTH)))):
            people.setdefault(person.pk, person)
        return cls(people.values())

    def holder(self, citizen_id: str | None) -> _Known | None:
        return self.by_citizen_id.get(citizen_id) if citizen_id else None

    def candidates(self, full_name: str, born, unit_id, citizen_id: str | None) -> list[_Known]:
        """Who a row names when nobody holds its citizen ID."""
        return [p for p in self.by_key.get((fold(full_name), born, unit_id), []) if not citizen_id or not p.citizen_id]


def _big_chunk() -> int:
    # PostgreSQL takes tens of thousands of parameters in a statement; SQLite at most 999.
    return 10_000 if connection.vendor == "postgresql" else CHUNK


# The (unit, name, date of birth) triples go in as a few parameters (PostgreSQL arrays, SQLite a JSON
# list), so a chunk of them is one query on both (SQLite refuses more than 999 parameters). Django has
# no public tuple lookup. A missing date of birth is matched as NO_BIRTH: the rule pairs it with none.
NO_BIRTH = datetime.date(1, 1, 1)
_TRIPLES_IN = {
    "postgresql": ('("units_person"."unit_id", "units_person"."search_text", COALESCE("units_person"."date_of_birth", %s)) IN '
                   "(SELECT * FROM unnest(%s::bigint[], %s::text[], %s::date[]))", True),
    "sqlite": ('("units_person"."unit_id", "units_person"."search_text", COALESCE("units_person"."date_of_birth", %s)) IN '
               "(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]') FROM json_each(%s))", False),
}
TRIPLES_CHUNK = 10_000


def _named(queryset, triples: list[tuple[int, str, datetime.date | None]]):
    """The people of `queryset` whose unit, search_text and date of birth are one of `triples`: exactly
    those, not everyone of a common name in the unit."""
    where, as_arrays = _TRIPLES_IN[connection.vendor]
    for start in range(0, len(triples), TRIPLES_CHUNK):
        chunk = [(unit_id, name, born or NO_BIRTH) for unit_id, name, born in triples[start : start + TRIPLES_CHUNK]]
        if as_arrays:
            params = [NO_BIRTH, [t[0] for t in chunk], [t[1] for t in chunk], [t[2] for t in chunk]]
        else:
            params = [NO_BIRTH.isoformat(), json.dumps([(unit_id, name, born.isoformat()) for unit_id, name, born in chunk])]
        yield from queryset.extra(where=[where], params=params)


@dataclass
class _PersonRow:
    row: _Row
    values: dict
    unit: Unit | None
    person: _Known | None = None
    changes: dict = field(default_factory=dict)


def import_people(source, *, user, commit: bool = True, corrections=frozenset(), progress=None) -> ImportReport:
    """Check (and with `commit`, apply) a members file. With `user`, every unit must be theirs to edit.

    A row whose citizen ID belongs to a member of another name or date of birth is refused (a typo in
    one digit would rename someone else) unless its row number is in `corrections`: the user said
    the row corrects that member's details. `progress(done, total)`: as for import_units."""
    report = ImportReport()
    started = time.monotonic()
    rows = _read(source, PEOPLE_COLUMNS, report)
    corrections = frozenset(corrections)
    if rows:
        steps = _Progress(progress, len(rows), commit)
        _run(lambda: _plan_people(rows, user, report, steps, corrections), lambda plan: _apply_people(plan, user, steps), report, commit)
    report.seconds = time.monotonic() - started
    return report


def _plan_people(rows, user, report: ImportReport, steps: _Progress, corrections: frozenset = frozenset()) -> list[_PersonRow]:
    options = _catalogue_options(CatalogueAlias.Catalogue.CATEGORY, CatalogueAlias.Catalogue.ETHNICITY)
    categories, ethnicities = options[CatalogueAlias.Catalogue.CATEGORY], options[CatalogueAlias.Catalogue.ETHNICITY]
    parsed = []
    for done, (number, values, formulas) in enumerate(rows, start=1):
        steps.at(done)
        row = _Row(number, values, PEOPLE_COLUMNS, report.errors, formulas)
        parsed.append(
            (
                row,
                {
                    "full_name": row.text(FULL_NAME, required=True, max_length=150),
                    "sex": row.lookup(SEX, SEXES, _("“%(value)s” is not a sex: write Nam or Nữ."), required=True),
                    "date_of_birth": row.date(BIRTH),
                    "ethnicity": row.lookup(ETHNICITY, ethnicities, _("Unknown ethnicity “%(value)s”.")),
                    "citizen_id": row.citizen_id(CITIZEN_ID),
                    "unit": row.text(MEMBER_UNIT, required=True, max_length=40),
                    "job_title": row.text(JOB, max_length=150),
                    "category": row.lookup(CATEGORY, categories, _("Unknown category “%(value)s”."), required=True),
                    "union_post": row.text(UNION_POST, max_length=150),
                    "works_on_emulation": row.lookup(EMULATION, YES_NO, _("“%(value)s” is not Có or Không.")),
                },
            )
        )
        row.cells = None  # read; a 100,000-row file should not be held twice
    rows.clear()

    units_qs = (Unit.objects.visible_to(user) if user is not None else Unit.objects).order_by().only("pk", "code", "name", "path", "active_until")
    units = {unit.code: unit for unit in _fetch(units_qs, "code", {values["unit"] for _, values in parsed if values["unit"]})}
    # Every person who may match (Registry). The unit path comes along so the reach of a transfer can
    # be checked without a query per row.
    registry = Registry.read(
        (values["citizen_id"], values["full_name"], values["date_of_birth"], units[values["unit"]].pk if values["unit"] in units else None)
        for _, values in parsed
    )

    plan, citizen_rows, key_rows, matched_rows = [], {}, {}, {}
    for row, values in parsed:
        unit = units.get(values["unit"])
        if values["unit"]:
            if unit is None:
                message = (
                    _("Unknown unit code “%(code)s”.")
                    if access.reaches_whole_tree(user)
                    else _("No unit with code “%(code)s” in your area.")
                )
                row.error(MEMBER_UNIT, message % {"code": values["unit"]})
            elif not unit.is_active:
                row.error(MEMBER_UNIT, _("The unit %(code)s has ended.") % {"code": unit.code})
            elif user is not None and not access.can_edit_members_at(user, unit):
                row.error(MEMBER_UNIT, _("You cannot edit the members of %(code)s.") % {"code": unit.code})
        citizen_id = values["citizen_id"]
        if citizen_id:
            if citizen_id in citizen_rows:
                row.error(CITIZEN_ID, _("Citizen ID %(id)s is also on row %(row)s.") % {"id": citizen_id, "row": citizen_rows[citizen_id]})
            else:
                citizen_rows[citizen_id] = row.number
        key = (fold(values["full_name"]), values["date_of_birth"], unit.pk if unit else values["unit"])
        earlier = key_rows.get(key)
        if earlier and not (citizen_id and earlier[1]):
            row.error(
                FULL_NAME,
                _("Same name, date of birth and unit as row %(row)s; add citizen IDs to tell them apart.") % {"row": earlier[0]},
            )
        key_rows.setdefault(key, (row.number, citizen_id))
        if row.bad:
            continue

        person = registry.holder(citizen_id)
        if person is not None:
            if user is not None and not access.can_edit_member(user, person):
                row.error(CITIZEN_ID, _("Citizen ID %(id)s belongs to a member you cannot edit.") % {"id": citizen_id})
                continue
            if _is_someone_else(person, values) and row.number not in corrections:
                born = person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else "—"
                report.errors.append(RowError(row.number, CITIZEN_ID, _(
                    "Citizen ID %(id)s already belongs to %(name)s (born %(born)s), whose name or date of birth differs "
                    "from this row: if the citizen ID is mistyped, correct it in the file; if this row corrects that "
                    "member's details, tick “This is a correction” on this row."
                ) % {"id": citizen_id, "name": person.full_name, "born": born}, correctable=True))
                row.bad = True
                continue
        else:
            candidates = registry.candidates(values["full_name"], values["date_of_birth"], unit.pk if unit else None, citizen_id)
            if len(candidates) > 1:
                row.error(
                    FULL_NAME,
                    _("%(count)s members already have this name, date of birth and unit; add the citizen ID.") % {"count": len(candidates)},
                )
                continue
            person = candidates[0] if candidates else None
        if person is not None:
            if person.pk in matched_rows:
                row.error(FULL_NAME, _("Same member as row %(row)s.") % {"row": matched_rows[person.pk]})
                continue
            matched_rows[person.pk] = row.number
            if person.left_on:
                report.notes.append(RowError(row.number, FULL_NAME, _(
                    "%(name)s left the union on %(day)s: the row updates their details and they stay among those "
                    "who left; if they are back, record it on their page."
                ) % {"name": person.full_name, "day": person.left_on.strftime("%d/%m/%Y")}))
        plan.append(_PersonRow(row=row, values={**values, "unit": unit}, unit=unit, person=person))

    kept = []
    for item in plan:
        if item.row.bad:
            continue
        if item.person is None:
            report.created += 1
            continue
        wanted = {
            "full_name": item.values["full_name"],
            "sex": item.values["sex"],
            "unit_id": item.unit.pk,
            "category_id": item.values["category"].pk,
            "date_of_birth": item.values["date_of_birth"],
            "ethnicity_id": item.values["ethnicity"].pk if item.values["ethnicity"] else None,
            "citizen_id": item.values["citizen_id"],
            "job_title": item.values["job_title"] or None,
            "union_post": item.values["union_post"] or None,
            "works_on_emulation": item.values["works_on_emulation"],
        }
        item.changes = {key: value for key, value in wanted.items() if value is not None and value != getattr(item.person, key)}
        if item.changes:
            report.updated += 1
            correction = item.row.number in corrections and _is_someone_else(item.person, item.values)
            if correction or len(kept) < CHANGES_KEPT:
                kept.append((item, correction))
        else:
            report.unchanged += 1
    report.changes = _readable_changes(kept, units, options)
    return plan


def _same_name(a: str, b: str) -> bool:
    # Accents count ("Hùng" and "Hưng" are two names); case and spacing do not.
    return " ".join(unicodedata.normalize("NFC", a).split()).casefold() == " ".join(unicodedata.normalize("NFC", b).split()).casefold()


def _is_someone_else(person: _Known, values: dict) -> bool:
    """Whether a row matched by citizen ID names another person than the portal holds under that ID."""
    born = values["date_of_birth"]
    return not _same_name(person.full_name, values["full_name"]) or (
        born is not None and person.date_of_birth is not None and born != person.date_of_birth
    )


_CHANGE_COLUMNS = {
    "full_name": FULL_NAME, "sex": SEX, "date_of_birth": BIRTH, "ethnicity_id": ETHNICITY, "citizen_id": CITIZEN_ID,
    "unit_id": MEMBER_UNIT, "job_title": JOB, "category_id": CATEGORY, "union_post": UNION_POST, "works_on_emulation": EMULATION,
}


def _readable_changes(kept: list[tuple[_PersonRow, bool]], units: dict, options: dict) -> list[RowChanges]:
    """What the kept updating rows change, as (column, old, new) the way a user reads them."""
    if not kept:
        return []
    units_by_pk = {unit.pk: unit for unit in units.values()}
    old_units = {item.person.unit_id for item, _correction in kept if "unit_id" in item.changes} - set(units_by_pk)
    units_by_pk.update({unit.pk: unit for unit in _fetch(Unit.objects.order_by().only("pk", "code", "name"), "pk", old_units)})
    names = {
        "category_id": {c.pk: str(c) for c in options[CatalogueAlias.Catalogue.CATEGORY].values()},
        "ethnicity_id": {e.pk: e.name for e in options[CatalogueAlias.Catalogue.ETHNICITY].values()},
        "unit_id": {pk: f"{unit.code} – {unit.name}" for pk, unit in units_by_pk.items()},
        "sex": {value: str(label) for value, label in Sex.choices},
        "works_on_emulation": {True: "Có", False: "Không"},
    }

    def readable(key, value):
        if value is None or value == "":
            return "—"
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        return names[key].get(value, str(value)) if key in names else str(value)

    return [
        RowChanges(
            item.row.number,
            item.person.full_name,
            [(_CHANGE_COLUMNS[key], readable(key, getattr(item.person, key)), readable(key, value)) for key, value in item.changes.items()],
            correction,
        )
        for item, correction in kept
    ]


def _apply_people(plan: list[_PersonRow], user, steps: _Progress) -> None:
    now = timezone.now()
    new, changed, fields, moves = [], [], set(), []
    # The members to update are locked and read again: someone may have saved one by hand since the
    # file was checked. The update and its history are made from these values, and each row's version
    # goes up, so a form opened before the import is refused rather than saved over it.
    updated = [item for item in plan if item.person is not None and item.changes]
    locked = {
        row[0]: row
        for row in _fetch(Person.objects.select_for_update().order_by("pk").values_list(*_KNOWN_FIELDS, "version"), "pk",
                          [item.person.pk for item in updated])
    }
    for done, item in enumerate(plan, start=len(plan) + 1):
        steps.at(done)
        if item.person is None:
            values = item.values
            new.append(
                Person(
                    full_name=values["full_name"],
                    sex=values["sex"],
                    date_of_birth=values["date_of_birth"],
                    ethnicity=values["ethnicity"],
                    citizen_id=values["citizen_id"],
                    unit=item.unit,
                    job_title=values["job_title"],
                    category=values["category"],
                    union_post=values["union_post"],
                    works_on_emulation=bool(values["works_on_emulation"]),
                    **Person.derived_fields(full_name=values["full_name"], unit=item.unit),
                )
            )
            # Model instances are heavy: write them a batch at a time to keep memory flat.
            if len(new) >= BATCH:
                Person.objects.bulk_create(new)
                new.clear()
        elif item.changes:
            *known, version = locked[item.person.pk]
            now_there = _Known._make(known)
            person = Person(**{"id" if key == "pk" else key: value for key, value in now_there._asdict().items()})
            for key, value in item.changes.items():
                setattr(person, key, value)
            if person.unit_id != now_there.unit_id:
                moves.append((person.pk, now_there.unit_id, person.unit_id))
            # The path from the row's new union, or the one it has now (read under the lock).
            derived = Person.derived_fields(full_name=person.full_name, unit=item.unit if "unit_id" in item.changes else None)
            person.unit_path = now_there.unit_path
            for key, value in derived.items():
                setattr(person, key, value)
            person.version = version + 1
            person.updated_at = now
            changed.append(person)
            fields.update(item.changes)
    Person.objects.bulk_create(new)
    if changed:
        # Every row is written from its locked values, so a field another row changes is not reset here.
        Person.objects.bulk_update(
            changed, sorted(fields | {"unit_path", "search_text", "version", "updated_at"}), batch_size=BATCH
        )
    membership.record_moves(moves, by=user)


# Template workbooks ------------------------------------------------------------------------------


def _guide_lines(catalogue: str) -> list[list[str]]:
    """One line per catalogue value: its name (and short name), then the other ways it may be written."""
    aliases: dict[str, list[str]] = {}
    for target, alias in CatalogueAlias.objects.filter(catalogue=catalogue).order_by("alias").values_list("target", "alias"):
        aliases.setdefault(target, []).append(alias)
    lines = []
    for entry in CatalogueAlias.entries(catalogue):
        short = getattr(entry.value, "short_name", "")
        line = [f"{short} ({entry.label})" if short else entry.label]
        if aliases.get(entry.target):
            line.append(_("also written: %(aliases)s") % {"aliases": "; ".join(aliases[entry.target])})
        lines.append(line)
    return lines


def template_workbook(kind: str) -> bytes:
    """The .xlsx users fill in: the header row, one example row, and a "Hướng dẫn" sheet of allowed values."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if kind == "units":
        sheet.title = "Đơn vị"
        columns = UNIT_COLUMNS
        example = ["CDCS-MAU", "Công đoàn cơ sở Trường Tiểu học Mẫu", "Công đoàn cơ sở", "DB", "Sự nghiệp", datetime.date(2015, 9, 1), 45, 52, 30]
        widths = [16, 45, 28, 20, 24, 16, 14, 14, 10]
        guide = [
            (_("How to fill in"), [
                _("Keep the header row as it is; one unit per row from row 2. Delete the example row."),
                _("Required: %(columns)s.") % {"columns": ", ".join([UNIT_CODE, UNIT_NAME, UNIT_TYPE])},
                _("The parent unit may be in the file (before or after its units) or already in the portal."),
                _("Dates are written dd/mm/yyyy. The counts are for the year chosen when importing."),
                _("A unit already in the portal is matched by its code and updated; blank cells leave its data as it is."),
                _("Write values, not formulas: formula cells are not read. Catalogue values may be written without accents, or in the short forms listed below."),
            ]),
            (UNIT_TYPE, _guide_lines(CatalogueAlias.Catalogue.UNIT_TYPE)),
            (SECTOR, _guide_lines(CatalogueAlias.Catalogue.SECTOR)),
        ]
    else:
        sheet.title = "Đoàn viên"
        columns = PEOPLE_COLUMNS
        category = EmployeeCategory.objects.filter(is_direct_worker=True).first() or EmployeeCategory.objects.first()
        example = [
            "Lò Văn Mẫu", "Nam", datetime.date(1985, 3, 7), "Thái", "011085001234", "CDCS-MAU",
            "Giáo viên", str(category) if category else "", "Tổ trưởng công đoàn", "Không",
        ]
        widths = [28, 10, 13, 12, 16, 16, 22, 40, 22, 18]
        guide = [
            (_("How to fill in"), [
                _("Keep the header row as it is; one member per row from row 2. Delete the example row."),
                _("Required: %(columns)s.") % {"columns": ", ".join([FULL_NAME, SEX, MEMBER_UNIT, CATEGORY])},
                _("%(sex)s: Nam or Nữ. %(emulation)s: Có or Không (blank means Không).") % {"sex": SEX, "emulation": EMULATION},
                _("Dates are written dd/mm/yyyy. The citizen ID has 12 digits; keep the column as text so leading zeros stay."),
                _("A member already in the portal is matched by citizen ID, else by name, date of birth and unit; blank cells leave their data as it is."),
                _("A citizen ID already held by a member of another name or date of birth is refused, unless you tick the row as a correction on the preview page."),
                _("Write values, not formulas: formula cells are not read. Catalogue values may be written without accents, or in the short forms listed below."),
            ]),
            (CATEGORY, _guide_lines(CatalogueAlias.Catalogue.CATEGORY)),
            (ETHNICITY, _guide_lines(CatalogueAlias.Catalogue.ETHNICITY)),
        ]
    bold = Font(bold=True)
    append_row(sheet, columns)
    append_row(sheet, example)
    for index, (cell, width) in enumerate(zip(sheet[1], widths), start=1):
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = width
        if isinstance(example[index - 1], datetime.date):
            sheet.cell(row=2, column=index).number_format = "DD/MM/YYYY"
    if kind != "units":
        for cells in sheet.iter_cols(min_col=5, max_col=5, min_row=2, max_row=500):
            for cell in cells:
                cell.number_format = "@"
    sheet.freeze_panes = "A2"

    help_sheet = workbook.create_sheet("Hướng dẫn")
    help_sheet.column_dimensions["A"].width = 100
    help_sheet.column_dimensions["B"].width = 80
    for title, lines in guide:
        append_row(help_sheet, [title])
        help_sheet.cell(row=help_sheet.max_row, column=1).font = bold
        for line in lines:
            append_row(help_sheet, line if isinstance(line, list) else [line])
        help_sheet.append([])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Shared with other apps' imports (awards.importing reads past awards the same way): the reading of
# the sheet with its header check, the row readers, the progress and the all-or-nothing run.
read_rows = _read
Row = _Row
Progress = _Progress
run_all_or_nothing = _run
fetch_in_chunks = _fetch
cell_text = _text
