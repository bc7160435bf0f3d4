"""A unit's plan and launch for a campaign: recording them, correcting them, and the date rules.

Both are fields of the unit's Duty (campaigns.duties keeps who owes). Who may record: rules.can_record_duty
(the unit's chair, the officers and staff above it). A form sends the duty's `version` it was opened
with; a duty saved by someone else meanwhile is refused (StaleEdit) instead of overwritten. Without a
version the call is a first recording, refused when one is already there. The date rules live in
`date_problems`, which the Excel import (campaigns.import_launches) calls too, so a row is refused
for exactly the reasons a form is.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import rules
from campaigns.models import Duty, LaunchMethod

PLAN_NUMBER_MAX = Duty._meta.get_field("plan_number").max_length


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


class StaleEdit(Exception):
    """The duty was saved by someone else after the form was opened; nothing was written."""

    def __init__(self, duty: Duty):
        self.duty = duty
        parts = []
        if duty.plan_date:
            parts.append(_("plan %(number)s of %(date)s") % {"number": duty.plan_number, "date": _day(duty.plan_date)})
        if duty.launched_on:
            parts.append(_("launch on %(date)s") % {"date": _day(duty.launched_on)})
        listed = "; ".join(parts) or _("their record was saved again")
        super().__init__(
            _("Someone else saved this duty after you opened it (%(what)s). The page now shows what is recorded; "
              "make your change again and save.") % {"what": listed}
        )


def date_problems(campaign, *, plan_date, launched_on, today: datetime.date | None = None) -> dict[str, str]:
    """What is wrong with a plan dated `plan_date` and a launch on `launched_on` (either may be None)
    for `campaign`: field name → message, empty when both are right."""
    today = today or timezone.localdate()
    problems = {}
    if plan_date and plan_date > today:
        problems["plan_date"] = _("The plan's date %(date)s is in the future.") % {"date": _day(plan_date)}
    if launched_on and launched_on > today:
        problems["launched_on"] = _("The launch date %(date)s is in the future.") % {"date": _day(launched_on)}
    elif launched_on and campaign.document_date and launched_on < campaign.document_date:
        problems["launched_on"] = _(
            "The launch on %(launch)s is before the campaign's own launch document (%(number)s of %(date)s)."
        ) % {"launch": _day(launched_on), "number": campaign.document_number or "—", "date": _day(campaign.document_date)}
    if plan_date and launched_on and plan_date > launched_on and "plan_date" not in problems:
        problems["plan_date"] = _(
            "The plan is dated %(plan)s, after the launch on %(launch)s: a unit plans before it launches."
        ) % {"plan": _day(plan_date), "launch": _day(launched_on)}
    return problems


def not_owed_message() -> str:
    return _("This unit no longer owes this campaign (its duty passed to the unit it merged into, or closed when "
             "it ended): nothing can be recorded for it.")


def _locked(duty: Duty) -> Duty:
    """The duty's row, locked until the transaction ends (without a join), then its campaign and unit."""
    locked = Duty.objects.select_for_update().get(pk=duty.pk)
    locked.campaign = duty.campaign if duty.campaign_id == locked.campaign_id else locked.campaign
    locked.unit = duty.unit if duty.unit_id == locked.unit_id else locked.unit
    return locked


def _open(duty: Duty, by, version: int | None) -> Duty:
    if not rules.can_record_duty(by, duty):
        raise PermissionDenied
    locked = _locked(duty)
    if locked.state != Duty.State.OWED:
        raise ValidationError(not_owed_message(), code="not_owed")
    if version is not None and locked.version != version:
        raise StaleEdit(locked)
    return locked


def _raise(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError({field: ValidationError(message, code=field) for field, message in problems.items()})


@transaction.atomic
def plan_record(*, duty: Duty, number: str, date: datetime.date | None, by, version: int | None = None) -> Duty:
    """Record (or, with the `version` the form was opened with, correct) the unit's plan. Raises
    ValidationError (per field, in the user's language), StaleEdit or PermissionDenied; writes nothing then."""
    duty = _open(duty, by, version)
    number = " ".join((number or "").split())
    if version is None and duty.has_plan:
        raise ValidationError(
            _("A plan is already recorded for this campaign (%(number)s of %(date)s). Open it to correct it.")
            % {"number": duty.plan_number or "—", "date": _day(duty.plan_date)},
            code="second_plan",
        )
    problems = {}
    if not number:
        problems["plan_number"] = _("Write the plan's number.")
    elif len(number) > PLAN_NUMBER_MAX:
        problems["plan_number"] = _("The plan's number is longer than %(max)s characters.") % {"max": PLAN_NUMBER_MAX}
    if date is None:
        problems["plan_date"] = _("Write the plan's date.")
    # Only the plan's date is judged here: the recorded launch is the launch form's business.
    dates = date_problems(duty.campaign, plan_date=date, launched_on=duty.launched_on)
    problems = {**({"plan_date": dates["plan_date"]} if "plan_date" in dates else {}), **problems}
    _raise(problems)
    duty.plan_number, duty.plan_date = number, date
    duty.plan_recorded_by, duty.plan_recorded_at = by, timezone.now()
    duty.version += 1
    duty.save(update_fields=["plan_number", "plan_date", "plan_recorded_by", "plan_recorded_at", "version", "updated_at"])
    return duty


@transaction.atomic
def launch_record(
    *, duty: Duty, on: datetime.date | None, method: str, note: str = "", by, version: int | None = None
) -> Duty:
    """Record (or, with `version`, correct) the unit's launch of the campaign: the day and how."""
    duty = _open(duty, by, version)
    if version is None and duty.has_launch:
        raise ValidationError(
            _("A launch is already recorded for this campaign (on %(date)s). Open it to correct it.")
            % {"date": _day(duty.launched_on)},
            code="second_launch",
        )
    problems = {}
    if on is None:
        problems["launched_on"] = _("Write the day of the launch.")
    if method not in LaunchMethod.values:
        problems["launch_method"] = _("Choose how the campaign was launched.")
    dates = date_problems(duty.campaign, plan_date=duty.plan_date, launched_on=on)
    dates.setdefault("launched_on", dates.pop("plan_date", None))  # a launch before the plan: the launch's date is wrong
    problems = {**{k: v for k, v in dates.items() if v}, **problems}
    _raise(problems)
    duty.launched_on, duty.launch_method, duty.note = on, method, (note or "").strip()
    duty.launch_recorded_by, duty.launch_recorded_at = by, timezone.now()
    duty.version += 1
    duty.save(update_fields=["launched_on", "launch_method", "note", "launch_recorded_by", "launch_recorded_at", "version", "updated_at"])
    return duty
