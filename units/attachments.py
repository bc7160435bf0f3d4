"""Units take attachments (their founding decision and other documents): attached by those who may
change the tree at the unit, seen by whoever sees the unit."""

from portal import attachments
from units import access
from units.models import Unit


def register():
    attachments.register(Unit, can_attach=access.can_edit_tree_at)
