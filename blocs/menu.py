"""What `blocs` adds to the portal's menu (portal/menu.py)."""

from django.utils.translation import gettext_lazy as _

from portal.menu import MenuEntry, register

register(
    MenuEntry(_("Emulation blocs"), "blocs:list", order=18, group=_("Emulation campaigns"), active_on=("blocs:list", "blocs:create", "blocs:detail", "blocs:edit", "blocs:members", "blocs:bands", "blocs:sheet", "blocs:scores", "blocs:ranking", "blocs:review")),
)
