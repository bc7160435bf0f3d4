"""portal.widgets.Renderer writes selects in Python: the same markup as Django's templates with the
project's option template (the empty choice in words), a few times faster."""

import re
import time

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils import translation

from portal.widgets import Renderer
from units.models import Ethnicity


def squeezed(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---------"), ("a", "Tày & Nùng"), ("b", '"Kinh"')], required=False)
    grouped = forms.ChoiceField(choices=[("Miền Bắc", [("hn", "Hà Nội"), ("db", "Điện Biên")]), ("hcm", "TP. Hồ Chí Minh")])
    several = forms.MultipleChoiceField(choices=[(1, "Một"), (2, "Hai"), (3, "Ba")], required=False)
    ethnicity = forms.ModelChoiceField(queryset=Ethnicity.objects.all(), required=False)
    flagged = forms.ChoiceField(choices=[("x", "X")], widget=forms.Select(attrs={"disabled": True, "hidden": False, "data-x": "<b>"}))


def test_selects_come_out_as_the_templates_write_them(db):
    form = Everything({"plain": "a", "grouped": "db", "several": ["1", "3"], "ethnicity": Ethnicity.objects.order_by("pk").last().pk})
    with translation.override("vi"):
        for name in form.fields:
            field = form[name]
            fast = field.field.widget.render(field.html_name, field.value(), {"id": field.auto_id, "class": "form-select"},
                                             renderer=Renderer())
            slow = field.field.widget.render(field.html_name, field.value(), {"id": field.auto_id, "class": "form-select"},
                                             renderer=TemplatesSetting())
            assert squeezed(fast) == squeezed(slow), name
    html = str(form["plain"])  # the configured renderer
    assert 'value="a" selected>Tày &amp; Nùng' in html and "&quot;Kinh&quot;" in html


def test_the_empty_choice_is_said_in_words(db):
    with translation.override("vi"):
        html = str(Everything()["ethnicity"])
    assert "— Chọn —" in html and "---------" not in html


def test_a_long_select_is_cheaper_than_through_the_templates(db):
    field = Everything()["ethnicity"]
    widget = field.field.widget
    widget.choices = list(widget.choices)  # the ethnicities once, so only the drawing is timed

    def cost(renderer):
        started = time.perf_counter()
        for _ in range(20):
            widget.render("ethnicity", None, {"id": "id_ethnicity"}, renderer=renderer)
        return time.perf_counter() - started

    cost(TemplatesSetting()), cost(Renderer())
    assert cost(Renderer()) * 2 < cost(TemplatesSetting())
