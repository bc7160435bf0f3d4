"""The bloc's exports, read from blocs.ranking (nothing here recomputes a total or a rank):

- the scoring table as Excel: two header rows (each criteria group merged over its criteria, the bonus
  and penalty lines under their own heading), one row per member in ranking order, real numbers,
  frozen headers and unit column; every text cell through portal.xlsx;
- the ranking as a PDF in the administrative format, with the organiser as the issuing body (the
  heading, place and date and signature block of awards.documents).
"""

import datetime
import io
from dataclasses import dataclass, field

import openpyxl
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from awards.documents.content import MOTTO, board_for, place_for, unit_heading, upper, written_date
from awards.documents.pdf import html_to_pdf
from blocs import ranking, sheets
from blocs.models import Criterion
from portal.xlsx import set_value
from units.text import fold

Kind = Criterion.Kind
POINTS_FORMAT = "0.00"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


@dataclass(frozen=True)
class Column:
    """One column of the scoring table under a first-row heading (`over`), or standing alone."""

    heading: str  # second header row, or both rows when `over` is None
    over: str | None = None
    criterion: Criterion | None = None


def _columns(criteria: list[Criterion]) -> list[Column]:
    by_parent: dict[int, list[Criterion]] = {}
    for criterion in criteria:
        if criterion.parent_id:
            by_parent.setdefault(criterion.parent_id, []).append(criterion)
    columns = []
    for criterion in criteria:
        if criterion.kind == Kind.GROUP:
            items = by_parent.get(criterion.pk, [])
            group = f"{criterion.code}. {criterion.name} ({sheets._points(criterion.max_points)})"
            if items:
                columns += [Column(f"{item.code}. {item.name} ({sheets._points(item.max_points)})", group, item) for item in items]
            else:
                columns.append(Column(group, None, criterion))
    for kind, over in ((Kind.BONUS, _("Bonus points")), (Kind.PENALTY, _("Penalty points"))):
        columns += [
            Column(f"{c.code}. {c.name} ({sheets._points(c.max_points)})", over, c) for c in criteria if c.kind == kind
        ]
    return columns


def _header(sheet, row: int, column: int, value, *, rows: int = 1, columns: int = 1):
    cell = set_value(sheet.cell(row=row, column=column), value)
    if rows > 1 or columns > 1:
        sheet.merge_cells(start_row=row, start_column=column, end_row=row + rows - 1, end_column=column + columns - 1)
    for r in range(row, row + rows):
        for c in range(column, column + columns):
            target = sheet.cell(row=r, column=c)
            target.font, target.fill, target.border = Font(bold=True), HEADER_FILL, BOX
            target.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return cell


def scores_workbook(bloc) -> bytes:
    """The scoring table of `bloc` as an .xlsx file. Five queries whatever its size (ranking.scoring_table)."""
    criteria, standings, table = ranking.scoring_table(bloc)
    columns = _columns(criteria)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Scoring table")
    workbook.properties.title = f"{bloc.name} ({bloc.year})"
    _header(sheet, 1, 1, _("Unit"), rows=2)
    position = 2
    while position - 2 < len(columns):
        column = columns[position - 2]
        if column.over is None:
            _header(sheet, 1, position, column.heading, rows=2)
            position += 1
            continue
        span = 1
        while position - 2 + span < len(columns) and columns[position - 2 + span].over == column.over:
            span += 1
        _header(sheet, 1, position, column.over, columns=span)
        for offset in range(span):
            _header(sheet, 2, position + offset, columns[position - 2 + offset].heading)
        position += span
    tail = [_("Total points"), _("Rank"), _("Rating")]
    for offset, heading in enumerate(tail):
        _header(sheet, 1, position + offset, heading, rows=2)
    for row, standing in enumerate(standings, start=3):
        set_value(sheet.cell(row=row, column=1), standing.unit_name)
        for offset, column in enumerate(columns):
            score = table.get((standing.member_id, column.criterion.pk))
            points = score.points if score is not None else None
            cell = sheet.cell(row=row, column=2 + offset, value=points)
            cell.number_format = POINTS_FORMAT
        total = sheet.cell(row=row, column=position, value=standing.total)
        total.number_format, total.font = POINTS_FORMAT, Font(bold=True)
        sheet.cell(row=row, column=position + 1, value=standing.rank)
        set_value(sheet.cell(row=row, column=position + 2), standing.rating)
    sheet.freeze_panes = "B3"  # the two header rows and the unit column stay in view
    sheet.column_dimensions["A"].width = 42
    for index in range(2, position):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    for index, width in zip(range(position, position + 3), (12, 9, 14)):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.row_dimensions[1].height = 45
    sheet.row_dimensions[2].height = 75
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def scores_filename(bloc) -> str:
    return f"bang-diem-{slugify(fold(bloc.name)) or 'khoi'}-{bloc.year}.xlsx"


@dataclass
class RankingContent:
    """What the ranking PDF prints; the heading and foot are read by the administrative pieces of
    awards.documents (_admin_heading.html, _admin_foot.html)."""

    bloc: object
    body_above: str
    body: str
    motto: tuple[str, str]
    reference_line: str
    place_date: str
    title: str
    subtitle: str
    rows: list = field(default_factory=list)
    acclaimed: str = ""
    recipients: list[str] = field(default_factory=list)
    sign_for: str = ""
    signer_title: str = ""
    signer_name: str = ""


@dataclass(frozen=True)
class RankingRow:
    rank: int
    unit: str
    total: str
    rating: str


def ranking_content(bloc, *, today: datetime.date | None = None) -> RankingContent:
    """Dated by the review once it is held, else today. The organiser (with its parent and type) is loaded by the caller."""
    organiser = bloc.organiser
    above, body = unit_heading(organiser)
    review = getattr(bloc, "review", None) if bloc.locked else None
    day = review.held_on if review is not None else (today or timezone.localdate())
    standings = ranking.standings(bloc)
    rows = [RankingRow(s.rank, s.unit_name, sheets._points(s.total), s.rating) for s in standings]
    acclaimed = ""
    if review is not None and review.acclaimed_id:
        acclaimed = next((s.unit_name for s in standings if s.member_id == review.acclaimed_id), "")
    return RankingContent(
        bloc=bloc, body_above=above, body=body, motto=MOTTO, reference_line="",
        place_date=f"{place_for(organiser)}, {written_date(day)}",
        title=f"BẢNG XẾP HẠNG THI ĐUA {upper(bloc.name)}",
        subtitle=f"Năm {bloc.year}",
        rows=rows, acclaimed=acclaimed,
        recipients=["Các đơn vị thành viên khối;", "Lưu: VT."],
        sign_for=f"TM. {upper(board_for(organiser))}", signer_title="CHỦ TỊCH",
    )


def ranking_pdf(bloc) -> bytes:
    return html_to_pdf(render_to_string("blocs/review/ranking_pdf.html", {"c": ranking_content(bloc)}))


def ranking_filename(bloc) -> str:
    return f"xep-hang-{slugify(fold(bloc.name)) or 'khoi'}-{bloc.year}.pdf"
