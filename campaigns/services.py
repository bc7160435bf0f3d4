"""What people do with a campaign itself: create and edit a draft, launch it, close and reopen it,
remind the late units. Every function takes the acting user as `by` and checks campaigns.rules
itself (decision 14); every state change goes through portal.states.move."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaigns import rules
from campaigns.duties import applicable_units
from campaigns.models import CAMPAIGN, Campaign, Duty
from portal.notices.services import notify
from portal.states import move
from units.access import Role

# Who is told of a unit's duty: whoever runs that union (a grassroots union's chair; the officers of
# an upper-level union that owes a campaign meant for its type).
CHAIR_ROLES = {Role.GRASSROOTS_CHAIR, Role.UPPER_LEVEL_OFFICER}

EDITABLE_FIELDS = [
    "code", "name", "theme", "kind", "year", "launching_unit", "parent", "launched_outside_by", "starts_on", "ends_on",
    "plans_due_on", "sectors", "women_units_only", "criteria", "targets", "document_number", "document_date",
]


def _check_manage(campaign: Campaign, by) -> None:
    if not rules.can_manage_campaign(by, campaign):
        raise PermissionDenied(_("Only the staff of the launching unit manage this campaign."))


def campaign_save(campaign: Campaign, *, unit_types, by) -> Campaign:
    """Create or change a draft (a form's unsaved instance): launched by a unit the user may launch at."""
    if not rules.can_launch_at(by, campaign.launching_unit):
        raise PermissionDenied(_("You may not launch campaigns for this unit."))
    if campaign.pk:
        current = Campaign.objects.select_related("launching_unit__unit_type").get(pk=campaign.pk)
        _check_manage(current, by)
        if current.state != Campaign.State.DRAFT:
            raise ValidationError(_("A launched campaign can no longer be changed."))
    else:
        campaign.created_by = by
    with transaction.atomic():
        campaign.save()
        campaign.unit_types.set(unit_types)
    return campaign


def overlapping(campaign: Campaign):
    """Other launched campaigns whose period overlaps this one's and which units it would apply to
    already owe: one query (an EXISTS over their duties against campaigns.duties.applicable_units)."""
    units = applicable_units(campaign).values("pk")
    return (
        Campaign.objects.filter(state=Campaign.State.LAUNCHED, starts_on__lte=campaign.ends_on, ends_on__gte=campaign.starts_on)
        .exclude(pk=campaign.pk)
        .filter(Exists(Duty.objects.filter(campaign=OuterRef("pk"), state=Duty.State.OWED, unit__in=units)))
    )


def _refuse_without_document(campaign: Campaign) -> None:
    missing = {}
    if not campaign.document_number.strip():
        missing["document_number"] = _("A campaign is launched by a document: enter its number before launching.")
    if campaign.document_date is None:
        missing["document_date"] = _("Enter the date of the launch document before launching.")
    if missing:
        raise ValidationError(missing)


def campaign_launch(campaign: Campaign, *, by) -> Campaign:
    """Launch a draft: the page returns at once; the task worker makes the duties and tells every
    owing unit's chair (campaigns.tasks.launch_fan_out)."""
    _check_manage(campaign, by)

    def change(locked):
        _refuse_without_document(locked)
        locked.launched_at = timezone.now()

    with transaction.atomic():
        launched = move(campaign, Campaign.State.LAUNCHED, machine=CAMPAIGN, by=by, change=change, fields=["launched_at"])
        transaction.on_commit(lambda: _enqueue_fan_out(launched.pk, by.pk if by else None))
    return launched


def _enqueue_fan_out(campaign_id: int, by_id) -> None:
    from campaigns.tasks import launch_fan_out

    launch_fan_out.enqueue(campaign_id, by_id)


def campaign_close(campaign: Campaign, *, by, note: str = "") -> Campaign:
    _check_manage(campaign, by)
    return move(campaign, Campaign.State.CLOSED, machine=CAMPAIGN, by=by, note=note)


def campaign_reopen(campaign: Campaign, *, by, note: str = "") -> Campaign:
    _check_manage(campaign, by)
    return move(campaign, Campaign.State.LAUNCHED, machine=CAMPAIGN, by=by, note=note, only_from=[Campaign.State.CLOSED])


def tell_owing_units(campaign: Campaign, *, by=None) -> int:
    """One notice to the chair of every unit that owes the campaign: the chairs read in one query, the
    notices written in one bulk insert (portal.notices.notify with every recipient at once)."""
    from units.notices import role_holders_of_units

    owing = Duty.objects.filter(campaign=campaign).counted().values("unit_id")
    chairs = list(role_holders_of_units(roles=CHAIR_ROLES, units=owing))
    notices = notify(
        to=chairs,
        by=by,
        kind="campaigns.launched",
        title=_("New campaign: %(name)s") % {"name": campaign.name},
        body=_("%(unit)s has launched “%(name)s”. Record your union's plan and launch by %(due)s.")
        % {"unit": campaign.launching_unit.name, "name": campaign.name, "due": date_format(campaign.plans_due_on, "d/m/Y")},
        link=campaign.get_absolute_url(),
    )
    return len(notices)


def late_duties(campaign: Campaign, under, user, day: datetime.date | None = None):
    """The duties of `campaign` under the unit `under` that the user sees and that are late on `day`."""
    day = day or timezone.localdate()
    return (
        Duty.objects.visible_to(user)
        .filter(campaign=campaign, unit_path__startswith=under.path)
        .counted()
        .not_done()
        .filter(campaign__plans_due_on__lt=day)
    )


def remind_late(campaign: Campaign, *, under, by) -> int:
    """A notice to the chair of every late unit under `under` (one query for the chairs, one insert
    for the notices), and the duties' `reminded_at` set; returns how many units were late."""
    from units.notices import role_holders_of_units

    if not rules.can_chase(by, campaign, under):
        raise PermissionDenied(_("You may not remind these units."))
    if campaign.state != Campaign.State.LAUNCHED:
        raise ValidationError(_("Only a running campaign's late units are reminded."))
    with transaction.atomic():
        late = late_duties(campaign, under, by)
        ids = list(late.values_list("pk", flat=True))
        if not ids:
            return 0
        chairs = list(role_holders_of_units(roles=CHAIR_ROLES, units=Duty.objects.filter(pk__in=ids).values("unit_id")))
        Duty.objects.filter(pk__in=ids).update(reminded_at=timezone.now())
        notify(
            to=chairs,
            by=by,
            kind="campaigns.reminder",
            title=_("Reminder: your plan and launch of “%(name)s” are late") % {"name": campaign.name},
            body=_("They were due by %(due)s. Record them in the portal.") % {"due": date_format(campaign.plans_due_on, "d/m/Y")},
            link=campaign.get_absolute_url(),
        )
    return len(ids)
