"""The award catalogues are kept in the admin by province staff; decisions are shown there but written
only through the pages' services: an issued decision is read-only here as everywhere."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from awards.models import Award, AwardForm, AwardFund, AwardType, BaseSalary, Decision, DecisionCounter
from portal.admin import ReadOnlyAdmin


@admin.register(AwardForm)
class AwardFormAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "scope", "is_yearly_title", "prize_multiplier", "collective_prize_multiplier", "vote_threshold", "once_per_person", "order", "is_active"]
    list_editable = ["order"]
    list_filter = ["scope", "is_yearly_title", "is_active"]
    search_fields = ["name", "code", "aliases"]
    filter_horizontal = ["granting_unit_types"]


@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "counts_towards_chains", "needs_benefit_value", "is_employer_award", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code", "aliases"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    """Changing a row changes the prizes of drafts only: issued decisions keep their amounts."""

    list_display = ["valid_from", "amount", "rounding_step", "legal_basis"]


@admin.register(AwardFund)
class AwardFundAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "budget", "note"]
    list_filter = ["year"]
    search_fields = ["unit__name", "unit__code"]
    raw_id_fields = ["unit"]
    list_select_related = ["unit"]


class AwardInline(admin.TabularInline):
    model = Award
    fk_name = "decision"
    fields = ["awardee_name", "unit_name", "form", "award_type", "year", "prize_amount", "cancelled_by", "published"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    """Listed and shown only: drafts are edited on the decision pages (through the services, which
    check who may), and an issued decision is never edited anywhere."""

    list_display = ["__str__", "issuing_unit", "decided_on", "state", "source", "correction"]
    list_filter = ["state", "source", "year"]
    search_fields = ["symbol", "subject", "issuing_unit__name", "issuer_name"]
    list_select_related = ["issuing_unit"]
    inlines = [AwardInline]
    show_full_result_count = False

    @admin.display(description=_("number"))
    def reference(self, obj):
        return obj.reference


@admin.register(DecisionCounter)
class DecisionCounterAdmin(ReadOnlyAdmin):
    list_display = ["issuing_unit", "year", "last_number"]
    list_select_related = ["issuing_unit"]
