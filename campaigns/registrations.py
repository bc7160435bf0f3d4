"""Registrations to emulate (đăng ký thi đua), progress entries and reviews (sơ kết, tổng kết) of a
campaign: the services. Each takes the acting user as `by`, checks the rule of campaigns/rules.py
itself and writes in one transaction; a refusal is a ValidationError with the user's message, and
nothing is written.

A unit takes part in a campaign when it owes it (a counted Duty: campaigns/duties.py decides who,
never recomputed here) or launched it (the launching unit holds its own reviews, KPI 2).
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import rules
from campaigns.models import Campaign, Duty, ProgressEntry, Registration, RegistrationEntry, Review, Title
from units.models import Person, Unit


def takes_part(campaign: Campaign, unit: Unit) -> bool:
    return unit.pk == campaign.launching_unit_id or Duty.objects.counted().filter(campaign=campaign, unit=unit).exists()


def taking_part_units(campaign: Campaign):
    """The units taking part, as a queryset of units (the forms narrow it to the user's reach)."""
    owing = Duty.objects.counted().filter(campaign=campaign).values("unit_id")
    return Unit.objects.filter(Q(pk__in=owing) | Q(pk=campaign.launching_unit_id))


def _check_takes_part(campaign: Campaign, unit: Unit) -> None:
    if not takes_part(campaign, unit):
        raise ValidationError({"unit": _("This campaign does not apply to %(unit)s.") % {"unit": unit.name}})


def campaign_years(campaign: Campaign) -> range:
    return range(campaign.starts_on.year, campaign.ends_on.year + 1)


def _check_year(campaign: Campaign, year: int) -> None:
    if year not in campaign_years(campaign):
        raise ValidationError({"year": _("The campaign runs from %(start)s to %(end)s: register for a year in it.") % {
            "start": campaign.starts_on.year, "end": campaign.ends_on.year}})


def _check_collective(title: Title | None) -> None:
    if title is not None and not title.for_collective:
        raise ValidationError({"collective_title": _("%(title)s is a title for a person, not a collective.") % {"title": title.name}})


def _checked_entries(unit: Unit, entries: Iterable[tuple[Person, Title]]) -> list[tuple[Person, Title]]:
    """Members must be current members of the registering unit itself; titles, for a person."""
    entries = list(entries)
    for person, title in entries:
        if person.unit_id != unit.pk or person.has_left:
            raise ValidationError({"add": _("%(name)s is not a current member of %(unit)s.") % {"name": person.full_name, "unit": unit.name}})
        if title.for_collective:
            raise ValidationError({"add_title": _("%(title)s is a title for a collective, not a person.") % {"title": title.name}})
    return entries


@transaction.atomic
def registration_create(
    *, campaign: Campaign, unit: Unit, year: int, collective_title: Title | None, note: str = "",
    entries: Iterable[tuple[Person, Title]] = (), registered_on: datetime.date | None = None, by,
) -> Registration:
    if not rules.can_register(by, campaign, unit):
        raise PermissionDenied
    _check_takes_part(campaign, unit)
    _check_year(campaign, year)
    _check_collective(collective_title)
    entries = _checked_entries(unit, entries)
    # One per (campaign, unit, year): the unique constraint holds it; this says it in words (and the
    # row lock on the unit keeps two chairs' simultaneous first saves from both passing the test).
    Unit.objects.select_for_update().filter(pk=unit.pk).first()
    if Registration.objects.filter(campaign=campaign, unit=unit, year=year).exists():
        raise ValidationError({"year": _("%(unit)s has already registered for this campaign in %(year)s: edit that registration.") % {
            "unit": unit.name, "year": year}})
    registration = Registration.objects.create(
        campaign=campaign, unit=unit, year=year, collective_title=collective_title, note=note,
        registered_on=registered_on or timezone.localdate(), recorded_by=by,
    )
    RegistrationEntry.objects.bulk_create(
        RegistrationEntry(registration=registration, person=person, title=title) for person, title in entries
    )
    return registration


@transaction.atomic
def registration_update(
    *, registration: Registration, collective_title: Title | None, note: str = "",
    add: Iterable[tuple[Person, Title]] = (), remove: Iterable[int] = (), by,
) -> Registration:
    """Change the collective title and note; add members (with their titles) and remove members
    (by person id). A member added twice keeps one entry, with the title given last."""
    registration = Registration.objects.select_for_update().select_related("campaign", "unit").get(pk=registration.pk)
    if not rules.can_register(by, registration.campaign, registration.unit):
        raise PermissionDenied
    _check_collective(collective_title)
    add = _checked_entries(registration.unit, add)
    registration.collective_title = collective_title
    registration.note = note
    registration.recorded_by = by
    registration.save(update_fields=["collective_title", "note", "recorded_by", "updated_at"])
    remove = set(remove)
    if remove:
        registration.entries.filter(person_id__in=remove).delete()
    for person, title in add:
        RegistrationEntry.objects.update_or_create(registration=registration, person=person, defaults={"title": title})
    return registration


def _check_unit_reports(campaign: Campaign, unit: Unit, by) -> None:
    if not rules.can_report_on(by, campaign, unit):
        raise PermissionDenied
    _check_takes_part(campaign, unit)


@transaction.atomic
def progress_create(
    *, campaign: Campaign, unit: Unit, period_start: datetime.date, period_end: datetime.date, summary: str, by,
) -> ProgressEntry:
    _check_unit_reports(campaign, unit, by)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    if period_start > timezone.localdate():
        raise ValidationError({"period_start": _("The period has not started yet.")})
    if period_end < campaign.starts_on or period_start > campaign.ends_on:
        raise ValidationError({"period_start": _("The period lies outside the campaign (%(start)s – %(end)s).") % {
            "start": campaign.starts_on.strftime("%d/%m/%Y"), "end": campaign.ends_on.strftime("%d/%m/%Y")}})
    if not summary.strip():
        raise ValidationError({"summary": _("Say what was done in the period.")})
    return ProgressEntry.objects.create(
        campaign=campaign, unit=unit, period_start=period_start, period_end=period_end, summary=summary.strip(), recorded_by=by
    )


@transaction.atomic
def review_create(
    *, campaign: Campaign, unit: Unit, kind: str, held_on: datetime.date, summary: str,
    participants: int = 0, initiatives: int = 0, benefit_value: int = 0, by,
) -> Review:
    _check_unit_reports(campaign, unit, by)
    if held_on < campaign.starts_on:
        raise ValidationError({"held_on": _("A review cannot be held before the campaign starts (%(day)s).") % {
            "day": campaign.starts_on.strftime("%d/%m/%Y")}})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A review cannot be dated in the future.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Summarise the review.")})
    review = Review(
        campaign=campaign, unit=unit, kind=kind, held_on=held_on, summary=summary.strip(),
        participants=participants, initiatives=initiatives, benefit_value=benefit_value, recorded_by=by,
    )
    # The model's bounded-number validators (participants, initiatives, benefit): the same limits
    # for a script as for the form.
    review.full_clean(exclude=["campaign", "unit", "recorded_by"])
    review.save()
    return review
