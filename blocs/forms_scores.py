"""The score sheet's forms: a number per scored line (the member's own, or the organiser's with its
reason) and an evidence file per line. The forms only read what was typed; the ranges and the reason
rule are the services' (blocs/services.py), which refuse with a message per line."""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from blocs import sheets
from portal.attachments.content import accept_attribute
from portal.widgets import FileInput

# "18,5" (the Vietnamese decimal comma) as well as "18.5"; a sign so that the service can say "below 0".
_POINTS = re.compile(r"[+-]?[0-9]{1,6}(?:[.,][0-9]+)?")


def parse_points(text: str) -> Decimal | None:
    text = (text or "").strip()
    if not text:
        return None
    if not _POINTS.fullmatch(text):
        raise ValidationError(_("Write a number of points, e.g. 18,5."), code="number")
    value = Decimal(text.replace(",", "."))
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Give the points with at most 2 decimals, e.g. 18,25."), code="decimals")
    return value


class PointsInput(forms.TextInput):
    """A text input with the phone's decimal keypad, not type="number": Chromium in Vietnamese drops
    a typed comma from a number input ("18,5" arrives as 185, "1,5" as 15), so the points are read
    here, comma or dot."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return sheets._points(value)  # 18,5 as it was typed, not 18.50
        return super().format_value(value)


class PointsField(forms.Field):
    def __init__(self, *, max_points, **kwargs):
        attrs = {"inputmode": "decimal", "autocomplete": "off", "class": "form-control", "maxlength": "12",
                 "pattern": "[0-9]{1,6}([,.][0-9]{1,2})?", "data-max": f"{max_points.normalize():f}"}
        super().__init__(required=False, widget=PointsInput(attrs=attrs), **kwargs)

    def to_python(self, value):
        return parse_points(str(value or "")[:40])


class SheetForm(forms.Form):
    """Fields per scored line, named by the line's id: `points-<id>` and, for the member, `file-<id>`;
    for the organiser, `official-<id>` and `reason-<id>`."""

    def __init__(self, *args, lines, mode: str, scores: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines, self.mode = lines, mode
        for line in lines:
            score = scores.get(line.pk)
            if mode == "self":
                self.fields[f"points-{line.pk}"] = PointsField(
                    max_points=line.max_points, label=_("Self-score"), initial=score.self_points if score else None
                )
                upload = forms.FileField(label=_("Evidence file"), required=False, widget=FileInput)
                upload.widget.attrs["accept"] = accept_attribute()
                self.fields[f"file-{line.pk}"] = upload
            else:
                self.fields[f"official-{line.pk}"] = PointsField(
                    max_points=line.max_points, label=_("Official score"), initial=score.official_points if score else None
                )
                self.fields[f"reason-{line.pk}"] = forms.CharField(
                    label=_("Reason"), required=False, max_length=2000, initial=score.official_reason if score else "",
                    widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                )

    def line_fields(self, line):
        names = ("points", "file") if self.mode == "self" else ("official", "reason")
        return [self[f"{name}-{line.pk}"] for name in names]

    def values(self) -> dict:
        """The cleaned points by line id ({id: points} for the member, {id: (points, reason)} for the organiser)."""
        data = self.cleaned_data
        if self.mode == "self":
            return {line.pk: data.get(f"points-{line.pk}") for line in self.lines}
        return {line.pk: (data.get(f"official-{line.pk}"), data.get(f"reason-{line.pk}") or "") for line in self.lines}

    def uploads(self) -> dict:
        return {line.pk: self.cleaned_data[f"file-{line.pk}"] for line in self.lines if self.cleaned_data.get(f"file-{line.pk}")}
