from django.contrib import admin

from blocs.models import Bloc


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    """Read-only: blocs are set up, scored and reviewed on their own pages (blocs.services), where the
    rules and the life cycle apply."""

    list_display = ["name", "year", "organiser", "state"]
    list_filter = ["state", "year"]
    search_fields = ["name"]
    list_select_related = ["organiser"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
