from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from campaigns import attachments, duties
        from units.signals import tree_changed

        attachments.register()
        tree_changed.connect(duties.on_tree_changed, dispatch_uid="campaigns.duties")
