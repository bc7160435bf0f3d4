"""Formula cells are refused with a message that says what to do; text that looks like a formula is
stored as typed, and every workbook the portal writes keeps it as text."""

import csv
import io

import openpyxl
from django.urls import reverse

from portal.xlsx import append_row, csv_value, set_value
from tests.units.test_import import person_row
from tests.units.test_import_web import staff_client  # noqa: F401 (a fixture)
from units import importing
from units.accounts import system_account
from units.models import Person


def test_a_formula_cell_says_formulas_are_not_read(tree, tmp_path):
    path = tmp_path / "formula.xlsx"
    workbook = openpyxl.Workbook()  # openpyxl stores no cached value: read as values it was an empty cell
    sheet = workbook.active
    sheet.append(importing.PEOPLE_COLUMNS)
    sheet.append(person_row())
    sheet["A2"] = '=CONCATENATE("Lò ", "Văn Hùng")'
    workbook.save(path)

    report = importing.import_people(path, commit=False, user=system_account())

    [error] = report.errors
    assert (error.row, error.column) == (2, "Họ và tên")
    assert "công thức" in error.message and "Dán đặc biệt" in error.message
    assert "không được để trống" not in error.message.lower()


def test_text_that_starts_like_a_formula_imports_as_typed(tree, tmp_path):
    names = ["=1+1", "-Nguyễn Văn A", "+Lò Thị B", "@Cà Văn C"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    append_row(sheet, importing.PEOPLE_COLUMNS)
    for n, name in enumerate(names):
        append_row(sheet, person_row(name, f"01108500000{n}"))  # text cells, as a user types '=1+1
    workbook.save(tmp_path / "p.xlsx")
    report = importing.import_people(tmp_path / "p.xlsx", user=system_account())

    assert report.ok, report.errors
    assert set(Person.objects.values_list("full_name", flat=True)) == set(names)


def _reopen(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))


def test_exported_text_is_a_string_cell_with_quote_prefix_never_a_formula():
    risky = ["=1+1", "-Nguyễn", "+84 912", "@SUM(A1)", "\t=cmd", "#N/A"]
    for write_only in (False, True):
        workbook = openpyxl.Workbook(write_only=write_only)
        sheet = workbook.create_sheet() if write_only else workbook.active
        append_row(sheet, [*risky, "Lò Văn Hùng", 42])
        if not write_only:
            set_value(sheet["A2"], "=HYPERLINK(\"http://x\")")
        cells = list(_reopen(workbook).active.iter_rows())
        for cell in cells[0][: len(risky)]:
            assert cell.data_type == "s" and cell.value in risky
            assert cell.quotePrefix == (cell.value != "#N/A")
        assert cells[0][6].value == "Lò Văn Hùng" and not cells[0][6].quotePrefix
        assert cells[0][7].value == 42
        if not write_only:
            assert cells[1][0].data_type == "s" and cells[1][0].quotePrefix


def test_csv_values_that_start_like_a_formula_are_quoted():
    out = io.StringIO()
    csv.writer(out).writerow([csv_value(v) for v in ["=1+1", "Lò Văn Hùng", 5]])
    assert out.getvalue().strip() == "'=1+1,Lò Văn Hùng,5"


def test_the_import_template_writes_its_text_as_text(staff_client, tree):
    response = staff_client.get(reverse("imports:people-template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert not [cell.coordinate for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
