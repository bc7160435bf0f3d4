"""Writing spreadsheets users open: the one place that makes typed text stay text.

A name or note may begin with "=", "+", "-" or "@" (a member typed "-Nguyễn", someone pasted
"=HYPERLINK(...)"). Excel and LibreOffice run such a cell as a formula when it is written as one,
or when the user later edits it; that is how a spreadsheet export becomes an attack. So every
export of the portal writes its cells through `set_value` (ordinary sheets) or `row_of`
(write-only sheets, for large exports): text is always a string cell, and text that starts like a
formula also gets the "quote prefix" style, Excel's own mark for "typed as text" (the ' the user
would type), so editing it keeps it text. CSV has no cell types: `csv_value` puts the ' in front.
"""

from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# What spreadsheets read as the start of a formula; tab and carriage return are stripped by some
# of them before they look.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def set_value(cell, value):
    """Put `value` in an ordinary (not write-only) sheet's cell; text never becomes a formula."""
    cell.value = value
    _keep_text(cell, value)
    return cell


def row_of(sheet, values) -> list:
    """A row for `sheet.append` on a write-only sheet: values as they are, risky text as a protected cell."""
    return [_protected(sheet, value) if isinstance(value, str) and (looks_like_formula(value) or value[:1] == "#") else value for value in values]


def append_row(sheet, values) -> None:
    """`sheet.append(values)` for any sheet, with every text kept as text."""
    if isinstance(sheet, WriteOnlyWorksheet):
        sheet.append(row_of(sheet, values))
        return
    sheet.append(values)
    for cell, value in zip(sheet[sheet.max_row], values):
        _keep_text(cell, value)


def csv_value(value):
    """A value for a CSV export: text that starts like a formula is preceded by ' (shown, never run)."""
    return f"'{value}" if looks_like_formula(value) else value


def _protected(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value)
    _keep_text(cell, value)
    return cell


def _keep_text(cell, value) -> None:
    if not isinstance(value, str):
        return
    # openpyxl itself turns "=..." into a formula and "#N/A" into an error value.
    cell.data_type = "s"
    if looks_like_formula(value):
        cell.quotePrefix = True
