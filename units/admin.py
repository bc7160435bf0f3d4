"""The admin writes through the same services as the pages, so it checks the same action rules and
leaves the same history (a unit's edit event, a member's move, counts, training and role changes)."""

from django import forms
from django.contrib import admin
from django.db.models import Case, CharField, F, OuterRef, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from portal.admin import ReadOnlyAdmin
from units import accounts, membership, services
from units.models import (
    CatalogueAlias,
    ChangeRecord,
    EmployeeCategory,
    Ethnicity,
    Person,
    RoleAssignment,
    Sector,
    TrainingRecord,
    Unit,
    UnitType,
    UnitYearStats,
)


@admin.register(UnitType)
class UnitTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_province_federation", "is_upper_level", "is_grassroots", "is_member_union"]
    list_editable = ["order"]


@admin.register(EmployeeCategory)
class EmployeeCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_direct_worker"]
    list_editable = ["order", "is_direct_worker"]


@admin.register(Ethnicity)
class EthnicityAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    search_fields = ["name"]


class CatalogueAliasForm(forms.ModelForm):
    """One select for what the alias means, grouped by catalogue, instead of a catalogue and a free-text code."""

    meaning = forms.ChoiceField(label=_("stands for"))

    class Meta:
        model = CatalogueAlias
        fields = ["alias"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meaning"].choices = [
            (str(label), [(f"{catalogue}:{entry.target}", entry.label) for entry in CatalogueAlias.entries(catalogue)])
            for catalogue, label in CatalogueAlias.Catalogue.choices
        ]
        if self.instance.pk:
            self.initial["meaning"] = f"{self.instance.catalogue}:{self.instance.target}"
        self.order_fields(["meaning", "alias"])

    def _post_clean(self):
        catalogue, _sep, target = self.cleaned_data.get("meaning", "").partition(":")
        self.instance.catalogue, self.instance.target = catalogue, target
        super()._post_clean()


@admin.register(CatalogueAlias)
class CatalogueAliasAdmin(admin.ModelAdmin):
    """The other ways users write a catalogue value in Excel imports; the next import uses them."""

    form = CatalogueAliasForm
    list_display = ["alias", "catalogue", "meaning"]
    list_filter = ["catalogue"]
    search_fields = ["alias", "target"]
    list_per_page = 100

    def get_queryset(self, request):
        # The readable name of what each alias means, in the list's own query (not one per row).
        def name_of(model):
            return Subquery(model.objects.filter(code=OuterRef("target")).values("name")[:1])

        sector = Case(*[When(target=value, then=Value(str(label))) for value, label in Sector.choices], default=F("target"))
        return (
            super()
            .get_queryset(request)
            .annotate(
                meaning_name=Case(
                    When(catalogue=CatalogueAlias.Catalogue.UNIT_TYPE, then=name_of(UnitType)),
                    When(catalogue=CatalogueAlias.Catalogue.CATEGORY, then=name_of(EmployeeCategory)),
                    When(catalogue=CatalogueAlias.Catalogue.SECTOR, then=sector),
                    default=F("target"),
                    output_field=CharField(),
                )
            )
        )

    @admin.display(description=_("stands for"), ordering="meaning_name")
    def meaning(self, alias):
        return alias.meaning_name or alias.target


class YearStatsInlineForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].disabled = True  # a saved year's counts are corrected, not moved to another year


class YearStatsInline(admin.TabularInline):
    model = UnitYearStats
    form = YearStatsInlineForm
    extra = 0
    can_delete = False


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """Read and correct unit details; the tree itself changes only through the portal's pages,
    which keep its history (moves, merges and dissolutions are dated)."""

    list_display = ["code", "name", "unit_type", "parent", "sector", "active_until"]
    list_filter = ["unit_type", "sector"]
    search_fields = ["code", "name", "search_text"]
    list_select_related = ["unit_type", "parent"]
    readonly_fields = ["parent", "path", "depth", "numchild", "active_until", "successor"]
    fields = ["code", "name", "short_name", "unit_type", "sector", "address", "active_from", *readonly_fields]
    inlines = [YearStatsInline]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Through the tree service, so a new start date also moves the start of the unit's history.
        services.unit_update(unit=obj, changes={name: form.cleaned_data[name] for name in form.changed_data}, by=request.user)

    def save_formset(self, request, form, formset, change):
        # The yearly counts go through their service, which records who changed them; commit=False
        # still tells the admin what changed, for its own log.
        for stats in formset.save(commit=False):
            services.unit_counts_save(
                unit=form.instance, year=stats.year, members=stats.members, workers=stats.workers, women=stats.women,
                by=request.user,
            )

    def has_delete_permission(self, request, obj=None):
        return False


class PersonAdminForm(forms.ModelForm):
    """Carries the version the page was opened at, like the portal's own form."""

    # Not named "version": the admin refuses a form field named like a non-editable model field.
    opened_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    opened = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["opened_version"] = self.instance.version
            self.initial["opened"] = membership.opened_stamp(self.instance)

    def clean(self):
        data = super().clean()
        # The service refuses a stale save too (under the row's lock); checking here gives a form error.
        if self.instance.pk:
            current = Person.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if current != data.get("opened_version"):
                fresh = Person.objects.get(pk=self.instance.pk)
                raise forms.ValidationError(str(membership.StaleEdit(membership.changed_since(fresh, data.get("opened") or ""))))
        return data


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "sex", "date_of_birth", "unit", "category", "works_on_emulation"]
    list_filter = ["sex", "category", "works_on_emulation"]
    # Searched like the member list: without accents, every word, a citizen-ID prefix (get_search_results).
    search_fields = ["search_text"]
    search_help_text = _("Full name, with or without accents, or the first digits of a citizen ID")
    list_select_related = ["unit", "category"]
    raw_id_fields = ["unit"]

    form = PersonAdminForm
    fields = [*membership.EDITED_FIELDS, "left_on", "left_reason", "opened_version", "opened"]
    readonly_fields = ["left_on", "left_reason"]  # leaving and return are recorded on the person's page

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def save_model(self, request, obj, form, change):
        # Through the member services: a change of union writes the same "moved" event as the page does.
        values = {name: form.cleaned_data[name] for name in membership.EDITED_FIELDS if name in form.cleaned_data}
        if change:
            saved = membership.person_update(
                person=obj, values=values, version=form.cleaned_data.get("opened_version") or 0,
                opened=form.cleaned_data.get("opened") or "", by=request.user,
            )
        else:
            saved = membership.person_create(values=values, by=request.user)
        obj.pk, obj.version = saved.pk, saved.version

    def has_delete_permission(self, request, obj=None):
        return False  # people stay in the registry: their awards point at them


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "course", "organiser", "held_on", "attended"]
    raw_id_fields = ["person"]

    def has_change_permission(self, request, obj=None):
        return False  # a wrong record is removed and added again, each leaving its dated row

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in ("course", "organiser", "held_on", "attended")}
        obj.pk = membership.training_record_add(person=form.cleaned_data["person"], values=values, by=request.user).pk

    def delete_model(self, request, obj):
        membership.training_record_remove(record=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for record in queryset.select_related("person"):
            membership.training_record_remove(record=record, by=request.user)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    raw_id_fields = ["unit"]
    search_fields = ["user__username", "unit__name", "unit__code"]

    def has_change_permission(self, request, obj=None):
        return False  # roles are given and taken back, each leaving its dated row

    def save_model(self, request, obj, form, change):
        obj.pk = accounts.role_grant(by=request.user, username=obj.user.username, role=obj.role, unit=obj.unit).pk

    def delete_model(self, request, obj):
        accounts.role_revoke(by=request.user, assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("unit", "user"):
            accounts.role_revoke(by=request.user, assignment=assignment)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(ReadOnlyAdmin):
    """Read only: the rows are written by the services."""

    list_display = ["recorded_at", "kind", "unit", "person", "account", "summary", "recorded_by"]
    list_filter = ["kind"]
    list_select_related = ["unit", "person", "account", "recorded_by"]
    search_fields = ["unit__name", "unit__code", "account__username", "person__full_name"]
    date_hierarchy = "recorded_at"
