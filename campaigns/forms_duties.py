"""The two forms of a duty's page: the unit's plan, and its launch. Each carries the duty's version
it was opened with (campaigns.plans refuses a stale one)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import LaunchMethod
from campaigns.plans import PLAN_NUMBER_MAX
from units.forms import DayInput


class _DutyPartForm(forms.Form):
    part = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def __init__(self, *args, duty, **kwargs):
        kwargs.setdefault("prefix", self.PART)
        super().__init__(*args, **kwargs)
        self.initial.setdefault("part", self.PART)
        self.initial.setdefault("version", duty.version)


class PlanForm(_DutyPartForm):
    PART = "plan"
    plan_number = forms.CharField(label=_("Plan number"), max_length=PLAN_NUMBER_MAX, required=False,
                                  widget=forms.TextInput(attrs={"placeholder": "05/KH-CĐCS", "autocomplete": "off"}))
    plan_date = forms.DateField(label=_("Plan date"), required=False, widget=DayInput())

    def __init__(self, *args, duty, **kwargs):
        super().__init__(*args, duty=duty, **kwargs)
        if duty.has_plan:
            self.initial.setdefault("plan_number", duty.plan_number)
            self.initial.setdefault("plan_date", duty.plan_date)


class LaunchForm(_DutyPartForm):
    PART = "launch"
    launched_on = forms.DateField(label=_("Launched on"), required=False, widget=DayInput())
    launch_method = forms.ChoiceField(label=_("How it was launched"), choices=LaunchMethod.choices, required=False,
                                      widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, duty, **kwargs):
        super().__init__(*args, duty=duty, **kwargs)
        if duty.has_launch:
            self.initial.setdefault("launched_on", duty.launched_on)
            self.initial.setdefault("launch_method", duty.launch_method)
            self.initial.setdefault("note", duty.note)
