"""The campaign's own forms: a draft's create/edit page, the list's filters."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns import rules
from campaigns.models import YEAR_VALIDATORS, Campaign
from units.forms import DayInput
from units.models import Sector, Unit, UnitType


def launch_units(user):
    """The units the user may launch at: where they hold a campaign staff role, narrowed to the province
    federations and the upper-level unions (a handful, except for whoever sees everything)."""
    return (
        Unit.objects.filter(rules.launch_units_q(user))
        .filter(Q(unit_type__is_province_federation=True) | Q(unit_type__is_upper_level=True))
        .active()
        .select_related("unit_type")
        .order_by("path")
    )


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, unit):
        return f"{unit.name} ({unit.code})"


class CampaignForm(forms.ModelForm):
    unit_types = forms.ModelMultipleChoiceField(
        label=_("Applies to unit types"), queryset=UnitType.objects.order_by("pk"), widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Applies to economic sectors"), choices=Sector.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every sector."),
    )

    class Meta:
        model = Campaign
        fields = [
            "code", "name", "theme", "kind", "year", "launching_unit", "parent", "launched_outside_by",
            "starts_on", "ends_on", "plans_due_on", "unit_types", "sectors", "women_units_only", "criteria", "targets",
            "document_number", "document_date",
        ]
        widgets = {
            "starts_on": DayInput(), "ends_on": DayInput(), "plans_due_on": DayInput(), "document_date": DayInput(),
            "theme": forms.Textarea(attrs={"rows": 2}), "criteria": forms.Textarea(attrs={"rows": 3}),
            "targets": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"launching_unit": UnitChoice}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["launching_unit"].queryset = launchers = launch_units(user)
        if not self.is_bound and not self.instance.pk:
            only = list(launchers[:2])
            if len(only) == 1:  # an officer launches at their own union: nothing to choose
                self.initial["launching_unit"] = only[0].pk
        parents = Campaign.objects.visible_to(user).exclude(state=Campaign.State.DRAFT).order_by("-year", "name")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].required = False
        self.fields["year"].widget.attrs.update({"min": 2000, "max": 2100})
        self.fields["document_number"].help_text = _("Needed to launch; the document's file goes on the campaign's page.")


class CampaignFilter(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, validators=YEAR_VALIDATORS, min_value=2000, max_value=2100)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All"))] + list(Campaign.State.choices))
    unit = forms.ModelChoiceField(label=_("Launching unit"), required=False, queryset=Unit.objects.none(), empty_label=_("All"))

    def __init__(self, *args, launchers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = launchers


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
