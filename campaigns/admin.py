from django.contrib import admin

from campaigns.models import Title


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "for_collective", "order"]
    list_editable = ["order"]
    search_fields = ["name", "code"]
