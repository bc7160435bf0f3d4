"""What changes a bloc: setting it up, its members, scoring and the review. Each function takes the
acting user, checks the action rule (blocs.rules), and writes in one transaction; a refusal writes
nothing. Moves of the bloc's life cycle go through portal.states (BLOC)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs import rules, sheets
from blocs.models import BLOC, DEFAULT_BANDS, Bloc, BlocMember, Criterion, Practice, RatingBand, Review, Score
from portal.notices.services import notify
from portal.states import move


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied


# Setting up


def bloc_create(*, by, organiser, year: int, name: str, note: str = "", pledge_signed_on=None, self_scoring_due_on=None) -> Bloc:
    _require(rules.can_organise_at(by, organiser))
    if Bloc.objects.filter(organiser=organiser, year=year, name=name).exists():
        raise ValidationError({"name": _("%(organiser)s already has a bloc of this name in %(year)s.") % {"organiser": organiser, "year": year}})
    with transaction.atomic():
        bloc = Bloc.objects.create(
            organiser=organiser, year=year, name=name, note=note, pledge_signed_on=pledge_signed_on,
            self_scoring_due_on=self_scoring_due_on, created_by=by,
        )
        RatingBand.objects.bulk_create(RatingBand(bloc=bloc, label=label, min_total=points) for label, points in DEFAULT_BANDS)
    return bloc


def bloc_update(*, bloc, by, **fields) -> Bloc:
    """Name, note, pledge date, the self-score deadline, leader and deputy (members of this bloc)."""
    allowed = {"name", "note", "pledge_signed_on", "self_scoring_due_on", "leader", "deputy"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"bloc_update: {sorted(unknown)}")
    with transaction.atomic():
        locked = Bloc.objects.select_for_update().select_related("organiser__unit_type").get(pk=bloc.pk)
        _require(rules.can_manage_bloc(by, locked))
        if locked.locked:
            raise ValidationError(_("The bloc's review is recorded: it can no longer be changed."), code="locked")
        name = fields.get("name")
        if name and Bloc.objects.filter(organiser=locked.organiser_id, year=locked.year, name=name).exclude(pk=locked.pk).exists():
            raise ValidationError({"name": _("%(organiser)s already has a bloc of this name in %(year)s.") % {"organiser": locked.organiser, "year": locked.year}})
        for role in ("leader", "deputy"):
            member = fields.get(role)
            if member is not None and member.bloc_id != locked.pk:
                raise ValidationError({role: _("The leader and the deputy must be members of the bloc.")})
        if fields.get("leader") is not None and fields.get("leader") == fields.get("deputy"):
            raise ValidationError({"deputy": _("The deputy cannot also be the leader.")})
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def member_add(*, bloc, unit, by) -> BlocMember:
    """A unit sits in at most one bloc a year: a second one is refused, naming the bloc it is in."""
    _require(rules.can_manage_bloc(by, bloc))
    if bloc.locked:
        raise ValidationError(_("The bloc's review is recorded: it can no longer be changed."), code="locked")
    if unit.active_until is not None:
        raise ValidationError({"unit": _("%(unit)s has been dissolved or merged.") % {"unit": unit}})
    other = BlocMember.objects.filter(unit=unit, year=bloc.year).select_related("bloc").first()
    if other:
        raise ValidationError({"unit": _("%(unit)s is already in the bloc “%(bloc)s” for %(year)s.") % {"unit": unit, "bloc": other.bloc.name, "year": bloc.year}})
    try:
        with transaction.atomic():
            return BlocMember.objects.create(bloc=bloc, unit=unit, year=bloc.year)
    except IntegrityError:  # added by someone else at the same moment
        raise ValidationError({"unit": _("%(unit)s is already in a bloc for %(year)s.") % {"unit": unit, "year": bloc.year}}) from None


def member_remove(*, member, by) -> None:
    """Only before anyone has scored it: a member with scores stays (its scores are the record)."""
    bloc = member.bloc
    _require(rules.can_manage_bloc(by, bloc))
    with transaction.atomic():
        locked = Bloc.objects.select_for_update().get(pk=bloc.pk)
        if locked.locked:
            raise ValidationError(_("The bloc's review is recorded: it can no longer be changed."), code="locked")
        if member.scores.exists():
            raise ValidationError(_("%(unit)s has scores on this bloc's sheet and cannot be taken out.") % {"unit": member.unit}, code="scored")
        member.delete()


@dataclass(frozen=True)
class BandLine:
    label: str
    min_total: Decimal


def bands_save(*, bloc, bands: list[BandLine], by) -> None:
    """The bloc's rating bands, replaced whole; thresholds must differ. Changeable until the review."""
    if not bands:
        raise ValidationError(_("Give at least one rating."))
    thresholds = [band.min_total for band in bands]
    if len(set(thresholds)) != len(thresholds):
        raise ValidationError(_("Two ratings start at the same total."))
    with transaction.atomic():
        locked = Bloc.objects.select_for_update().select_related("organiser__unit_type").get(pk=bloc.pk)
        _require(rules.can_manage_bloc(by, locked))
        if locked.locked:
            raise ValidationError(_("The bloc's review is recorded: it can no longer be changed."), code="locked")
        locked.bands.all().delete()
        RatingBand.objects.bulk_create(RatingBand(bloc=locked, label=band.label, min_total=band.min_total) for band in bands)


# The life cycle


def _opening_check(bloc):
    if not bloc.members.exists():
        raise ValidationError(_("The bloc has no members yet."), code="no_members")
    lines = sheets.as_lines(bloc.criteria.order_by("order", "pk"))
    if not lines:
        raise ValidationError(_("The bloc has no scoring sheet yet."), code="no_sheet")
    sheets.check(lines)


def scoring_open(*, bloc, by) -> Bloc:
    """Freeze the sheet and let members score themselves; each member's chair or officer is told, with
    the deadline and a link to their own score sheet (the notices go with the move, or not at all)."""
    _require(rules.can_manage_bloc(by, bloc))
    with transaction.atomic():
        opened = move(bloc, Bloc.State.SCORING, machine=BLOC, by=by, only_from={Bloc.State.SETUP}, change=_opening_check)
        _tell_members_scoring_opened(opened, by=by)
    return opened


def _tell_members_scoring_opened(bloc, *, by) -> None:
    """One query for the accounts of every member, one insert of notices per member."""
    from units.models import RoleAssignment

    members = {member.unit_id: member for member in bloc.members.all()}
    holders: dict[int, list] = {}
    for assignment in RoleAssignment.objects.filter(
        role__in=rules.SELF_SCORERS, unit_id__in=members, user__is_active=True
    ).select_related("user"):
        holders.setdefault(assignment.unit_id, []).append(assignment.user)
    if bloc.self_scoring_due_on:
        body = _("Score your unit on the bloc's sheet, with evidence, by %(day)s.") % {"day": bloc.self_scoring_due_on.strftime("%d/%m/%Y")}
    else:
        body = _("Score your unit on the bloc's sheet, with evidence.")
    for unit_id, users in holders.items():
        notify(
            to=users, by=by, kind="blocs.scoring_opened", body=body, link=members[unit_id].get_absolute_url(),
            title=_("Bloc “%(bloc)s”: self-scoring is open") % {"bloc": bloc.name},
        )


def _no_scores(bloc):
    if Score.objects.filter(member__bloc=bloc).exists():
        raise ValidationError(_("Members have already scored: the sheet can no longer be changed."), code="scored")


def setup_reopen(*, bloc, by) -> Bloc:
    """Back to set-up to fix the sheet, while nobody has scored yet."""
    _require(rules.can_manage_bloc(by, bloc))
    return move(bloc, Bloc.State.SETUP, machine=BLOC, by=by, only_from={Bloc.State.SCORING}, change=_no_scores)


# Scores


def _scored_lines(member) -> dict[int, Criterion]:
    return {criterion.pk: criterion for criterion in sheets.lines_of(member.bloc) if criterion.scored}


def _line_error(criterion, message: str) -> ValidationError:
    """A message about one line, which carries the line's id (params["criterion"]) so that a page can
    show it beside that line; its text is unchanged ("%" doubled: Django formats it with the params)."""
    return ValidationError(message.replace("%", "%%"), code="points", params={"criterion": criterion.pk})


def _check_points(criterion, points) -> list[ValidationError]:
    if points is None:
        return []
    if points < 0:
        return [_line_error(criterion, _("Line %(code)s: a score cannot be below 0.") % {"code": criterion.code})]
    if points > criterion.max_points:
        return [_line_error(criterion, _("Line %(code)s: %(points)s is above the line's maximum of %(max)s.") % {
            "code": criterion.code, "points": sheets._points(points), "max": sheets._points(criterion.max_points)})]
    return []


def _lock_scoring(member) -> Bloc:
    """Lock the bloc row: scoring and the review take turns, so no score lands after the lock."""
    bloc = Bloc.objects.select_for_update().select_related("organiser__unit_type").get(pk=member.bloc_id)
    member.bloc = bloc
    if bloc.locked:
        raise ValidationError(_("The bloc's review is recorded: its scores are locked."), code="locked")
    return bloc


def self_score(*, member, points: dict[int, Decimal | None], by, today: datetime.date | None = None) -> None:
    """The member's own points, by criterion id (None clears a line), before the deadline."""
    today = today or timezone.localdate()
    with transaction.atomic():
        bloc = _lock_scoring(member)
        _require(rules.is_self_scorer(by, member))
        if bloc.state != Bloc.State.SCORING:
            raise ValidationError(_("Scoring has not opened for this bloc."), code="not_open")
        if not rules.self_scoring_open(bloc, today):
            raise ValidationError(
                _("Self-scores were due by %(day)s: they can no longer be changed.") % {"day": bloc.self_scoring_due_on.strftime("%d/%m/%Y")},
                code="deadline",
            )
        lines = _scored_lines(member)
        errors = [message for pk, value in points.items() if pk in lines for message in _check_points(lines[pk], value)]
        if set(points) - set(lines):
            errors.append(_("The sheet has changed: reload the page."))
        if errors:
            raise ValidationError(errors, code="points")
        existing = {s.criterion_id: s for s in Score.objects.select_for_update().filter(member=member, criterion_id__in=points)}
        now = timezone.now()
        for pk, value in points.items():
            score = existing.get(pk) or Score(member=member, criterion_id=pk)
            if score.pk and score.self_points == value:
                continue
            score.self_points, score.self_by, score.self_at = value, by, now
            score.save()


def official_score(*, member, entries: dict[int, tuple[Decimal | None, str]], by) -> None:
    """The organiser's points by criterion id, each with its reason: a reason is required wherever the
    official score differs from the member's self-score, so that the member sees why."""
    with transaction.atomic():
        bloc = _lock_scoring(member)
        _require(rules.can_manage_bloc(by, bloc))
        if bloc.state != Bloc.State.SCORING:
            raise ValidationError(_("Scoring has not opened for this bloc."), code="not_open")
        lines = _scored_lines(member)
        existing = {s.criterion_id: s for s in Score.objects.select_for_update().filter(member=member, criterion_id__in=entries)}
        errors = []
        if set(entries) - set(lines):
            errors.append(_("The sheet has changed: reload the page."))
        for pk, (value, reason) in entries.items():
            if pk not in lines:
                continue
            errors += _check_points(lines[pk], value)
            own = existing[pk].self_points if pk in existing else None
            if value is not None and own is not None and value != own and not reason.strip():
                errors.append(_line_error(lines[pk], _("Line %(code)s: the official score differs from the self-score (%(own)s): say why.") % {
                    "code": lines[pk].code, "own": sheets._points(own)}))
        if errors:
            raise ValidationError(errors, code="points")
        now = timezone.now()
        for pk, (value, reason) in entries.items():
            score = existing.get(pk) or Score(member=member, criterion_id=pk)
            reason = reason.strip() if value is not None else ""
            if score.pk and score.official_points == value and score.official_reason == reason:
                continue
            score.official_points, score.official_reason, score.official_by, score.official_at = value, reason, by, now
            score.save()


# The annual review


@dataclass(frozen=True)
class PracticeLine:
    title: str = ""
    description: str = ""
    exemplar: object = None
    presented_by: BlocMember | None = None


def review_record(
    *, bloc, by, held_on: datetime.date, acclaimed: BlocMember | None, proposed_title=None,
    practices: list[PracticeLine] = (), place: str = "", note: str = "",
) -> Review:
    """Record the tổng kết khối: the bloc moves to "reviewed" and its scores lock, in one transaction."""
    if acclaimed is not None and acclaimed.bloc_id != bloc.pk:
        raise ValidationError({"acclaimed": _("The acclaimed unit must be a member of the bloc.")})
    if acclaimed is None and proposed_title is not None:
        raise ValidationError({"proposed_title": _("Name the acclaimed member to propose it for a title.")})
    for line in practices:
        if line.presented_by is not None and line.presented_by.bloc_id != bloc.pk:
            raise ValidationError(_("A practice is presented by a member of the bloc."))
        if not (line.title.strip() or line.exemplar):
            raise ValidationError(_("Each new model or good practice needs a title or an exemplar."))
    _require(rules.can_manage_bloc(by, bloc))

    def write(locked):
        # A review taken back and recorded again is the same review: it keeps its id (a dossier that took
        # up its proposal points at it), its minutes and, while it proposes the same, the take-up mark.
        review = Review.objects.filter(bloc=locked).first() or Review(bloc=locked)
        if review.proposal_taken_up_at and (review.acclaimed != acclaimed or review.proposed_title != proposed_title):
            raise ValidationError(_(
                "The proposal of this review has been taken up as %(reference)s: the acclaimed member and the title "
                "proposed stay as they were."
            ) % {"reference": review.proposal_reference})
        review.held_on, review.place, review.acclaimed, review.proposed_title = held_on, place, acclaimed, proposed_title
        review.note, review.recorded_by, review.recorded_at = note, by, timezone.now()
        review.save()
        review.practices.all().delete()
        Practice.objects.bulk_create(
            Practice(
                review=review, exemplar=line.exemplar, presented_by=line.presented_by,
                title=line.title.strip() or line.exemplar.title, description=line.description,
            )
            for line in practices
        )

    locked = move(bloc, Bloc.State.REVIEWED, machine=BLOC, by=by, only_from={Bloc.State.SCORING}, change=write,
                  note=_("Review held on %(day)s") % {"day": held_on.strftime("%d/%m/%Y")})
    return locked.review


def review_reopen(*, bloc, by, reason: str) -> Bloc:
    """Take the review back (a mistake found after it was recorded): scores unlock; the reason is kept."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the review is taken back.")})
    _require(rules.can_manage_bloc(by, bloc))
    return move(bloc, Bloc.State.SCORING, machine=BLOC, by=by, only_from={Bloc.State.REVIEWED}, note=reason.strip())
