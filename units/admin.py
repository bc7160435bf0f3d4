from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from units import services
from units.models import EmployeeCategory, Ethnicity, Person, RoleAssignment, TrainingRecord, Unit, UnitType, UnitYearStats


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
