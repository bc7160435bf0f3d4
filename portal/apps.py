"""What every app of the portal shares, importing no domain app: the home page and the menu, the
state-change pattern, background jobs, notices and attachments (see docs/decisions/0009-portal-shared-package.md)."""
from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        # Before any URLconf is imported: every app's urls.py may use <id:pk>.
        from portal import converters

        converters.register()

        # Every installed app's menu.py adds its menu entries and home blocks (portal/menu.py).
        autodiscover_modules("menu")
