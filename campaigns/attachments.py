"""The campaign records that take files: the launch document, a unit's plan and launch evidence,
the minutes of a review, a progress report, an exemplar's photo. Who may attach: campaigns.rules."""

from campaigns import rules
from campaigns.models import Campaign, Duty, Exemplar, ProgressEntry, Review
from portal import attachments


def register():
    attachments.register(Campaign, can_attach=rules.can_manage_campaign)
    attachments.register(Duty, can_attach=rules.can_record_duty)
    attachments.register(ProgressEntry, can_attach=lambda user, entry: rules.can_record_for_unit(user, entry.unit))
    attachments.register(Review, can_attach=lambda user, review: rules.can_record_for_unit(user, review.unit))
    attachments.register(Exemplar, can_attach=lambda user, exemplar: rules.can_record_for_unit(user, exemplar.unit))
