"""Points as a Vietnamese reader writes them: 18,5 and 20 (not 18.50 or 20.00); "—" for none."""

from decimal import Decimal

from django import template

from blocs import sheets

register = template.Library()


@register.filter
def points(value):
    if value is None or value == "":  # no score row yet reads as ""
        return "—"
    return sheets._points(Decimal(value))
