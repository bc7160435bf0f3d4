"""The bloc records that take files: the pledge (giao ước), a self-score's evidence, the review's
minutes. Who may attach: blocs.rules."""

from django.utils.translation import gettext_lazy as _

from blocs import rules
from blocs.models import Bloc, Review, Score
from portal import attachments

PLEDGE = "pledge"
BLOC_PURPOSES = {PLEDGE: _("Pledge (giao ước)")}


def register():
    attachments.register(Bloc, can_attach=lambda user, bloc: not bloc.locked and rules.can_manage_bloc(user, bloc), purposes=BLOC_PURPOSES)
    attachments.register(Score, can_attach=rules.can_attach_evidence)
    attachments.register(Review, can_attach=lambda user, review: rules.can_manage_bloc(user, review.bloc))
