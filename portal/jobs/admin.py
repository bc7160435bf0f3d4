from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal import states
from portal.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Read-only: jobs move only through portal.jobs.runner (the owner's pages, the worker, recovery)."""

    list_display = ["created_at", "kind", "owner", "state", "done", "total", "attempts", "lease_until", "input_name"]
    list_filter = ["state", "kind"]
    search_fields = ["owner__username", "input_name"]
    date_hierarchy = "created_at"
    list_select_related = ["owner"]
    readonly_fields = ["moves"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("state changes"))
    def moves(self, obj):
        return "\n".join(f"{t.at:%d/%m/%Y %H:%M:%S} {t.source or '·'} → {t.target} {t.by or ''} {t.note}" for t in states.transitions_of(obj))
