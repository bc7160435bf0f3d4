from django import template

from awards.services import money as money_text

register = template.Library()


@register.filter
def money(amount):
    """12.340.000 đ"""
    return money_text(amount)
