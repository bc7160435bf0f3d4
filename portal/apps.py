from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Before any URLconf is imported: every app's urls.py may use <id:pk>.
        from portal import converters

        converters.register()
