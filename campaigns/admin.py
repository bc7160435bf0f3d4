from django.contrib import admin

from campaigns.models import Campaign, Title


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "for_collective", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    """Read-only for the catalogue keepers: campaigns are made, launched and closed on their own pages
    (campaigns.services), where the rules and the state machine apply."""

    list_display = ["code", "name", "year", "launching_unit", "state"]
    list_filter = ["state", "year", "kind"]
    search_fields = ["code", "name"]
    list_select_related = ["launching_unit"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
