import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.pages import list_filters_for
from portal.params import DB_INT_MAX, bounded_int
from units import access
from units.models import EmployeeCategory, Ethnicity, Person, Sex, Unit, UnitType


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (with the units under it)"), queryset=Unit.objects.none(), method="filter_subtree"
    )
    category = django_filters.ModelChoiceFilter(label=_("Employee category"), queryset=EmployeeCategory.objects.all())
    sex = django_filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices)
    ethnicity = django_filters.ModelChoiceFilter(label=_("Ethnicity"), queryset=Ethnicity.objects.all())
    status = django_filters.ChoiceFilter(
        label=_("Membership"),
        choices=[("left", _("Left the union")), ("all", _("Current and former members"))],
        empty_label=_("Current members"),
        method="filter_status",
    )
    works_on_emulation = django_filters.BooleanFilter(
        label=_("Works on emulation and awards"), widget=forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))])
    )

    class Meta:
        model = Person
        fields = ["q", "unit", "category", "sex", "ethnicity", "status", "works_on_emulation"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Filters other apps add to the member list (the awards' "awarded X in year Y"): portal/pages.py.
        self.extra_names = []
        for name, extra in list_filters_for("units.person_list", user).items():
            extra.parent = self
            extra.field_name = extra.field_name or name
            self.filters[name] = extra
            self.extra_names.append(name)
        field = self.form.fields["unit"]
        field.queryset = Unit.objects.visible_to(user)
        # Offer the user's own units and the level of unions just below them (54 provinces
        # for national staff, not 800 unions); any other unit in reach comes by the link on its page.
        top = access.reach_top_depth(user)
        offered = list(
            Unit.objects.visible_to(user)
            .active()
            # depth__gte is implied by the reach; said here so both sides of the OR are index
            # ranges (unit_depth_path, the path's unique index), not a scan of the whole area.
            .filter(
                Q(depth__gte=top, depth__lte=top + 1, unit_type_id__in=UnitType.objects.filter(is_grassroots=False).values("pk"))
                | access.reach_tops_q(user, "path", roots=Q(depth=1))
            )
            .order_by("path")
            .values_list("pk", "name", "depth", "unit_type__is_grassroots", "short_name")
        )
        # A chair's area is their one union: nothing to choose, and no need to name it on every row.
        self.only_unit = offered[0][1] if len(offered) == 1 and offered[0][3] else None
        chosen = bounded_int(self.data.get("unit"), default=None, min_value=1, max_value=DB_INT_MAX)
        if chosen and not any(pk == chosen for pk, *_ in offered):
            extra = Unit.objects.visible_to(user).filter(pk=chosen).values_list("pk", "name", "depth", "unit_type__is_grassroots", "short_name").first()
            if extra:
                offered.append(extra)
        top = min((depth for _, _, depth, *_ in offered), default=1)
        # The catalogues' choices from one plain query each: a ModelChoiceField would read them again
        # through a server-side cursor (three round trips) every time the select is drawn.
        for name in ("category", "ethnicity"):
            choice = self.form.fields[name]
            choice.widget.choices = [("", choice.empty_label)] + [(row.pk, choice.label_from_instance(row)) for row in choice.queryset]
        # Short names ("LĐLĐ huyện Tuần Giáo"): a select on a phone shows about 35 characters.
        field.widget.choices = [("", _("All units"))] + [
            (pk, "\u2003" * (depth - top) + (short_name or name)) for pk, name, depth, _, short_name in offered
        ]

    @property
    def extra_fields(self):
        """The other apps' filters, as bound fields for the page."""
        return [self.form[name] for name in self.extra_names]

    @property
    def extra_chosen(self) -> bool:
        return any(self.form[name].value() for name in self.extra_names)

    def filter_queryset(self, queryset):
        # Without a choice, the list is of current members (the filter methods only run for a value).
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.current()
        for name, value in self.form.cleaned_data.items():
            if name not in self._skipped:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset.departed() if value == "left" else queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    _skipped = frozenset()

    def _filtered_without(self, skipped):
        self._skipped = frozenset(skipped)
        try:
            return self.filter_queryset(self.queryset.all())
        finally:
            self._skipped = frozenset()

    @property
    def unsearched_qs(self):
        """The list with every filter but the search: what units.person_search walks."""
        return self._filtered_without({"q"})

    def page_ids(self):
        """The paginator's ids(bottom, top) from another app's chosen filter that walks to a page faster than
        the list's own query (the awards' "awarded X in year Y", awards.filters.AwardedInTreeOrder), given
        the list with that app's filters left out; or None."""
        if not self.form.is_valid():
            return None
        for name in self.extra_names:
            walk = getattr(self.filters[name], "page_ids", None)
            ids = walk and walk(self._filtered_without(self.extra_names), self.form.cleaned_data.get(name))
            if ids:
                return ids
        return None

    def filter_subtree(self, queryset, name, unit):
        return queryset.in_subtree(unit)
