"""`<id:pk>` in URL patterns: a row id that fits a 64-bit column.

Django's `<int:…>` takes any length of digits; a longer id than a BigAutoField can hold is not a
row, so the URL simply does not match (a 404) instead of reaching the database with it.
"""

from django.urls import register_converter

from portal.params import DB_INT_MAX


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > DB_INT_MAX:
            raise ValueError("past the largest id")  # the resolver treats this as "no match"
        return number

    def to_url(self, value) -> str:
        return str(int(value))


def register():
    register_converter(IdConverter, "id")
