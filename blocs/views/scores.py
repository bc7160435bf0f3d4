"""A member's score sheet and the bloc's ranking (issue 15, scope 3).

The bloc is found through Bloc.objects.visible_to and the member through BlocMember.objects.visible_to
(its own reach and the organiser's): another bloc's member, or another member of the same bloc, gets a
404. What may be changed is blocs.rules; the numbers are checked and written by blocs.services, whose
messages are shown beside the line they are about; totals and ranks are blocs.ranking's."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from blocs import rules, services, sheets
from blocs.ranking import standings as bloc_standings
from blocs.forms_scores import SheetForm
from blocs.models import Bloc, BlocMember, Score
from portal.attachments import content
from portal.attachments.models import Attachment
from portal.attachments.services import attachment_add


def _bloc(request, pk) -> Bloc:
    return get_object_or_404(Bloc.objects.visible_to(request.user).select_related("organiser__unit_type"), pk=pk)


def _closed_message(bloc) -> str:
    """Why nothing can be scored now (the services' own words)."""
    if bloc.locked:
        return _("The bloc's review is recorded: its scores are locked.")
    if bloc.state == Bloc.State.SETUP:
        return _("Scoring has not opened for this bloc.")
    return _("Self-scores were due by %(day)s: they can no longer be changed.") % {"day": bloc.self_scoring_due_on.strftime("%d/%m/%Y")}


def _split(error: ValidationError) -> tuple[dict, list]:
    """The service's messages by line id (those that name a line), and the others."""
    by_line, general = defaultdict(list), []
    for item in getattr(error, "error_list", None) or [ValidationError(message) for message in error.messages]:
        line = (item.params or {}).get("criterion")
        (by_line[line] if line else general).extend(item)
    return by_line, general


def _files_by_score(scores) -> dict:
    files = defaultdict(list)
    if scores:
        found = Attachment.objects.filter(content_type=ContentType.objects.get_for_model(Score), object_id__in=[s.pk for s in scores])
        for attachment in found.order_by("uploaded_at", "pk"):
            files[attachment.object_id].append(attachment)
    return files


def _save_self(request, form, member, scores) -> None:
    """The member's points and evidence files, in one transaction: a refused file writes no points.
    A file on a line not scored yet needs its score row: the service makes it (with no points)."""
    uploads = form.uploads()
    points = {pk: value for pk, value in form.values().items() if value is not None or pk in scores or pk in uploads}
    with transaction.atomic():
        services.self_score(member=member, points=points, by=request.user)
        for score in Score.objects.filter(member=member, criterion_id__in=uploads).select_related("member__bloc"):
            attachment_add(owner=score, upload=uploads[score.criterion_id], by=request.user)


def _check_uploads(form) -> bool:
    """Each evidence file by its content before anything is written (portal/attachments)."""
    for pk, upload in form.uploads().items():
        try:
            content.check_upload(upload)
        except ValidationError as error:
            form.add_error(f"file-{pk}", error)
    return not form.errors


@login_required
def member_scores(request, pk, member):
    bloc = _bloc(request, pk)
    member = get_object_or_404(BlocMember.objects.visible_to(request.user).filter(bloc=bloc).select_related("unit"), pk=member)
    member.bloc = bloc
    user = request.user
    lines = sheets.lines_of(bloc)
    scored = [line for line in lines if line.scored]
    scores = {score.criterion_id: score for score in member.scores.all()}
    self_scorer, organiser = rules.is_self_scorer(user, member), rules.can_manage_bloc(user, bloc)
    # The organiser's staff score officially; whoever sees everything (the administrator) counts as both,
    # and is offered the organiser's form rather than the member's own.
    if rules.can_score_officially(user, bloc):
        allowed = "official"
    elif self_scorer and rules.can_self_score(user, member):
        allowed = "self"
    else:
        allowed = None
    mode = allowed
    errors, general, status = {}, [], 200
    if request.method == "POST":
        # What the page posted, checked again here: the rules say who, the services say when.
        part = request.POST.get("part")
        if part not in ("self", "official"):
            return HttpResponseBadRequest()
        if not (self_scorer if part == "self" else organiser):
            raise PermissionDenied
        mode = part
        form = SheetForm(request.POST, request.FILES, lines=scored, mode=mode, scores=scores)
        if form.is_valid() and (mode == "official" or _check_uploads(form)):
            try:
                if mode == "self":
                    _save_self(request, form, member, scores)
                else:
                    entries = {pk: entry for pk, entry in form.values().items() if entry[0] is not None or pk in scores}
                    services.official_score(member=member, entries=entries, by=user)
            except ValidationError as error:
                errors, general = _split(error)
            else:
                messages.success(request, _("The self-scores are saved.") if mode == "self" else _("The official scores are saved."))
                return redirect(member)
        status = 400
        if mode != allowed:  # refused as a whole (the lock, the deadline): no form to fill again
            form = mode = None
    else:
        form = SheetForm(lines=scored, mode=mode, scores=scores) if mode else None
    files = _files_by_score(list(scores.values()))
    rows = [
        {
            "line": line, "score": scores.get(line.pk), "files": files.get(getattr(scores.get(line.pk), "pk", None), []),
            "fields": form.line_fields(line) if form and line.scored else [], "errors": errors.get(line.pk, []),
        }
        for line in lines
    ]
    standing = next(s for s in bloc_standings(bloc) if s.member_id == member.pk)
    context = {
        "bloc": bloc, "member": member, "rows": rows, "form": form, "mode": mode, "general_errors": general,
        "standing": standing, "summary": sheets.summary(lines),
        "self_scorer": self_scorer, "organiser": organiser,
        "closed": _closed_message(bloc) if (self_scorer or organiser) and not mode and not general else "",
        "may_attach": mode == "self",
    }
    return render(request, "blocs/scores/sheet.html", context, status=status)


@login_required
def ranking(request, pk):
    bloc = _bloc(request, pk)
    standings = bloc_standings(bloc)
    # A unit's sheet is linked only for those who may open it (its own reach and the organiser's).
    open_sheets = set(BlocMember.objects.visible_to(request.user).filter(bloc=bloc).values_list("pk", flat=True))
    context = {
        "bloc": bloc, "standings": standings, "open_sheets": open_sheets, "summary": sheets.summary(sheets.lines_of(bloc)),
        "organiser": rules.can_manage_bloc(request.user, bloc),
    }
    return render(request, "blocs/scores/ranking.html", context)

