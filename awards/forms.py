import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import Award, AwardForm, AwardType, Correction, Decision
from units.forms import DayInput
from units.import_views import UploadForm

MIN_YEAR, MAX_YEAR = 1945, 2100
MAX_MONEY = 10**15  # one thousand billion đồng: past any fund or initiative


class MoneyField(forms.IntegerField):
    """An amount in đồng, written as users write it: 12.000.000, 12 000 000 or 12000000 đ."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_MONEY)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s.,đ]|VND|vnđ", "", value, flags=re.IGNORECASE)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


class DecisionForm(forms.ModelForm):
    number = forms.IntegerField(
        label=_("Number"), required=False, min_value=1, max_value=999_999,
        help_text=_("Leave empty to take the next number when the decision is issued."),
    )

    class Meta:
        model = Decision
        fields = ["decided_on", "number", "symbol", "subject", "signer_name", "signer_title", "legal_basis", "issuer_name"]
        widgets = {
            "decided_on": DayInput(),
            "legal_basis": forms.Textarea(attrs={"rows": 4}),
            "subject": forms.TextInput(),
        }

    def __init__(self, *args, proposed: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].label = _("Date of the decision")
        if proposed:
            self.fields["number"].help_text = _("Leave empty to take the next number when the decision is issued (now %(number)s).") % {"number": proposed}
        if not self.instance.pk:
            self.initial.setdefault("decided_on", timezone.localdate())

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AwardDetailsForm(forms.Form):
    """Form, type, year, citation and benefit value: what the awardees added at once share."""

    form = forms.ModelChoiceField(label=_("Award form"), queryset=AwardForm.objects.none())
    award_type = forms.ModelChoiceField(label=_("Award type"), queryset=AwardType.objects.all())
    year = forms.IntegerField(label=_("Year of the achievement"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    citation = forms.CharField(label=_("Citation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    benefit_value = MoneyField(label=_("Benefit value of the initiative (đồng)"), required=False)

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        forms_offered = AwardForm.objects.filter(is_active=True)
        if not decision.issuer_name:
            forms_offered = forms_offered.filter(granting_unit_types=decision.issuing_unit.unit_type_id)
        self.fields["form"].queryset = forms_offered
        types = AwardType.objects.filter(is_employer_award=bool(decision.issuer_name))
        self.fields["award_type"].queryset = types
        self.initial.setdefault("year", decision.year)


class AwardeeAddForm(AwardDetailsForm):
    people = forms.ModelMultipleChoiceField(label=_("People"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    collectives = forms.ModelMultipleChoiceField(label=_("Units"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people_qs, collectives_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people_qs
        self.fields["collectives"].queryset = collectives_qs

    def clean(self):
        data = super().clean()
        if not data.get("people") and not data.get("collectives"):
            raise ValidationError(_("Tick at least one person or unit from the search results."))
        return data


class AwardEditForm(forms.ModelForm):
    benefit_value = MoneyField(label=_("Benefit value of the initiative (đồng)"), required=False)

    class Meta:
        model = Award
        fields = ["form", "award_type", "year", "citation", "benefit_value", "published"]
        widgets = {"citation": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value, self.fields["year"].max_value = MIN_YEAR, MAX_YEAR
        if decision.is_issued:
            for name in ["form", "award_type", "year", "citation", "benefit_value"]:
                del self.fields[name]
        else:
            offered = AwardForm.objects.filter(is_active=True)
            if not decision.issuer_name:
                offered = offered.filter(granting_unit_types=decision.issuing_unit.unit_type_id)
            self.fields["form"].queryset = offered
            self.fields["award_type"].queryset = AwardType.objects.filter(is_employer_award=bool(decision.issuer_name))


class IssueForm(forms.Form):
    number = forms.IntegerField(label=_("Number"), required=False, min_value=1, max_value=999_999)
    confirm_over_budget = forms.BooleanField(label=_("Issue although it goes over the award fund"), required=False)


class CorrectForm(forms.Form):
    correction = forms.ChoiceField(label=_("The new decision"), choices=Correction.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DayInput(), initial=timezone.localdate)
    awards = forms.ModelMultipleChoiceField(
        label=_("Awards it cancels or amends"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("All of them to cancel or amend the whole decision."),
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        in_force = decision.awards.filter(cancelled_by__isnull=True).select_related("form")
        self.fields["awards"].queryset = in_force
        self.fields["awards"].label_from_instance = lambda a: f"{a.awardee_name} · {a.form.name} {a.year}"
        self.initial.setdefault("awards", list(in_force))


class FundForm(forms.Form):
    unit = forms.ChoiceField(label=_("Issuing unit"))
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR, initial=lambda: timezone.localdate().year)
    budget = MoneyField(label=_("Award fund (đồng)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]

    def clean_unit(self):
        return self.units[self.cleaned_data["unit"]]


class AwardUploadForm(UploadForm):
    """The imports' upload (content and size checks, units.import_views), with the awards import's option."""

    add_missing_people = forms.BooleanField(
        label=_("Add the people the member registry does not hold to it"),
        required=False,
        help_text=_(
            "A row naming nobody in the registry then adds that person, in the unit of the row, with the name, date of birth "
            "and citizen ID of the file; only for units whose members you may edit. Without it, such a row is an error."
        ),
    )
