"""The decision as an editable Word draft (python-docx): the administrative format, Times New Roman
13–14 pt on A4, the annex of awardees on its own page. Built from awards.documents.content, the same
data as the PDF."""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from awards.documents.content import DecisionContent, decision_content

FONT = "Times New Roman"
CENTER, LEFT, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


def _font(run, size=14, bold=False, italic=False, underline=False):
    run.font.name = FONT
    # East Asian text (and Word's fallback for it) takes the same font.
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    return run


def _para(container, text="", *, align=LEFT, size=14, bold=False, italic=False, underline=False, space_after=0, indent=None):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    paragraph.paragraph_format.space_before = Pt(0)
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    if text:
        _font(paragraph.add_run(text), size, bold, italic, underline)
    return paragraph


def _no_borders(table):
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def _cell_text(cell, text, *, align=CENTER, size=13, bold=False, italic=False, underline=False):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    _font(paragraph.add_run(text), size, bold, italic, underline)
    return paragraph


WIDTHS = [Cm(1.2), Cm(5), Cm(5), Cm(3.5), Cm(2.5)]
ALIGNS = [CENTER, LEFT, LEFT, LEFT, RIGHT]


def _table(document, headers, rows):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text, width in zip(table.rows[0].cells, headers, WIDTHS):
        cell.width = width
        _cell_text(cell, text, size=12, bold=True)
    for values in rows:
        for cell, text, width, align in zip(table.add_row().cells, values, WIDTHS, ALIGNS):
            cell.width = width
            _cell_text(cell, text, align=align, size=12)
    return table


def build(content: DecisionContent) -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    # Nghị định 30/2020/NĐ-CP: top 2 cm, bottom 2 cm, left 3 cm, right 1.5 cm.
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(2), Cm(2), Cm(3), Cm(1.5)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)

    # The heading: issuing body left, national motto right.
    head = document.add_table(rows=3, cols=2)
    _no_borders(head)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.columns[0].cells, head.columns[1].cells
    for cell in left:
        cell.width = Cm(7)
    for cell in right:
        cell.width = Cm(9.5)
    _cell_text(left[0], content.body_above, size=13)
    _cell_text(left[1], content.body, size=13, bold=True, underline=True)
    _cell_text(left[2], content.reference_line, size=13)
    _cell_text(right[0], content.motto[0], size=13, bold=True)
    _cell_text(right[1], content.motto[1], size=14, bold=True, underline=True)
    _cell_text(right[2], content.place_date, size=14, italic=True)

    _para(document, space_after=6)
    _para(document, content.title, align=CENTER, size=14, bold=True)
    _para(document, content.subject, align=CENTER, size=14, bold=True, space_after=12)
    _para(document, content.authority, align=CENTER, size=14, bold=True, space_after=6)
    for line in content.bases:
        _para(document, line, align=JUSTIFY, italic=True, indent=Cm(1), space_after=3)
    _para(document, "QUYẾT ĐỊNH:", align=CENTER, bold=True, space_after=6)
    for article in content.articles:
        head_text, _, rest = article.partition(". ")
        paragraph = _para(document, align=JUSTIFY, indent=Cm(1), space_after=6)
        _font(paragraph.add_run(head_text + ". "), 14, bold=True)
        _font(paragraph.add_run(rest), 14)

    # Recipients left, signature right.
    foot = document.add_table(rows=1, cols=2)
    _no_borders(foot)
    recipients, signature = foot.rows[0].cells
    recipients.width, signature.width = Cm(8), Cm(8.5)
    _cell_text(recipients, "Nơi nhận:", align=LEFT, size=12, bold=True, italic=True)
    for line in content.recipients:
        paragraph = recipients.add_paragraph()
        _font(paragraph.add_run(f"- {line}"), 11)
    if content.sign_for:
        _cell_text(signature, content.sign_for, size=14, bold=True)
        paragraph = signature.add_paragraph()
        paragraph.alignment = CENTER
        _font(paragraph.add_run(content.signer_title), 14, bold=True)
    else:
        _cell_text(signature, content.signer_title, size=14, bold=True)
    for _blank in range(4):
        signature.add_paragraph()
    paragraph = signature.add_paragraph()
    paragraph.alignment = CENTER
    _font(paragraph.add_run(content.signer_name), 14, bold=True)

    if content.cancelled_rows:
        _para(document).add_run().add_break(WD_BREAK.PAGE)
        _para(document, content.cancelled_title, align=CENTER, bold=True)
        _para(document, content.cancelled_of, align=CENTER, bold=True)
        _para(document, content.annex_subtitle, align=CENTER, size=13, italic=True, space_after=6)
        _table(document, ["STT", "Họ và tên / Tập thể", "Đơn vị", "Hình thức", "Năm"],
               [[str(r.number), r.name, r.unit, r.form, str(r.year)] for r in content.cancelled_rows])
    if content.rows:
        _para(document).add_run().add_break(WD_BREAK.PAGE)
        _para(document, content.annex_title, align=CENTER, bold=True)
        _para(document, content.annex_subtitle, align=CENTER, size=13, italic=True, space_after=6)
        table = _table(document, ["STT", "Họ và tên / Tập thể", "Đơn vị", "Hình thức", "Mức thưởng"],
                       [[str(r.number), r.name, r.unit, r.form, r.prize] for r in content.rows])
        if content.total:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[3])
            _cell_text(merged, "Tổng cộng", align=CENTER, size=12, bold=True)
            _cell_text(cells[4], content.total, align=RIGHT, size=12, bold=True)
    return document


def decision_docx(decision) -> bytes:
    """The Word draft of `decision`, as bytes."""
    buffer = io.BytesIO()
    build(decision_content(decision)).save(buffer)
    return buffer.getvalue()


def filename(decision) -> str:
    return f"quyet-dinh-{decision.number or 'du-thao'}-{decision.year}.docx"
