"""Forms of the set-up pages (blocs/views/setup.py): the bloc itself, the list's filter, adding a
member, the rating bands and the scoring sheet's lines. Rules live in blocs.services and blocs.sheets:
these forms only read and bound what is typed."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs import rules
from blocs.models import POINTS, Bloc, BlocMember, Criterion
from campaigns.forms import UnitChoice
from campaigns.models import YEAR_VALIDATORS
from units.forms import DayInput, UnitByCodeField, UnitCodeInput
from units.models import Unit

POINTS_MAX = Decimal("9999.99")  # POINTS: six digits, two after the comma


def organiser_units(user):
    """The federations and upper-level unions the user may organise blocs for (a handful)."""
    return (
        Unit.objects.filter(rules.organiser_units_q(user))
        .filter(Q(unit_type__is_province_federation=True) | Q(unit_type__is_upper_level=True))
        .active()
        .select_related("unit_type")
        .order_by("path")
    )


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, member):
        return member.unit.name


class BlocFilter(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, validators=YEAR_VALIDATORS, min_value=2000, max_value=2100)
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)


class BlocForm(forms.ModelForm):
    """Creating (organiser and year chosen) or editing (leader and deputy among the members)."""

    class Meta:
        model = Bloc
        fields = ["name", "year", "organiser", "note", "pledge_signed_on", "self_scoring_due_on", "leader", "deputy"]
        widgets = {
            "pledge_signed_on": DayInput(), "self_scoring_due_on": DayInput(), "note": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"organiser": UnitChoice, "leader": MemberChoice, "deputy": MemberChoice}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The organiser and the year make the bloc what it is (members are of that year): fixed once made.
            del self.fields["organiser"], self.fields["year"]
            members = BlocMember.objects.filter(bloc=self.instance).select_related("unit").order_by("unit__name", "pk")
            for role in ("leader", "deputy"):
                self.fields[role].queryset = members
                self.fields[role].empty_label = _("— None yet —")
        else:
            del self.fields["leader"], self.fields["deputy"]
            self.fields["organiser"].queryset = organisers = organiser_units(user)
            only = list(organisers[:2])
            if not self.is_bound and len(only) == 1:
                self.initial["organiser"] = only[0].pk


    def validate_unique(self):
        """The service checks the name (once per organiser and year) and says so in its own words."""


class MemberAddForm(forms.Form):
    unit = UnitByCodeField(
        label=_("Unit to add"),
        help_text=_("Type the unit code, or part of its name to get suggestions."),
        widget=UnitCodeInput(attrs={"placeholder": _("unit code or name")}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = Unit.objects.visible_to(user).active()


class BandForm(forms.Form):
    label = forms.CharField(label=_("Rating"), max_length=60, required=False)
    min_total = forms.DecimalField(label=_("From a total of"), required=False, min_value=0, max_value=POINTS_MAX, decimal_places=2, localize=True)

    def clean(self):
        data = super().clean()
        if bool(data.get("label", "").strip()) != (data.get("min_total") is not None):
            raise forms.ValidationError(_("Give both the rating and the total it starts from, or leave the row empty."))
        return data


BandFormSet = forms.formset_factory(BandForm, extra=2, max_num=20, absolute_max=20)


class LineForm(forms.Form):
    code = forms.CharField(label=_("Number"), max_length=20, required=False)
    name = forms.CharField(label=_("Content"), max_length=500, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Criterion.Kind.choices, initial=Criterion.Kind.ITEM)
    max_points = forms.DecimalField(
        label=_("Maximum"), required=False, min_value=0, max_value=POINTS_MAX, decimal_places=POINTS["decimal_places"], localize=True,
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("code", "").strip() or data.get("name", "").strip() or data.get("max_points") is not None)

    def clean(self):
        data = super().clean()
        if self.is_blank():
            return data
        missing = [label for name, label in (("code", _("number")), ("name", _("content"))) if not data.get(name, "").strip()]
        if data.get("max_points") is None and "max_points" not in self.errors:
            missing.append(_("maximum"))
        if missing:
            raise forms.ValidationError(_("Fill in the %(fields)s of this line, or empty it.") % {"fields": ", ".join(str(m) for m in missing)})
        return data


class BaseLineFormSet(forms.BaseFormSet):
    def lines(self):
        """The filled rows, in order (blank rows are ignored, so "add row" leaves nothing behind)."""
        from blocs.sheets import SheetLine

        return [
            SheetLine(form.cleaned_data["code"].strip(), form.cleaned_data["name"].strip(), form.cleaned_data["kind"], form.cleaned_data["max_points"])
            for form in self.forms
            if not form.is_blank() and not (self.can_delete and form.cleaned_data.get("DELETE"))
        ]


LineFormSet = forms.formset_factory(LineForm, formset=BaseLineFormSet, extra=3, can_delete=True, max_num=200, absolute_max=200)


class SheetCopyForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Copy the sheet of"), queryset=Bloc.objects.none())

    def __init__(self, *args, user, bloc, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = copy_sources(user, bloc)
        self.fields["source"].label_from_instance = lambda source: f"{source.name} ({source.year})"


def copy_sources(user, bloc):
    """Blocs the user sees with a sheet: earlier years, or the same organiser's, this one excepted."""
    return (
        Bloc.objects.visible_to(user)
        .filter(Q(year__lt=bloc.year) | Q(organiser_id=bloc.organiser_id))
        .filter(criteria__isnull=False)
        .exclude(pk=bloc.pk)
        .distinct()
        .order_by("-year", "name", "pk")
    )
