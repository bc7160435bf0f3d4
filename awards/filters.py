import django_filters
from django import forms
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.forms import MAX_YEAR, MIN_YEAR
from awards.models import Award, AwardForm, Decision, DecisionState
from units import access
from units.models import vi_order


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
        return queryset.filter(issuing_path__startswith=unit.path) if unit else queryset

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


# Rows read past the page on the first try: a person awarded twice in the year comes back twice.
DUPLICATES_ALLOWED = 50


class AwardedInTreeOrder:
    """The paginator's ids(bottom, top) for `people` holding one of `awards` (a people_awarded subquery,
    whose area is the list's): that slice's ids in the list's tree order (units.Person.in_tree_order).

    It walks the awards in their index's order, the awardee's path, and fetches each awardee by id: a page
    costs what lies before it, not every match of the area. As `pk__in` the same list is a semi-join, for
    which PostgreSQL 15 expects a fraction of the matches (it knows of no tie between the awards of an area
    and the people of that area) and so reads every member of a province, or fetches and sorts every match,
    before the first page (decision 34). A join cannot say DISTINCT here without sorting it all, so a person
    with two such awards is dropped the second time here, in Python; and since an OFFSET would count those
    twice, every read starts at the top. The rows read are kept: the count (to SUBQUERY_COUNT_CAP) and the
    pages within it come from one read."""

    def __init__(self, people, awards):
        # The awardee's path is the person's unit_path (kept in step by awards.awardee_paths), in the same
        # byte order; then the name as the list orders it (units.models.vi_order, its collation carried by
        # the subquery's column).
        people = people.order_by().annotate(name_order=vi_order("full_name")).values("id", "name_order")
        people_sql, people_params = people.query.sql_with_params()
        awards_sql, awards_params = awards.order_by().values("person_id", "awardee_path").query.sql_with_params()
        self.sql = (f"SELECT p.id FROM ({people_sql}) p JOIN ({awards_sql}) a ON a.person_id = p.id "
                    f"ORDER BY a.awardee_path, p.name_order, p.id LIMIT %s")
        self.params = (*people_params, *awards_params)
        self.read: list[int] = []  # the distinct ids of the rows read so far, in order
        self.limit = 0  # the last read's LIMIT
        self.reached_end = False

    def __call__(self, bottom: int, top: int) -> list[int]:
        limit = max(top + DUPLICATES_ALLOWED, 2 * self.limit)
        while len(self.read) < top and not self.reached_end:
            with connection.cursor() as cursor:
                cursor.execute(self.sql, (*self.params, limit))
                rows = [pk for (pk,) in cursor.fetchall()]
            self.read, self.limit, self.reached_end = list(dict.fromkeys(rows)), limit, len(rows) < limit
            limit *= 2
        return self.read[bottom:top]


class _AwardedFilter:
    """What the two filters share: the area the list shows, as a Q on the awardee's path (the unit chosen
    in the list's filter, a unit the user reaches; else the user's whole reach); the list narrowed to the
    people holding `awarded(value)`; and the walk to a page of them (units.filters.PersonFilter.page_ids)."""

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def area(self) -> Q:
        chosen = self.parent.form.cleaned_data.get("unit")
        return Q(awardee_path__startswith=chosen.path) if chosen else access.reach_q(self.user, "awardee_path")

    def awarded(self, value):
        raise NotImplementedError

    def filter(self, queryset, value):
        awarded = self.awarded(value)
        return queryset if awarded is None else queryset.filter(pk__in=awarded)

    def page_ids(self, people, value) -> AwardedInTreeOrder | None:
        awarded = self.awarded(value)
        return None if awarded is None else AwardedInTreeOrder(people, awarded)


class AwardedFormFilter(_AwardedFilter, django_filters.ModelChoiceFilter):
    """The member list's "awarded form X" (with the year beside it, when given)."""

    def awarded(self, value):
        if not value:
            return None
        return people_awarded(form=value, year=self.parent.form.cleaned_data.get("award_year"), area=self.area())


class AwardedYearFilter(_AwardedFilter, django_filters.NumberFilter):
    """The member list's "awarded in year Y" (any form, when no form is chosen)."""

    def awarded(self, value):
        if value is None or self.parent.form.cleaned_data.get("award_form"):
            return None
        return people_awarded(year=int(value), area=self.area())


def member_list_filters(user) -> dict:
    return {
        "award_form": AwardedFormFilter(user=user, label=_("Awarded"), queryset=AwardForm.objects.all(), empty_label=_("Any award or none")),
        "award_year": AwardedYearFilter(
            user=user, label=_("Award year"), min_value=MIN_YEAR, max_value=MAX_YEAR, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
        ),
    }
