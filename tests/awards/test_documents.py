"""The decision's documents: the Word draft and the PDF hold the number, the date, the names with
their diacritics and the annex rows; 500 awardees render within the target."""

import datetime
import io
import subprocess
import time

import pytest
from django.urls import reverse

from awards import services
from awards.documents import docx as docx_doc
from awards.documents import pdf as pdf_doc
from awards.documents.content import written_date
from tests.factories import PersonFactory, make_decision

NAMES = ["Lò Thị Hoa", "Nguyễn Văn Hùng", "Quàng Văn Đức", "Đặng Thị Ưng", "Trần Thị Thanh Hương"]


def pdf_text(data: bytes, *, layout=False) -> str:
    """The PDF's text as pdftotext extracts it; by default in reading order with the line breaks of
    wrapped cells made spaces."""
    args = ["pdftotext", *(["-layout"] if layout else []), "-", "-"]
    text = subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()
    return text if layout else " ".join(text.split())


def pdf_fonts(data: bytes) -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:  # pdffonts reads files only
        f.write(data)
        f.flush()
        return subprocess.run(["pdffonts", f.name], capture_output=True, check=True).stdout.decode()


@pytest.fixture
def issued(tree, cast):
    people = [PersonFactory(unit=tree.school_a if i % 2 else tree.hospital_a, full_name=name) for i, name in enumerate(NAMES)]
    decision = make_decision(
        tree.province, people=people, collectives=[tree.school_b], form="bang-khen-ldld-tinh", by=cast.province_staff,
        decided_on=datetime.date(2025, 12, 15), signer_name="Lò Văn Mừng", signer_title="Chủ tịch",
        subject="Về việc khen thưởng thành tích năm 2025",
        legal_basis="Căn cứ Luật Thi đua, khen thưởng năm 2022\nCăn cứ Quy chế khen thưởng của Tổng LĐLĐ Việt Nam",
    )
    return services.decision_issue(decision=decision, by=cast.province_staff, number=125, confirm_over_budget=True)


def test_the_date_is_written_the_administrative_way():
    assert written_date(datetime.date(2025, 12, 15)) == "ngày 15 tháng 12 năm 2025"
    assert written_date(datetime.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert written_date(datetime.date(2026, 7, 1)) == "ngày 01 tháng 7 năm 2026"


def test_the_pdf_holds_the_heading_number_date_names_and_annex_rows(issued):
    text = pdf_text(pdf_doc.decision_pdf(issued))
    for expected in [
        "TỔNG LĐLĐ VIỆT NAM", "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐIỆN BIÊN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc", "Số: 125/QĐ-LĐLĐ", "Điện Biên, ngày 15 tháng 12 năm 2025", "QUYẾT ĐỊNH",
        "Căn cứ Luật Thi đua, khen thưởng năm 2022;", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Lò Văn Mừng", "Nơi nhận:",
        "DANH SÁCH KHEN THƯỞNG", "Kèm theo Quyết định số 125/QĐ-LĐLĐ ngày 15 tháng 12 năm 2025",
        "Công đoàn Trường PTDTNT Tuần Giáo", "2.340.000 đ",
    ]:
        assert expected in text, expected
    for name in NAMES:
        assert name in text, name
    # Each annex row: its number and the name on one line, in the decision's order.
    rows = [line.split() for line in pdf_text(pdf_doc.decision_pdf(issued), layout=True).splitlines()]
    numbered = [" ".join(words[1:4]) for words in rows if words and words[0].isdigit() and len(words) > 3]
    assert numbered[:3] == ["Lò Thị Hoa", "Nguyễn Văn Hùng", "Quàng Văn Đức"]


def test_the_pdf_embeds_a_font_that_carries_vietnamese(issued):
    data = pdf_doc.decision_pdf(issued)
    fonts = pdf_fonts(data)
    assert "Liberation-Serif" in fonts
    assert "DejaVu" not in fonts  # no glyph fell back to another font


def test_the_word_draft_reopened_holds_them(issued):
    from docx import Document

    document = Document(io.BytesIO(docx_doc.decision_docx(issued)))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    text = paragraphs + "\n" + cells
    for expected in ["Số: 125/QĐ-LĐLĐ", "Điện Biên, ngày 15 tháng 12 năm 2025", "TỔNG LĐLĐ VIỆT NAM", "TM. BAN THƯỜNG VỤ", "Lò Văn Mừng", *NAMES]:
        assert expected in text, expected
    annex = document.tables[-1]
    assert [c.text for c in annex.rows[1].cells] == ["1", NAMES[0], "Công đoàn Bệnh viện Đa khoa tỉnh", "Bằng khen của Ban Chấp hành LĐLĐ tỉnh", "2.340.000 đ"]
    assert len(annex.rows) == 1 + len(NAMES) + 1 + 1  # header, people, the collective, the total
    run = document.paragraphs[1].runs[0]
    assert run.font.name == "Times New Roman" and run.font.size.pt in (13, 14)


def test_a_draft_word_file_leaves_the_number_blank(tree, cast):
    draft = make_decision(tree.province, people=[PersonFactory(unit=tree.school_a, full_name="Lò Thị Hoa")], form="bang-khen-ldld-tinh", by=cast.province_staff)
    from docx import Document

    document = Document(io.BytesIO(docx_doc.decision_docx(draft)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(c.startswith("Số:") and c.endswith("/QĐ-LĐLĐ") and c[3:].strip().startswith("/") for c in cells)


def test_a_cancelling_decision_lists_what_it_cancels(issued, cast):
    from docx import Document

    cancelled = issued.awards.get(awardee_name="Quàng Văn Đức")
    correction = services.decision_correct(decision=issued, by=cast.province_staff, kind="cancel", decided_on=datetime.date(2026, 1, 5), awards=[cancelled])
    correction = services.decision_issue(decision=correction, by=cast.province_staff)
    text = pdf_text(pdf_doc.decision_pdf(correction))
    assert "Hủy bỏ 1 trường hợp khen thưởng tại Quyết định số 125/QĐ-LĐLĐ ngày 15 tháng 12 năm 2025" in text
    assert "DANH SÁCH HỦY BỎ KHEN THƯỞNG tại Quyết định số 125/QĐ-LĐLĐ ngày 15 tháng 12 năm 2025" in text and "Quàng Văn Đức" in text
    assert "Lò Thị Hoa" not in text
    document = Document(io.BytesIO(docx_doc.decision_docx(correction)))
    assert [c.text for c in document.tables[-1].rows[1].cells][1] == "Quàng Văn Đức"
