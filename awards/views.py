"""Pages of the award ledger. Every object is loaded through `visible_to`; each action asks its rule
(awards.rules) and calls its service (awards.services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awards import rules, services
from awards.filters import DecisionFilter
from awards.forms import AwardeeAddForm, AwardEditForm, CorrectForm, DecisionForm, FundForm, IssueForm
from awards.documents.models import DecisionDocument
from awards.models import Award, AwardFund, Decision, DecisionState
from awards.views_documents import pdf_context
from blocs import handover
from portal.forms import show_refusal
from portal.params import id_param
from portal.states import transitions_of
from units.models import Person, Unit, vi_order
from units.paging import page_of
from units.person_search import person_search_ids

PICKER_ROWS = 30




def _decision(request, pk, *, for_update=False) -> Decision:
    return get_object_or_404(Decision.objects.visible_to(request.user).select_related("issuing_unit__unit_type", "corrects"), pk=pk)


@login_required
def decision_list(request):
    units = list(rules.decision_units(request.user)[:200])
    decisions = Decision.objects.visible_to(request.user).select_related("issuing_unit", "corrects").order_by("-decided_on", "-id")
    decision_filter = DecisionFilter(request.GET, queryset=decisions, units=units)
    page = page_of(request, decision_filter.qs)
    # The page's counts and totals in one grouped query over its rows only (annotating the list would
    # group every decision in the user's area before the page is cut).
    totals = {
        row["decision_id"]: row
        for row in Award.objects.filter(decision_id__in=[d.pk for d in page]).values("decision_id")
        .annotate(n=Count("pk"), s=Sum("prize_amount")).order_by()
    }
    for decision in page:
        decision.awardee_count = totals.get(decision.pk, {}).get("n", 0)
        decision.prize_total = totals.get(decision.pk, {}).get("s", 0)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "awards/decision_list.html",
        {"filter": decision_filter, "page": page, "query": query.urlencode(), "can_create": rules.can_keep_any_decisions(request.user), "units": units},
    )


def _issuing_unit_for_create(request) -> Unit:
    chosen = id_param(request, "unit")
    if chosen:
        unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("unit_type"), pk=chosen)
    else:
        unit = rules.decision_units(request.user).first()
        if unit is None:
            raise PermissionDenied
    if not rules.can_keep_decisions_at(request.user, unit):
        raise PermissionDenied
    return unit


@login_required
def decision_create(request):
    unit = _issuing_unit_for_create(request)
    year = timezone.localdate().year
    form = DecisionForm(request.POST or None, proposed=services.number_propose(issuing_unit=unit, year=year))
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_create(issuing_unit=unit, by=request.user, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The draft decision is saved: now add the awardees."))
            return redirect(decision)
    elif request.method == "GET":
        form.initial["symbol"] = services.default_symbol(unit)
    choices = [u for u in rules.decision_units(request.user)[:200] if u.pk != unit.pk]
    # The leading members its blocs acclaimed and proposed for a title, not yet made into awards (read only).
    proposals = [p for p in handover.open_proposals(request.user) if p.organiser_id == unit.pk]
    return render(
        request, "awards/decision_form.html",
        {"form": form, "unit": unit, "other_units": choices, "title": _("New decision of %(unit)s") % {"unit": unit.name},
         "cancel_url": reverse("awards:decision-list"), "bloc_proposals": proposals},
    )


@login_required
def decision_detail(request, pk):
    decision = _decision(request, pk)
    awards = list(
        decision.awards.select_related("form", "award_type", "person", "collective", "cancelled_by", "replaces__decision").order_by("order", "id")
    )
    cancelled = list(decision.cancelled_awards.select_related("form", "decision")) if decision.corrects_id else []
    keeps = rules.can_keep_decisions_at(request.user, decision.issuing_unit)
    corrections = [c for c in decision.corrections.order_by("decided_on", "pk") if c.is_issued or keeps]
    can_edit = rules.can_edit_decision(request.user, decision)
    status = services.fund_status(decision=decision)
    # What the decision gives: its awards still in force (a later decision may have cancelled some).
    total = sum(a.prize_amount for a in awards if a.cancelled_by_id is None)
    context = {
        "decision": decision,
        "awards": awards,
        "cancelled": cancelled,
        "corrections": corrections,
        "total": total,
        "fund": status,
        "can_edit": can_edit,
        "can_correct": rules.can_correct_decision(request.user, decision) and any(a.cancelled_by_id is None for a in awards),
        "issue_form": IssueForm(initial={"number": decision.number or services.number_propose(issuing_unit=decision.issuing_unit, year=decision.year)}) if can_edit else None,
        "salary": services.base_salary_on(decision.decided_on),
        "transitions": transitions_of(decision).select_related("by"),
        **pdf_context(decision, DecisionDocument.objects.filter(decision=decision).first(), can_keep=keeps),
    }
    return render(request, "awards/decision_detail.html", context)


def _editable(request, pk) -> Decision:
    decision = _decision(request, pk)
    if not rules.can_keep_decisions_at(request.user, decision.issuing_unit):
        raise PermissionDenied
    return decision


@login_required
def decision_edit(request, pk):
    decision = _editable(request, pk)
    if not decision.is_draft:
        messages.error(request, _("This decision has been issued and can no longer be changed: issue a correcting decision instead."))
        return redirect(decision)
    form = DecisionForm(request.POST or None, instance=decision, proposed=services.number_propose(issuing_unit=decision.issuing_unit, year=decision.year))
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(decision=decision, by=request.user, **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The decision is saved."))
            return redirect(decision)
    return render(
        request, "awards/decision_form.html",
        {"form": form, "unit": decision.issuing_unit, "title": _("Edit the draft decision"), "cancel_url": decision.get_absolute_url()},
    )


@login_required
@require_POST
def decision_delete(request, pk):
    decision = _editable(request, pk)
    try:
        services.decision_delete(decision=decision, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(decision)
    messages.success(request, _("The draft decision is deleted."))
    return redirect("awards:decision-list")


@login_required
@require_POST
def decision_issue(request, pk):
    decision = _editable(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(decision)
    try:
        issued = services.decision_issue(
            decision=decision, by=request.user, number=form.cleaned_data["number"], confirm_over_budget=form.cleaned_data["confirm_over_budget"]
        )
    except services.OverBudget as error:
        messages.warning(request, error.message)
        return redirect(f"{decision.get_absolute_url()}?confirm=1#issue")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(decision)
    messages.success(request, _("Decision %(ref)s is issued.") % {"ref": issued.reference})
    return redirect(issued)


@login_required
def decision_correct(request, pk):
    decision = _decision(request, pk)
    if not rules.can_keep_decisions_at(request.user, decision.issuing_unit):
        raise PermissionDenied
    if not decision.is_issued:
        messages.error(request, _("A draft is edited, not corrected."))
        return redirect(decision)
    form = CorrectForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            correcting = services.decision_correct(
                decision=decision, by=request.user, kind=form.cleaned_data["correction"],
                decided_on=form.cleaned_data["decided_on"], awards=list(form.cleaned_data["awards"]),
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The draft correcting decision is saved: check it, then issue it."))
            return redirect(correcting)
    return render(
        request, "form_page.html",
        {"form": form, "title": _("Correct decision %(ref)s") % {"ref": decision.reference}, "cancel_url": decision.get_absolute_url()},
    )


@login_required
def awardee_add(request, pk):
    """The picker: search people (without accents, as the member list) or unions in the issuing unit's
    area, tick them, give the form, type, year and citation they share, add them at once."""
    decision = _editable(request, pk)
    if not decision.is_draft:
        messages.error(request, _("This decision has been issued and can no longer be changed: issue a correcting decision instead."))
        return redirect(decision)
    q = (request.POST.get("q") or request.GET.get("q") or "").strip()[:100]
    kind = "unit" if (request.POST.get("kind") or request.GET.get("kind")) == "unit" else "person"
    unit = decision.issuing_unit
    people_qs = Person.objects.visible_to(request.user).current().in_subtree(unit)
    collectives_qs = Unit.objects.visible_to(request.user).active().subtree_of(unit)
    found_people, found_units = [], []
    if q and kind == "person":
        ids = person_search_ids(people_qs, q)
        page_ids = ids(0, PICKER_ROWS) if ids else list(people_qs.search(q).order_by(vi_order("full_name"), "id").values_list("pk", flat=True)[:PICKER_ROWS])
        by_id = people_qs.select_related("unit").in_bulk(page_ids)
        found_people = [by_id[i] for i in page_ids if i in by_id]
    elif q:
        found_units = list(collectives_qs.search(q).order_by(vi_order("name"))[:PICKER_ROWS])
    form = AwardeeAddForm(request.POST or None, decision=decision, people_qs=people_qs, collectives_qs=collectives_qs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added, refused = 0, []
        for target in [*data["people"], *data["collectives"]]:
            try:
                services.award_add(
                    decision=decision, by=request.user, form=data["form"], award_type=data["award_type"], year=data["year"],
                    citation=data["citation"], benefit_value=data["benefit_value"],
                    **({"person": target} if isinstance(target, Person) else {"collective": target}),
                )
                added += 1
            except ValidationError as error:
                refused.append(f"{target}: {' '.join(error.messages)}")
        if added:
            messages.success(request, _("%(count)s awardees added.") % {"count": added})
        for line in refused:
            messages.error(request, line)
        if not refused:
            return redirect(decision)
    ticked = {str(v) for v in request.POST.getlist("people")} | {f"u{v}" for v in request.POST.getlist("collectives")}
    return render(
        request, "awards/awardee_add.html",
        {"decision": decision, "form": form, "q": q, "kind": kind, "found_people": found_people, "found_units": found_units, "ticked": ticked, "rows": PICKER_ROWS},
    )


def _award(request, pk) -> Award:
    award = get_object_or_404(Award.objects.visible_to(request.user).select_related("decision__issuing_unit__unit_type", "form", "person", "collective"), pk=pk)
    if not rules.can_keep_decisions_at(request.user, award.decision.issuing_unit):
        raise PermissionDenied
    return award


@login_required
def award_edit(request, pk):
    award = _award(request, pk)
    decision = award.decision
    form = AwardEditForm(request.POST or None, instance=award, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_update(award=award, by=request.user, **{name: form.cleaned_data[name] for name in form.fields})
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(decision)
    return render(request, "form_page.html", {"form": form, "title": award.awardee_name, "cancel_url": decision.get_absolute_url()})


@login_required
@require_POST
def award_remove(request, pk):
    award = _award(request, pk)
    try:
        services.award_remove(award=award, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is taken off the decision.") % {"name": award.awardee_name})
    return redirect(award.decision)


@login_required
def fund_list(request):
    units = list(rules.decision_units(request.user)[:200])
    if not units:
        raise PermissionDenied
    form = FundForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.fund_set(unit=data["unit"], year=data["year"], budget=data["budget"], note=data["note"], by=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The award fund is saved."))
            return redirect("awards:fund-list")
    funds = list(AwardFund.objects.visible_to(request.user).select_related("unit").order_by("-year", "unit__path")[:200])
    spent = {
        (row["decision__issuing_unit_id"], row["decision__year"]): row["s"]
        for row in Award.objects.filter(
            decision__issuing_unit_id__in=[f.unit_id for f in funds], decision__year__in={f.year for f in funds},
            decision__state=DecisionState.ISSUED, decision__issuer_name="", cancelled_by__isnull=True,
        ).values("decision__issuing_unit_id", "decision__year").annotate(s=Sum("prize_amount"))
    }
    rows = [(f, spent.get((f.unit_id, f.year), 0), f.budget - spent.get((f.unit_id, f.year), 0)) for f in funds]
    return render(request, "awards/fund_list.html", {"form": form, "rows": rows})


@login_required
def award_import(request):
    """Upload → the worker checks every row → preview → confirm (the job pages of portal.jobs)."""
    from portal.jobs import runner
    from portal.jobs.models import Job
    from awards.forms import AwardUploadForm
    from units.import_views import RECENT_JOBS

    if not rules.can_import_awards(request.user):
        raise PermissionDenied
    form = AwardUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        params = {"add_missing_people": True} if form.cleaned_data["add_missing_people"] else {}
        job = runner.start(kind="import_awards", owner=request.user, upload=form.cleaned_data["file"], params=params)
        return redirect(job)
    recent = Job.objects.visible_to(request.user).filter(kind="import_awards")[:RECENT_JOBS]
    return render(request, "awards/import_form.html", {"form": form, "recent": recent, "title": _("Import past awards")})


@login_required
def award_import_template(request):
    from django.http import HttpResponse

    from awards.importing import template_workbook
    from units.import_views import XLSX

    if not rules.can_import_awards(request.user):
        raise PermissionDenied
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-khen-thuong.xlsx"'
    return response
