"""Whole numbers read from a URL or a form by hand, bounded before they reach the database.

A hand-typed `?start=99999999999999999999` is past what a 64-bit column holds: SQLite answers
"datatype mismatch", PostgreSQL "bigint out of range", and the user got a server error. So every
number a view reads itself goes through `int_param`; numbers in a URL path through the `<id:…>`
converter (portal/converters.py); form fields carry min_value/max_value. See
docs/decisions/0017-bounded-numbers-and-error-pages.md.
"""

import re

# The largest value of a 64-bit signed integer: ids (BigAutoField) never go past it.
DB_INT_MAX = 2**63 - 1

# ASCII digits only: str.isdigit() also accepts "²" or "٣", which int() then refuses.
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,30}")


def bounded_int(value, *, default, min_value: int, max_value: int):
    """`value` as a whole number in [min_value, max_value]; `default` when it is missing, not a
    plain whole number, or out of bounds (a number out of bounds is taken as not given)."""
    text = str(value).strip() if value is not None else ""
    if not _WHOLE_NUMBER.fullmatch(text):
        return default
    number = int(text)
    return number if min_value <= number <= max_value else default


def int_param(request, name: str, *, default, min_value: int, max_value: int):
    """A whole number from the submitted form or the query string (the form first), bounded as `bounded_int`."""
    value = request.POST.get(name) or request.GET.get(name)
    return bounded_int(value, default=default, min_value=min_value, max_value=max_value)


def id_param(request, name: str):
    """A row id from the query string or form, or 0 (no row has it: get_object_or_404 answers 404)."""
    return int_param(request, name, default=0, min_value=1, max_value=DB_INT_MAX)
