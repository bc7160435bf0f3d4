"""The set-up pages of a bloc: the list, create and edit, the bloc's page, its members, rating bands
and scoring sheet (edited, or copied from another bloc's), and the moves between set-up and scoring.

Every bloc is loaded through Bloc.objects.visible_to (outside it: 404); what the user may change is
asked of blocs.rules (refused: 403) and done by blocs.services and blocs.sheets, whose refusals are
shown as they word them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from blocs import rules, services, sheets
from blocs.attachments import BLOC_PURPOSES, PLEDGE
from blocs.forms_setup import BandFormSet, BlocFilter, BlocForm, LineFormSet, MemberAddForm, SheetCopyForm, organiser_units
from blocs.models import Bloc, BlocMember
from portal.forms import show_refusal
from portal.states import transitions_of
from units.paging import page_of

BLOC_FIELDS = ("organiser__unit_type", "leader__unit", "deputy__unit")


def _bloc(request, pk) -> Bloc:
    return get_object_or_404(Bloc.objects.visible_to(request.user).select_related(*BLOC_FIELDS), pk=pk)


def _managed(request, pk) -> Bloc:
    """A bloc the user sees (else 404) and sets up (else 403)."""
    bloc = _bloc(request, pk)
    if not rules.can_manage_bloc(request.user, bloc):
        raise PermissionDenied(_("Only the staff of the organising unit set up this bloc."))
    return bloc


def _refusal(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)




@login_required
def bloc_list(request):
    visible = Bloc.objects.visible_to(request.user)
    form = BlocFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or visible.aggregate(latest=Max("year"))["latest"]
    blocs = visible
    if year:
        blocs = blocs.filter(year=year)
    if data.get("q"):
        blocs = blocs.filter(name__icontains=data["q"].strip())
    blocs = blocs.select_related("organiser", "leader__unit").annotate(member_count=Count("members", distinct=True))
    page = page_of(request, blocs.order_by("name", "pk"))
    query = request.GET.copy()
    query.pop("page", None)
    if not form.is_bound:
        form = BlocFilter(initial={"year": year})
    return render(
        request, "blocs/setup/bloc_list.html",
        {"filter": form, "page": page, "query": query.urlencode(), "year": year,
         "can_create": rules.may_organise_some_bloc(request.user)},
    )


def _form_page(request, form, *, title, cancel_url, bloc=None):
    return render(request, "blocs/setup/bloc_form.html", {"form": form, "title": title, "cancel_url": cancel_url, "bloc": bloc,
                                                          "pledge_title": BLOC_PURPOSES[PLEDGE], "pledge": PLEDGE})


@login_required
def bloc_create(request):
    if not rules.may_organise_some_bloc(request.user) or not organiser_units(request.user).exists():
        raise PermissionDenied(_("You may not organise emulation blocs."))
    from django.utils import timezone

    form = BlocForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bloc = services.bloc_create(
                by=request.user, organiser=data["organiser"], year=data["year"], name=data["name"], note=data["note"],
                pledge_signed_on=data["pledge_signed_on"], self_scoring_due_on=data["self_scoring_due_on"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("The bloc is created: add its members, then its scoring sheet."))
            return redirect("blocs:members", bloc.pk)
    return _form_page(request, form, title=_("New emulation bloc"), cancel_url=reverse("blocs:list"))


@login_required
def bloc_edit(request, pk):
    bloc = _managed(request, pk)
    form = BlocForm(request.POST or None, instance=bloc, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.bloc_update(bloc=bloc, by=request.user, **{name: form.cleaned_data[name] for name in form.fields})
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(bloc)
    return _form_page(request, form, title=_("Edit %(name)s") % {"name": bloc.name}, cancel_url=bloc.get_absolute_url(), bloc=bloc)


@login_required
def bloc_detail(request, pk):
    bloc = _bloc(request, pk)
    user = request.user
    members = list(bloc.members.select_related("unit").order_by("unit__name", "pk"))
    own = set(BlocMember.objects.visible_to(user).filter(bloc=bloc).values_list("pk", flat=True))
    manage = rules.can_manage_bloc(user, bloc)
    criteria = sheets.lines_of(bloc)
    return render(
        request, "blocs/setup/bloc_detail.html",
        {
            "bloc": bloc, "members": members, "own_members": own, "can_manage": manage,
            "can_edit_sheet": rules.can_edit_sheet(user, bloc), "summary": sheets.summary(criteria), "line_count": len(criteria),
            "transitions": _history(bloc),
            "pledge": PLEDGE, "pledge_title": BLOC_PURPOSES[PLEDGE],
        },
    )


def _history(bloc) -> list[dict]:
    labels = dict(Bloc.State.choices)
    return [
        {"at": move.at, "source": labels.get(move.source, move.source), "target": labels.get(move.target, move.target), "by": move.by, "note": move.note}
        for move in transitions_of(bloc).select_related("by")
    ]


@login_required
def members(request, pk):
    bloc = _bloc(request, pk)
    manage = rules.can_manage_bloc(request.user, bloc)
    if request.method == "POST" and not manage:
        raise PermissionDenied(_("Only the staff of the organising unit set up this bloc."))
    form = MemberAddForm(request.POST or None, user=request.user) if manage and not bloc.locked else None
    if request.method == "POST" and form is not None and form.is_valid():
        unit = form.cleaned_data["unit"]
        try:
            services.member_add(bloc=bloc, unit=unit, by=request.user)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, _("%(unit)s is added to the bloc.") % {"unit": unit.name})
            return redirect("blocs:members", bloc.pk)
    rows = list(bloc.members.select_related("unit__parent").annotate(score_count=Count("scores")).order_by("unit__name", "pk"))
    return render(request, "blocs/setup/members.html", {"bloc": bloc, "rows": rows, "form": form, "can_manage": manage})


@login_required
@require_POST
def member_remove(request, pk, member):
    bloc = _managed(request, pk)
    row = get_object_or_404(bloc.members.select_related("unit"), pk=member)
    row.bloc = bloc
    try:
        services.member_remove(member=row, by=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("%(unit)s is taken out of the bloc.") % {"unit": row.unit.name})
    return redirect("blocs:members", bloc.pk)


@login_required
def bands(request, pk):
    bloc = _managed(request, pk)
    initial = [{"label": band.label, "min_total": band.min_total} for band in bloc.bands.all()]
    formset = BandFormSet(request.POST or None, initial=None if request.method == "POST" else initial, prefix="bands")
    error = None
    if request.method == "POST" and formset.is_valid():
        lines = [
            services.BandLine(form.cleaned_data["label"].strip(), form.cleaned_data["min_total"])
            for form in formset if form.cleaned_data.get("label", "").strip()
        ]
        try:
            services.bands_save(bloc=bloc, bands=lines, by=request.user)
        except ValidationError as refused:
            error = refused
        else:
            messages.success(request, _("The rating bands are saved."))
            return redirect(bloc)
    return render(request, "blocs/setup/bands.html", {"bloc": bloc, "formset": formset, "refusal": error.messages if error else []})


@login_required
def sheet(request, pk):
    """The sheet as a table; while the bloc is set up, for its organiser, edited as rows of lines."""
    bloc = _bloc(request, pk)
    editable = rules.can_edit_sheet(request.user, bloc)
    if request.method == "POST" and not editable:
        if not rules.can_manage_bloc(request.user, bloc):
            raise PermissionDenied(_("Only the staff of the organising unit set up this bloc."))
        messages.error(request, _("Scoring has opened: the sheet is frozen."))
        return redirect("blocs:sheet", bloc.pk)
    criteria = sheets.lines_of(bloc)
    refusal = []
    formset = None
    if editable:
        initial = [{"code": c.code, "name": c.name, "kind": c.kind, "max_points": c.max_points} for c in criteria]
        formset = LineFormSet(request.POST or None, initial=None if request.method == "POST" else initial, prefix="lines")
        if request.method == "POST" and formset.is_valid():
            try:
                sheets.sheet_save(bloc=bloc, lines=formset.lines(), by=request.user)
            except ValidationError as error:
                refusal = error.messages  # the sum rule's messages, above the table; the rows stay as typed
            else:
                messages.success(request, _("The scoring sheet is saved."))
                return redirect("blocs:sheet", bloc.pk)
    copy_form = SheetCopyForm(user=request.user, bloc=bloc) if editable else None
    return render(
        request, "blocs/setup/sheet.html",
        {"bloc": bloc, "criteria": criteria, "summary": sheets.summary(criteria), "formset": formset, "refusal": refusal,
         "copy_form": copy_form, "can_manage": rules.can_manage_bloc(request.user, bloc)},
    )


@login_required
@require_POST
def sheet_copy(request, pk):
    bloc = _managed(request, pk)
    form = SheetCopyForm(request.POST, user=request.user, bloc=bloc)
    if not form.is_valid():
        messages.error(request, _("Choose a bloc whose sheet to copy."))
        return redirect("blocs:sheet", bloc.pk)
    source = form.cleaned_data["source"]
    try:
        sheets.sheet_copy(bloc=bloc, source=source, by=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The sheet of %(bloc)s is copied: adjust it below, then save.") % {"bloc": source})
    return redirect(reverse("blocs:sheet", args=[bloc.pk]) + "#sheet-editor")


@login_required
@require_POST
def scoring_open(request, pk):
    bloc = _managed(request, pk)
    try:
        services.scoring_open(bloc=bloc, by=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Scoring is open: the sheet is frozen and the members can score themselves."))
    return redirect(bloc)


@login_required
@require_POST
def setup_reopen(request, pk):
    bloc = _managed(request, pk)
    try:
        services.setup_reopen(bloc=bloc, by=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The bloc is back in set-up: the sheet can be changed again."))
    return redirect(bloc)

