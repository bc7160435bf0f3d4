"""The campaign records that take files: the launch document, a unit's plan and launch evidence,
the minutes of a review, a progress report, an exemplar's photo. Who may attach: campaigns.rules.

A duty's two files are two slots of the same record (portal.attachments purposes): the plan file
and the launch evidence, uploaded and listed apart on the duty's page."""

from django.utils.translation import gettext_lazy as _

from campaigns import rules
from campaigns.models import Campaign, Duty, Exemplar, ProgressEntry, Review
from portal import attachments

PLAN, LAUNCH = "plan", "launch"
DUTY_PURPOSES = {PLAN: _("Plan file"), LAUNCH: _("Launch evidence")}


def _may_attach_to_duty(user, duty) -> bool:
    # A duty passed to a successor or closed with its unit takes no more files, as it takes no more records.
    return rules.can_record_duty_now(user, duty)


def register():
    attachments.register(Campaign, can_attach=rules.can_manage_campaign)
    attachments.register(Duty, can_attach=_may_attach_to_duty, purposes=DUTY_PURPOSES)
    attachments.register(ProgressEntry, can_attach=lambda user, entry: rules.can_record_for_unit(user, entry.unit))
    attachments.register(Review, can_attach=lambda user, review: rules.can_record_for_unit(user, review.unit))
    attachments.register(Exemplar, can_attach=lambda user, exemplar: rules.can_record_for_unit(user, exemplar.unit))
