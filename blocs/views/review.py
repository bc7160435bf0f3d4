"""The annual review (tổng kết khối) and the exports: the review page (the record, or the form for
the organiser's staff while scoring), taking it back, the scoring table as Excel and the ranking as
a PDF. Thin views over blocs.services, blocs.ranking, blocs.exports and blocs.handover."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blocs import exports, ranking, rules, services
from blocs.forms_review import PracticeFormSet, ReopenForm, ReviewForm
from blocs.models import Bloc, Practice, Review
from campaigns.models import Exemplar
from portal.forms import show_refusal
from portal.attachments.services import attachment_add
from portal.states import transitions_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible_bloc(request, pk) -> Bloc:
    """Whoever reaches the organiser or a member sees the bloc, its review and its exports (404 otherwise)."""
    return get_object_or_404(
        Bloc.objects.visible_to(request.user).select_related("organiser__unit_type", "organiser__parent"), pk=pk
    )


def _review_of(bloc) -> Review | None:
    return (
        Review.objects.filter(bloc=bloc)
        .select_related("acclaimed__unit", "proposed_title", "recorded_by", "proposal_taken_up_by")
        .first()
    )




def _initial_from(review) -> dict:
    """A review taken back and recorded again starts from what was recorded."""
    if review is None:
        return {}
    return {
        "held_on": review.held_on, "place": review.place, "acclaimed": review.acclaimed_id, "proposed_title": review.proposed_title_id,
        "note": review.note, "exemplars": [p.exemplar_id for p in review.practices.all() if p.exemplar_id],
    }


def _kpi(bloc, review) -> dict:
    """KPI 5 for this bloc: counted when reviewed with at least one practice (Review.counted_for_kpi)."""
    reviewed = bloc.state == Bloc.State.REVIEWED and review is not None
    counted = reviewed and Review.objects.filter(pk=review.pk).counted_for_kpi().exists()
    return {"reviewed": reviewed, "counted": counted}


def _record(request, bloc, form, practices):
    data = form.cleaned_data
    lines = [services.PracticeLine(exemplar=exemplar) for exemplar in data["exemplars"]]
    lines += [line for line in (f.line() for f in practices) if line is not None]
    # One transaction: a refused record stores no file, and a refused file records no review.
    with transaction.atomic():
        review = services.review_record(
            bloc=bloc, by=request.user, held_on=data["held_on"], place=data["place"].strip(), acclaimed=data["acclaimed"],
            proposed_title=data["proposed_title"], practices=lines, note=data["note"].strip(),
        )
        if data["minutes"]:
            attachment_add(owner=review, upload=data["minutes"], by=request.user)
    return review


@login_required
def review(request, pk):
    bloc = _visible_bloc(request, pk)
    recorded = _review_of(bloc)
    can_record = rules.can_record_review(request.user, bloc)
    if request.method == "POST" and not can_record:
        if not rules.can_manage_bloc(request.user, bloc):
            raise PermissionDenied
        # A second tab, or a page opened before the review was recorded elsewhere.
        messages.error(request, _("The review cannot be recorded now: reload the page."))
        return redirect("blocs:review", bloc.pk)
    standings = ranking.standings(bloc)
    form = practices = None
    if can_record:
        members = list(bloc.members.select_related("unit").order_by("unit__name", "pk"))
        ranked = {s.member_id: i for i, s in enumerate(standings)}
        members.sort(key=lambda member: ranked.get(member.pk, len(ranked)))
        bound = request.method == "POST"
        form = ReviewForm(
            request.POST if bound else None, request.FILES if bound else None,
            user=request.user, bloc=bloc, standings=standings, members=members, initial=_initial_from(recorded),
        )
        practices = PracticeFormSet(request.POST if bound else None, prefix="practice", form_kwargs={"members": members})
        if bound and form.is_valid() & practices.is_valid():  # both checked, so every error shows at once
            try:
                _record(request, bloc, form, practices)
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, _("The review is recorded: the bloc's scores are locked."))
                return redirect("blocs:review", bloc.pk)
    shown = recorded if bloc.state == Bloc.State.REVIEWED else None
    practices_shown = []
    if shown is not None:
        practices_shown = list(Practice.objects.filter(review=shown).select_related("exemplar", "presented_by__unit"))
        seen = set(Exemplar.objects.visible_to(request.user).filter(pk__in=[p.exemplar_id for p in practices_shown if p.exemplar_id]).values_list("pk", flat=True))
        for practice in practices_shown:
            practice.exemplar_shown = practice.exemplar if practice.exemplar_id in seen else None
    taken_back = None
    if recorded is not None and shown is None:
        taken_back = transitions_of(bloc).filter(source=Bloc.State.REVIEWED).last()
    context = {
        "bloc": bloc,
        "review": shown,
        "practices": practices_shown,
        "standings": standings,
        "acclaimed_standing": next((s for s in standings if shown and s.member_id == shown.acclaimed_id), None),
        "form": form,
        "practice_forms": practices,
        "kpi": _kpi(bloc, shown),
        "taken_back": taken_back,
        "can_reopen": rules.can_reopen_review(request.user, bloc),
        "reopen_form": ReopenForm(auto_id="id_reopen_%s") if rules.can_reopen_review(request.user, bloc) else None,
    }
    status = 400 if form is not None and (form.errors or any(f.errors for f in practices)) else 200
    return render(request, "blocs/review/review.html", context, status=status)


@login_required
@require_POST
def review_reopen(request, pk):
    bloc = _visible_bloc(request, pk)
    if not rules.can_manage_bloc(request.user, bloc):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("blocs:review", bloc.pk)
    try:
        services.review_reopen(bloc=bloc, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The review is taken back: scores can be changed again."))
    return redirect("blocs:review", bloc.pk)


@login_required
def scores_export(request, pk):
    bloc = _visible_bloc(request, pk)
    response = HttpResponse(exports.scores_workbook(bloc), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exports.scores_filename(bloc)}"'
    return response


@login_required
def ranking_pdf(request, pk):
    bloc = _visible_bloc(request, pk)
    response = HttpResponse(exports.ranking_pdf(bloc), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{exports.ranking_filename(bloc)}"'
    return response
