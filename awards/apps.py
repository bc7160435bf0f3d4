from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from awards import awardee_paths, decision_areas, import_jobs, tasks_documents
        from units import signals

        import_jobs.register()
        tasks_documents.register()
        signals.members_moved.connect(awardee_paths.on_members_moved, dispatch_uid="awards.awardee_paths")
        signals.subtree_moved.connect(awardee_paths.on_subtree_moved, dispatch_uid="awards.awardee_paths")
        signals.checking_tree_copies.connect(awardee_paths.copy_problems, dispatch_uid="awards.awardee_paths")
        signals.subtree_moved.connect(decision_areas.on_subtree_moved, dispatch_uid="awards.decision_areas")
        signals.checking_tree_copies.connect(decision_areas.copy_problems, dispatch_uid="awards.decision_areas")
