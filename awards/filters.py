import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.forms import MAX_YEAR, MIN_YEAR
from awards.models import Award, AwardForm, Decision, DecisionState
from units import access


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Number, symbol or subject"), method="filter_text")
    year = django_filters.NumberFilter(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    state = django_filters.ChoiceFilter(label=_("State"), choices=DecisionState.choices, empty_label=_("All"))
    unit = django_filters.ChoiceFilter(label=_("Issuing unit"), method="filter_unit", empty_label=_("All units in my area"))
    form = django_filters.ModelChoiceFilter(
        label=_("Award form"), queryset=AwardForm.objects.all(), method="filter_form", empty_label=_("All forms")
    )

    class Meta:
        model = Decision
        fields = ["q", "year", "state", "unit", "form"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.filters["unit"].extra["choices"] = [(str(u.pk), u.display_name) for u in units]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        number, _sep, symbol = value.partition("/")
        if number.strip().isdigit():
            found = queryset.filter(number=int(number.strip()))
            return found.filter(symbol__icontains=symbol.strip()) if symbol.strip() else found
        return queryset.filter(Q(symbol__icontains=value) | Q(subject__icontains=value) | Q(issuer_name__icontains=value))

    def filter_unit(self, queryset, name, value):
        unit = self.units.get(value)
        return queryset.filter(issuing_unit__path__startswith=unit.path) if unit else queryset

    def filter_form(self, queryset, name, value):
        return queryset.filter(pk__in=Award.objects.filter(form=value).values("decision_id"))


def people_awarded(*, form: AwardForm | None = None, year: int | None = None, area: Q | None = None):
    """The ids of people holding an award in force of `form` in `year` (either may be left out), among the
    awardees now in `area` (a Q on the awardee's path): a subquery the member list filters with. It reads
    one range of the award_form_year_area (or award_year_area) index alone: the awards of one district,
    not the hundreds of thousands of the form and year in the country, whose every member the list would
    probe. An issued decision is one that is not a draft, and the drafts are few (the decision_drafts index)."""
    drafts = Decision.objects.filter(state=DecisionState.DRAFT).values("pk")
    awards = Award.objects.filter(person__isnull=False, cancelled_by__isnull=True).exclude(decision_id__in=drafts)
    if form is not None:
        awards = awards.filter(form=form)
    if year is not None:
        awards = awards.filter(year=year)
    if area is not None:
        awards = awards.filter(area)
    return awards.values("person_id")


class _AwardedFilter:
    """What the two filters share: the area the list shows, as a Q on the awardee's path (the unit chosen
    in the list's filter, a unit the user reaches; else the user's whole reach)."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def area(self) -> Q:
        chosen = self.parent.form.cleaned_data.get("unit")
        return Q(awardee_path__startswith=chosen.path) if chosen else access.reach_q(self.user, "awardee_path")


class AwardedFormFilter(_AwardedFilter, django_filters.ModelChoiceFilter):
    """The member list's "awarded form X" (with the year beside it, when given)."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        year = self.parent.form.cleaned_data.get("award_year")
        return queryset.filter(pk__in=people_awarded(form=value, year=year, area=self.area()))


class AwardedYearFilter(_AwardedFilter, django_filters.NumberFilter):
    """The member list's "awarded in year Y" (any form, when no form is chosen)."""

    def filter(self, queryset, value):
        if value is None or self.parent.form.cleaned_data.get("award_form"):
            return queryset
        return queryset.filter(pk__in=people_awarded(year=int(value), area=self.area()))


def member_list_filters(user) -> dict:
    return {
        "award_form": AwardedFormFilter(user=user, label=_("Awarded"), queryset=AwardForm.objects.all(), empty_label=_("Any award or none")),
        "award_year": AwardedYearFilter(
            user=user, label=_("Award year"), min_value=MIN_YEAR, max_value=MAX_YEAR, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
        ),
    }
