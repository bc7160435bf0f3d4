from django import forms
from django.contrib import admin
from django.db.models import Case, CharField, F, OuterRef, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from units import services
from units.models import CatalogueAlias, EmployeeCategory, Ethnicity, Person, RoleAssignment, Sector, TrainingRecord, Unit, UnitType, UnitYearStats


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


class YearStatsInline(admin.TabularInline):
    model = UnitYearStats
    extra = 0


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

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "sex", "date_of_birth", "unit", "category", "works_on_emulation"]
    list_filter = ["sex", "category", "works_on_emulation"]
    # Searched like the member list: without accents, every word, a citizen-ID prefix (get_search_results).
    search_fields = ["search_text"]
    search_help_text = _("Full name, with or without accents, or the first digits of a citizen ID")
    list_select_related = ["unit", "category"]
    raw_id_fields = ["unit"]

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "course", "organiser", "held_on", "attended"]
    raw_id_fields = ["person"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]
    raw_id_fields = ["unit"]
    search_fields = ["user__username", "unit__name", "unit__code"]
