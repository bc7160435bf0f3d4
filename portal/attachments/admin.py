from django.contrib import admin
from django.db import transaction

from portal.attachments.models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only register of stored files (uploads go through the record's page and its checks);
    deleting here also removes the file from storage."""

    list_display = ["filename", "kind", "purpose", "size", "content_type", "object_id", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["filename", "sha256"]
    list_select_related = ["content_type", "uploaded_by"]
    readonly_fields = [f.name for f in Attachment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def _remove_files(self, attachments):
        names = [(a.file.storage, a.file.name) for a in attachments]
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])

    def delete_model(self, request, obj):
        self._remove_files([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._remove_files(list(queryset))
        super().delete_queryset(request, queryset)
