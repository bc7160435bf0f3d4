"""Forms of registrations, progress entries and reviews (views in campaigns/views/registrations.py).
Numbers are bounded here (min/max) as the model's validators are; the services check the rest."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import BENEFIT_MAX, Review, Title
from campaigns.registrations import campaign_years, taking_part_units
from units.forms import DayInput, UnitByCodeField, UnitCodeInput
from units.models import Person, Unit

COUNT_MAX = 10_000_000  # participants, initiatives: the model's MaxValueValidator


class UnitOfCampaignField(UnitByCodeField):
    """The unit that records, typed by code: among the units taking part that the user reaches."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Unit code"))
        kwargs.setdefault("help_text", _("Type the unit code, or part of its name to get suggestions."))
        kwargs.setdefault("widget", UnitCodeInput(attrs={"placeholder": _("unit code or name")}))
        super().__init__(*args, **kwargs)


def _set_up_unit(form, user, campaign, unit: Unit | None):
    field = form.fields["unit"]
    field.units = taking_part_units(campaign).filter(pk__in=Unit.objects.visible_to(user).active().values("pk"))
    if unit is None:
        only = list(field.units.order_by("path")[:2])
        unit = only[0] if len(only) == 1 else None
    if unit is not None:
        form.initial.setdefault("unit", unit.code)
        field.widget.current_label = unit.name


class DongField(forms.CharField):
    """An amount in đồng, typed with or without thousands separators ("1.500.000", "1 500 000")."""

    default_error_messages = {
        "invalid": _("Type the amount in đồng as digits, e.g. 1.500.000."),
        "bounds": _("The amount must be between 0 and %(max)s đồng."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No max_length validator: it would measure the number; the text's length is bounded here.
        self.widget.attrs.update({"inputmode": "numeric", "maxlength": "30"})

    def to_python(self, value):
        if isinstance(value, str) and len(value) > 30:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return self._amount(value)

    def _amount(self, value):
        text = re.sub(r"[\s.,]", "", super().to_python(value) or "")
        if not text:
            return 0
        if not re.fullmatch(r"-?[0-9]+", text):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        amount = int(text)
        if not 0 <= amount <= BENEFIT_MAX:
            raise forms.ValidationError(
                self.error_messages["bounds"], code="bounds", params={"max": f"{BENEFIT_MAX:,}".replace(",", ".")}
            )
        return amount


class RegistrationForm(forms.Form):
    unit = UnitOfCampaignField()
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    collective_title = forms.ModelChoiceField(
        label=_("Collective target title"), queryset=Title.objects.filter(for_collective=True), required=False,
        empty_label=_("(no collective title)"),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, user, campaign, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        years = list(campaign_years(campaign))
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.initial.setdefault("year", campaign.year if campaign.year in years else years[0])
        _set_up_unit(self, user, campaign, unit)


class RegistrationEditForm(forms.Form):
    """The collective title and note, and the members added (with one title for those added) or removed.
    The member choices are the unit's current members (validated here, never rendered as a list:
    the page shows the search results only)."""

    collective_title = RegistrationForm.base_fields["collective_title"]
    note = RegistrationForm.base_fields["note"]
    add = forms.ModelMultipleChoiceField(label=_("Members to add"), queryset=Person.objects.none(), required=False)
    add_title = forms.ModelChoiceField(
        label=_("Target title of the members added"), queryset=Title.objects.filter(for_collective=False), required=False,
    )
    remove = forms.ModelMultipleChoiceField(label=_("Remove"), queryset=Person.objects.none(), required=False)

    def __init__(self, *args, registration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add"].queryset = Person.objects.current().filter(unit=registration.unit)
        self.fields["remove"].queryset = Person.objects.filter(emulation_registrations__registration=registration)
        # Shown below the member search, outside the <form> element: joined to it by the form attribute.
        self.fields["add_title"].widget.attrs["form"] = "registration-form"
        self.fields["add"].error_messages["invalid_choice"] = _("%(value)s is not a current member of this union.")

    def clean(self):
        data = super().clean()
        if data.get("add") and not data.get("add_title"):
            self.add_error("add_title", _("Choose the title the members added aim for."))
        return data


class MemberSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a member of the union"), required=False, max_length=100)


class ProgressForm(forms.Form):
    unit = UnitOfCampaignField()
    period_start = forms.DateField(label=_("Period from"), widget=DayInput())
    period_end = forms.DateField(label=_("Period to"), widget=DayInput())
    summary = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)

    def __init__(self, *args, user, campaign, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        _set_up_unit(self, user, campaign, unit)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return data


class ReviewForm(forms.Form):
    unit = UnitOfCampaignField()
    kind = forms.ChoiceField(label=_("Kind"), choices=Review.Kind.choices)
    held_on = forms.DateField(label=_("Held on"), widget=DayInput())
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=COUNT_MAX, initial=0)
    initiatives = forms.IntegerField(label=_("Initiatives counted"), min_value=0, max_value=COUNT_MAX, initial=0)
    benefit_value = DongField(
        label=_("Benefit of the initiatives (đồng)"), required=False, initial=0,
        help_text=_("In đồng; thousands separators may be typed, e.g. 1.500.000."),
    )

    def __init__(self, *args, user, campaign, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        _set_up_unit(self, user, campaign, unit)
