from django.contrib import admin

from portal.models import Transition


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows only a service writes (history, transitions): the admin lists and shows them, nothing more."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["at", "owner_type", "owner_id", "source", "target", "by", "note"]
    list_filter = ["owner_type", "target"]
    search_fields = ["owner_id", "by__username", "note"]
    list_select_related = ["owner_type", "by"]
