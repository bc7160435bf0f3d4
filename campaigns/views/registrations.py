"""Pages of registrations to emulate, progress entries and reviews of a campaign. Every object is
loaded through `visible_to`; the services (campaigns/registrations.py) check the rules again."""

import tempfile

import openpyxl
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns import registrations as services
from campaigns import rules
from campaigns.forms_registrations import MemberSearchForm, ProgressForm, RegistrationEditForm, RegistrationForm, ReviewForm
from campaigns.models import Campaign, ProgressEntry, Registration, RegistrationEntry, Review, Title
from portal.params import DB_INT_MAX, bounded_int, id_param
from portal.xlsx import row_of
from units.models import Person, Unit, vi_order
from units.paging import page_of

CANDIDATES_SHOWN = 20  # members offered at once on the edit page: type more of the name to narrow
LATEST_SHOWN = 10  # progress entries and reviews on the registrations page


def _campaign_url(campaign) -> str:
    """The campaign's own page (camp-launch's campaigns:detail), once that page exists."""
    try:
        return campaign.get_absolute_url()
    except NoReverseMatch:
        return ""


def _render(request, template, context):
    return render(request, template, {"campaign_url": _campaign_url(context["campaign"]), **context})


def _campaign(request, pk) -> Campaign:
    return get_object_or_404(Campaign.objects.visible_to(request.user).select_related("launching_unit"), pk=pk)


def _unit_from_query(request) -> Unit | None:
    """?unit=<id> preselects the unit of a form (another area's unit is a 404, as for everyone)."""
    if not request.GET.get("unit"):
        return None
    return get_object_or_404(Unit.objects.visible_to(request.user), pk=id_param(request, "unit"))


def _refused(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class RegistrationFilter(forms.Form):
    unit = forms.CharField(label=gettext_lazy("Unit code"), required=False, max_length=40)
    title = forms.ModelChoiceField(label=gettext_lazy("Title"), queryset=Title.objects.all(), required=False,
                                   empty_label=gettext_lazy("(every title)"))


def _filtered_registrations(request, campaign):
    """The campaign's registrations in the user's area, with the filters of the list (unit code: that
    unit and the units below it; title: collective or a member's), and the bound filter form."""
    registrations = Registration.objects.visible_to(request.user).filter(campaign=campaign)
    form = RegistrationFilter(request.GET)
    if form.is_valid():
        code = form.cleaned_data["unit"].strip()
        if code:
            top = Unit.objects.visible_to(request.user).filter(code__iexact=code).only("path").first()
            registrations = registrations.filter(unit__path__startswith=top.path) if top else registrations.none()
        title = form.cleaned_data["title"]
        if title is not None:
            entry = RegistrationEntry.objects.filter(registration=OuterRef("pk"), title=title)
            registrations = registrations.filter(Q(collective_title=title) | Q(Exists(entry)))
    return registrations, form


@login_required
def registration_list(request, pk):
    campaign = _campaign(request, pk)
    registrations, form = _filtered_registrations(request, campaign)
    members = RegistrationEntry.objects.filter(registration=OuterRef("pk")).order_by().values("registration").annotate(n=Count("pk")).values("n")
    page = page_of(
        request,
        registrations.select_related("unit", "collective_title")
        .annotate(members=Coalesce(Subquery(members, output_field=IntegerField()), 0))
        .order_by("unit__path", "year", "pk"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "campaign": campaign,
        "page": page,
        "filter": form,
        "query": query.urlencode(),
        "progress": ProgressEntry.objects.visible_to(request.user).filter(campaign=campaign).select_related("unit")[:LATEST_SHOWN],
        "reviews": Review.objects.visible_to(request.user).filter(campaign=campaign).select_related("unit")[:LATEST_SHOWN],
        "may_record": rules.may_record_for_some_unit(request.user) and campaign.state != Campaign.State.DRAFT,
        "registering": campaign.state == Campaign.State.LAUNCHED,
    }
    return _render(request, "campaigns/registrations/list.html", context)


@login_required
def registration_create(request, pk):
    campaign = _campaign(request, pk)
    unit = _unit_from_query(request)
    if campaign.state != Campaign.State.LAUNCHED or not rules.may_record_for_some_unit(request.user):
        raise PermissionDenied
    form = RegistrationForm(request.POST or None, user=request.user, campaign=campaign, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                campaign=campaign, unit=data["unit"], year=data["year"], collective_title=data["collective_title"],
                note=data["note"], by=request.user,
            )
        except PermissionDenied:
            form.add_error("unit", _("You may not record for %(unit)s.") % {"unit": data["unit"].name})
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Registration of %(unit)s saved: add the members who register below.") % {"unit": registration.unit.name})
            return redirect("campaigns:registration-edit", registration.pk)
    return _render(request, "campaigns/registrations/form.html", {
        "form": form, "campaign": campaign, "title": _("Register to emulate"),
        "cancel_url": reverse("campaigns:registrations", args=[campaign.pk]),
    })


def _registration(request, pk):
    return get_object_or_404(
        Registration.objects.visible_to(request.user).select_related("campaign", "unit", "collective_title", "recorded_by"), pk=pk
    )


@login_required
def registration_detail(request, pk):
    registration = _registration(request, pk)
    entries = registration.entries.select_related("person", "title").order_by(vi_order("person__full_name"), "pk")
    return _render(request, "campaigns/registrations/detail.html", {
        "registration": registration, "campaign": registration.campaign, "entries": entries,
        "can_edit": rules.can_register(request.user, registration.campaign, registration.unit),
    })


@login_required
def registration_edit(request, pk):
    """The collective title, the note, and the members: those registered (ticked to remove) and the
    union's current members found by an accent-insensitive search (ticked to add). The search runs
    as the user types (htmx: this view answers the #candidates partial) or by its button."""
    registration = _registration(request, pk)
    if not rules.can_register(request.user, registration.campaign, registration.unit):
        raise PermissionDenied
    initial = {"collective_title": registration.collective_title, "note": registration.note}
    form = RegistrationEditForm(request.POST or None, registration=registration, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_update(
                registration=registration, collective_title=data["collective_title"], note=data["note"],
                add=[(person, data["add_title"]) for person in data["add"]], remove=[person.pk for person in data["remove"]],
                by=request.user,
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Registration of %(unit)s saved.") % {"unit": registration.unit.name})
            return redirect(registration)
    search = MemberSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    registered = registration.entries.values("person_id")
    candidates = Person.objects.current().filter(unit=registration.unit).exclude(pk__in=registered)
    searched = candidates.search(query) if query else candidates
    # Members ticked before the search changed (htmx sends them along) stay offered, ticked.
    ticked = request.POST.getlist("add") if request.method == "POST" else request.GET.getlist("add")
    ticked_ids = [number for number in (bounded_int(value, default=None, min_value=1, max_value=DB_INT_MAX) for value in ticked[:CANDIDATES_SHOWN]) if number]
    kept = list(candidates.filter(pk__in=ticked_ids).order_by(vi_order("full_name"), "id")) if ticked_ids else []
    found = list(searched.exclude(pk__in=ticked_ids).order_by(vi_order("full_name"), "id")[: CANDIDATES_SHOWN + 1])
    candidates = kept + found
    context = {
        "registration": registration, "campaign": registration.campaign, "form": form, "search": search, "query": query,
        "candidates": candidates[: len(kept) + CANDIDATES_SHOWN], "more_candidates": len(found) > CANDIDATES_SHOWN,
        "entries": registration.entries.select_related("person", "title").order_by(vi_order("person__full_name"), "pk"),
        "checked": {str(pk) for pk in ticked_ids},
    }
    template = "campaigns/registrations/edit.html"
    if request.htmx and not request.htmx.boosted:
        template += "#candidates"
    return _render(request, template, context)


EXPORT_COLUMNS = [
    gettext_lazy("Unit code"), gettext_lazy("Unit"), gettext_lazy("Year"), gettext_lazy("Registers as"),
    gettext_lazy("Full name"), gettext_lazy("Target title"), gettext_lazy("Registered on"), gettext_lazy("Note"),
]


def _export_rows(registrations):
    """One row per collective title and one per member, registration by registration in tree order:
    two queries read in chunks (registrations, entries in the same order) merged as they come, so
    memory stays flat however many rows there are."""
    ordered = registrations.order_by("unit__path", "year", "pk")
    heads = ordered.select_related("unit", "collective_title").iterator(chunk_size=2000)
    entries = (
        RegistrationEntry.objects.filter(registration__in=ordered.values("pk"))
        .select_related("person", "title")
        .order_by("registration__unit__path", "registration__year", "registration_id", "person__full_name", "pk")
        .iterator(chunk_size=2000)
    )
    entry = next(entries, None)
    collective, member = _("Collective"), _("Member")
    for registration in heads:
        unit = registration.unit
        if registration.collective_title_id:
            yield [unit.code, unit.name, registration.year, collective, "", registration.collective_title.name,
                   registration.registered_on, registration.note]
        while entry is not None and entry.registration_id == registration.pk:
            yield [unit.code, unit.name, registration.year, member, entry.person.full_name, entry.title.name,
                   registration.registered_on, ""]
            entry = next(entries, None)


@login_required
def registration_export(request, pk):
    campaign = _campaign(request, pk)
    registrations, _form = _filtered_registrations(request, campaign)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Registrations"))
    sheet.append(row_of(sheet, [str(name) for name in EXPORT_COLUMNS]))
    for values in _export_rows(registrations):
        sheet.append(row_of(sheet, values))
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    name = f"dang-ky-thi-dua-{campaign.code}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        output, as_attachment=True, filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _report_form(request, pk, form_class, create, template_title):
    """The progress and review forms: the same steps (campaign, rule, form, service, refusals)."""
    campaign = _campaign(request, pk)
    unit = _unit_from_query(request)
    if campaign.state == Campaign.State.DRAFT or not rules.may_record_for_some_unit(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None, user=request.user, campaign=campaign, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            created = create(campaign=campaign, by=request.user, **data)
        except PermissionDenied:
            form.add_error("unit", _("You may not record for %(unit)s.") % {"unit": data["unit"].name})
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Saved. Attach the file below if there is one."))
            return redirect(created)
    return _render(request, "campaigns/registrations/form.html", {
        "form": form, "campaign": campaign, "title": template_title,
        "cancel_url": reverse("campaigns:registrations", args=[campaign.pk]),
    })


@login_required
def progress_create(request, pk):
    return _report_form(request, pk, ProgressForm, services.progress_create, _("Report progress"))


@login_required
def progress_detail(request, pk):
    entry = get_object_or_404(ProgressEntry.objects.visible_to(request.user).select_related("campaign", "unit", "recorded_by"), pk=pk)
    return _render(request, "campaigns/registrations/progress.html", {"entry": entry, "campaign": entry.campaign})


@login_required
def review_create(request, pk):
    return _report_form(request, pk, ReviewForm, services.review_create, _("Record a review"))


@login_required
def review_detail(request, pk):
    review = get_object_or_404(Review.objects.visible_to(request.user).select_related("campaign", "unit", "recorded_by"), pk=pk)
    return _render(request, "campaigns/registrations/review.html", {"review": review, "campaign": review.campaign})
