"""Pages of the campaigns themselves: the list, a draft's create/edit, the detail page, launch,
close and reopen, the status page (with its Excel export and "remind the late ones"), and the
coverage of a year. Every object is loaded through `visible_to`; what may be changed is asked of
campaigns.rules by the services."""

import io

import openpyxl
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import rules, services
from campaigns.forms import CampaignFilter, CampaignForm, CloseForm, launch_units
from campaigns.models import Campaign, Duty
from campaigns.status import coverage_by_campaign, coverage_by_level, counts_by_level
from portal.params import id_param, int_param
from portal.xlsx import append_row
from units import access
from units.models import Unit
from units.paging import page_of


def _campaigns(user):
    return Campaign.objects.visible_to(user).select_related("launching_unit")


def _campaign(request, pk) -> Campaign:
    return get_object_or_404(_campaigns(request.user).select_related("launching_unit__unit_type", "parent"), pk=pk)


def _managed(request, pk) -> Campaign:
    """A campaign the user sees (else 404) and manages (else 403)."""
    campaign = _campaign(request, pk)
    if not rules.can_manage_campaign(request.user, campaign):
        raise PermissionDenied(_("Only the staff of the launching unit manage this campaign."))
    return campaign


def _refusal(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def campaign_list(request):
    campaigns = _campaigns(request.user)
    launchers = Unit.objects.filter(pk__in=campaigns.order_by().values("launching_unit_id")).order_by("path")
    form = CampaignFilter(request.GET or None, launchers=launchers)
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            campaigns = campaigns.filter(year=data["year"])
        if data["state"]:
            campaigns = campaigns.filter(state=data["state"])
        if data["unit"]:
            campaigns = campaigns.filter(launching_unit=data["unit"])
    page = page_of(request, campaigns.order_by("-year", "name", "pk"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "campaigns/campaign_list.html",
        {"filter": form, "page": page, "query": query.urlencode(), "can_create": launch_units(request.user).exists()},
    )


def _save(request, form, title, cancel_url):
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_save(form.save(commit=False), unit_types=form.cleaned_data["unit_types"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The campaign is saved as a draft."))
            return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", {"form": form, "title": title, "cancel_url": cancel_url})


@login_required
def campaign_create(request):
    if not launch_units(request.user).exists():
        raise PermissionDenied(_("You may not launch campaigns."))
    form = CampaignForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    return _save(request, form, _("New campaign"), reverse("campaigns:list"))


@login_required
def campaign_edit(request, pk):
    campaign = _managed(request, pk)
    if campaign.state != Campaign.State.DRAFT:
        messages.error(request, _("A launched campaign can no longer be changed."))
        return redirect(campaign)
    form = CampaignForm(request.POST or None, instance=campaign, user=request.user)
    return _save(request, form, _("Edit %(name)s") % {"name": campaign.name}, campaign.get_absolute_url())


@login_required
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "unit_types": list(campaign.unit_types.all()),
            "sector_labels": campaign_sector_labels(campaign),
            "can_manage": rules.can_manage_campaign(request.user, campaign),
            "close_form": CloseForm(),
        },
    )


def campaign_sector_labels(campaign) -> list[str]:
    from units.models import Sector

    labels = dict(Sector.choices)
    return [str(labels.get(code, code)) for code in campaign.sectors or ()]


@login_required
def campaign_launch(request, pk):
    """GET: the confirmation, saying how many other campaigns already run for the same units. POST: launch."""
    campaign = _managed(request, pk)
    if request.method == "POST":
        try:
            services.campaign_launch(campaign, by=request.user)
        except ValidationError as error:
            _refusal(request, error)
            return redirect(campaign)
        messages.success(request, _("The campaign is launched. The units it applies to are being told; the status page fills in within a minute."))
        return redirect(campaign)
    if campaign.state != Campaign.State.DRAFT:
        messages.info(request, _("This campaign has already been launched."))
        return redirect(campaign)
    overlapping = list(services.overlapping(campaign).select_related("launching_unit").order_by("starts_on", "pk")[:50])
    return render(
        request,
        "campaigns/campaign_launch.html",
        {"campaign": campaign, "overlapping": overlapping, "missing_document": not (campaign.document_number.strip() and campaign.document_date)},
    )


@login_required
@require_POST
def campaign_close(request, pk):
    campaign = _managed(request, pk)
    form = CloseForm(request.POST)
    try:
        services.campaign_close(campaign, by=request.user, note=form.data.get("note", "")[:500])
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The campaign is closed."))
    return redirect(campaign)


@login_required
@require_POST
def campaign_reopen(request, pk):
    campaign = _managed(request, pk)
    try:
        services.campaign_reopen(campaign, by=request.user)
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("The campaign is running again."))
    return redirect(campaign)


# The status of one campaign.


def _under(request, campaign: Campaign) -> Unit:
    """The unit whose level below the status page counts: `?under=` (a unit the user sees, at or below
    the launching unit: else 404), by default the launching unit, or the user's own unit below it
    when the user does not reach the launching unit (a district officer on a province campaign)."""
    launcher = campaign.launching_unit
    pk = id_param(request, "under")
    if pk and pk != launcher.pk:
        return get_object_or_404(Unit.objects.visible_to(request.user).filter(path__startswith=launcher.path), pk=pk)
    if pk or access.unit_in_reach(request.user, launcher):
        return launcher
    tops = list(Unit.objects.filter(access.reach_tops_q(request.user, "path", roots=Q(depth=1)), path__startswith=launcher.path)[:2])
    return tops[0] if len(tops) == 1 else launcher


LEVEL_ROWS = 100


def _status_rows(request, campaign, under, late_only: bool):
    duties = Duty.objects.visible_to(request.user).filter(campaign=campaign, unit_path__startswith=under.path).counted()
    if late_only:
        duties = duties.not_done() if campaign.plans_due_on < timezone.localdate() else duties.none()
    return duties


@login_required
def status(request, pk):
    campaign = _campaign(request, pk)
    under = _under(request, campaign)
    today = timezone.localdate()
    late_only = request.GET.get("late") == "1"
    visible = Duty.objects.visible_to(request.user).filter(campaign=campaign)
    # A district's level below is its ~2,000 unions, one duty each: a row per union would cost more to
    # name and draw than the rest of the page, and the paginated list below shows them all.
    total, rows, hidden = counts_by_level(campaign, under, visible, today, limit=LEVEL_ROWS)
    duties = _status_rows(request, campaign, under, late_only).select_related("unit").order_by("unit_path", "pk")
    page = page_of(request, duties)
    step = Unit.steplen
    launcher = campaign.launching_unit
    trail_paths = [under.path[:end] for end in range(len(launcher.path), len(under.path), step)]
    trail = list(Unit.objects.filter(path__in=trail_paths).order_by("path").only("pk", "name", "path")) if trail_paths else []
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "campaigns/campaign_status.html",
        {
            "campaign": campaign, "under": under, "trail": trail, "total": total, "rows": rows, "rows_hidden": hidden, "page": page,
            "late_only": late_only, "today": today, "is_past_due": campaign.plans_due_on < today, "query": query.urlencode(),
            "can_remind": campaign.state == Campaign.State.LAUNCHED and total.late > 0 and rules.can_chase(request.user, campaign, under),
        },
    )


def duty_state_label(duty, past_due: bool) -> str:
    if duty.is_done:
        return _("Done")
    if past_due:
        return _("Late")
    return _("Not done yet")


@login_required
def status_export(request, pk):
    campaign = _campaign(request, pk)
    under = _under(request, campaign)
    late_only = request.GET.get("late") == "1"
    past_due = campaign.plans_due_on < timezone.localdate()
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Status"))
    append_row(sheet, [campaign.name])
    append_row(sheet, [_("Under: %(name)s") % {"name": under.name}])
    append_row(sheet, [
        _("Unit code"), _("Unit name"), _("Plan number"), _("Plan date"), _("Launched on"), _("How it was launched"),
        _("State"), _("Last reminded"),
    ])
    methods = dict(Duty._meta.get_field("launch_method").choices)
    rows = _status_rows(request, campaign, under, late_only).order_by("unit_path", "pk").values_list(
        "unit__code", "unit__name", "plan_number", "plan_date", "launched_on", "launch_method", "reminded_at"
    )
    for code, name, number, plan_date, launched_on, method, reminded_at in rows.iterator(chunk_size=2000):
        done = plan_date is not None and launched_on is not None
        state = _("Done") if done else (_("Late") if past_due else _("Not done yet"))
        append_row(sheet, [
            code, name, number, plan_date.strftime("%d/%m/%Y") if plan_date else "",
            launched_on.strftime("%d/%m/%Y") if launched_on else "", str(methods.get(method, "")) if method else "",
            state, timezone.localtime(reminded_at).strftime("%d/%m/%Y") if reminded_at else "",
        ])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="tinh-hinh-{campaign.code}.xlsx"'
    return response


@login_required
@require_POST
def remind(request, pk):
    campaign = _campaign(request, pk)
    under = _under(request, campaign)
    if not rules.can_chase(request.user, campaign, under):
        raise PermissionDenied(_("You may not remind these units."))
    target = f"{reverse('campaigns:status', args=[campaign.pk])}?under={under.pk}&late=1"
    try:
        count = services.remind_late(campaign, under=under, by=request.user)
    except ValidationError as error:
        _refusal(request, error)
        return redirect(target)
    if count:
        messages.success(request, _("%(count)s late units have been reminded.") % {"count": count})
    else:
        messages.info(request, _("No unit is late here."))
    return redirect(target)


@login_required
def coverage(request):
    """For a year, per unit of the level below `?under=` (by default the user's own unit, the whole
    country's top units for a national user): owed and done across every campaign the user sees."""
    today = timezone.localdate()
    year = int_param(request, "year", default=today.year, min_value=2000, max_value=2100)
    pk = id_param(request, "under")
    step = Unit.steplen
    if pk:
        under = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    else:
        tops = list(Unit.objects.filter(access.reach_tops_q(request.user, "path", roots=Q(depth=1)))[:2])
        under = tops[0] if len(tops) == 1 else None
    duties = Duty.objects.visible_to(request.user).filter(campaign__year=year).exclude(campaign__state=Campaign.State.DRAFT)
    if under is not None:
        duties = duties.filter(unit_path__startswith=under.path)
        prefix_length = len(under.path) + step
        trail_paths = [under.path[:end] for end in range(step, len(under.path), step)]
        trail = list(Unit.objects.visible_to(request.user).filter(path__in=trail_paths).order_by("path").only("pk", "name", "path"))
    else:
        prefix_length = access.reach_top_depth(request.user) * step
        trail = []
    rows = coverage_by_level(duties, prefix_length=prefix_length)
    by_campaign = coverage_by_campaign(duties)
    for row in by_campaign:
        row["coverage"] = round(100 * row["done"] / row["owed"]) if row["owed"] else 0
    return render(
        request,
        "campaigns/coverage.html",
        {"year": year, "under": under, "trail": trail, "rows": rows, "by_campaign": by_campaign, "years": range(today.year + 1, today.year - 6, -1)},
    )
