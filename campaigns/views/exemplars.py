"""Exemplars and good practices in the user's area: the list, recording one, its page, the publish
switch, its photo and its replication. Thin views over campaigns/exemplars.py (the services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import exemplars as services
from campaigns import rules
from campaigns.forms_exemplars import ExemplarFilterForm, ExemplarForm, PhotoForm, ReplicationForm
from campaigns.models import Campaign, Exemplar, Replication
from portal.forms import show_refusal
from portal.params import id_param
from units.paging import page_of


def _visible_exemplar(request, pk):
    return get_object_or_404(
        Exemplar.objects.visible_to(request.user).select_related("unit", "person__unit", "campaign", "photo", "published_by", "unpublished_by", "recorded_by"),
        pk=pk,
    )




@login_required
def exemplar_list(request):
    visible = Exemplar.objects.visible_to(request.user)
    campaigns = Campaign.objects.filter(pk__in=visible.filter(campaign__isnull=False).values("campaign_id")).order_by("-year", "name", "pk")
    form = ExemplarFilterForm(request.GET, campaigns=campaigns)
    exemplars = visible.select_related("unit", "campaign")
    searching = False
    if form.is_valid():
        data = form.cleaned_data
        if data["kind"]:
            exemplars = exemplars.filter(kind=data["kind"])
        if data["campaign"]:
            exemplars = exemplars.filter(campaign=data["campaign"])
        if data["published"] == "yes":
            exemplars = exemplars.filter(published_at__isnull=False)
        elif data["published"] == "no":
            exemplars = exemplars.filter(published_at__isnull=True)
        if data["q"].strip():
            searching = True
            exemplars = exemplars.search(data["q"])
    page = page_of(request, exemplars.order_by("-recognised_on", "-pk"), counted=not searching)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "query": query.urlencode(), "searching": searching,
        "can_add": rules.may_record_replications(request.user),
    }
    return render(request, "campaigns/exemplars/list.html", context)


@login_required
def exemplar_create(request):
    if not rules.may_record_replications(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = ExemplarForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                exemplar = services.exemplar_create(
                    by=request.user, kind=data["kind"], unit=data["unit"], person=data["person"], campaign=data["campaign"],
                    title=data["title"], description=data["description"], recognised_on=data["recognised_on"], photo=data["photo"],
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) in ("not_a_photo", "empty", "too_big", "unknown", "mismatch"):
                    form.add_error("photo", exc)
                else:
                    show_refusal(form, exc)
            except PermissionDenied:
                form.add_error("unit" if data["kind"] != Exemplar.Kind.PERSON else "person", _("You cannot record exemplars of this unit."))
            else:
                messages.success(request, _("The record is saved. The unit above decides whether it goes on the public page."))
                return redirect(exemplar)
    else:
        initial = {key: request.GET[key] for key in ("kind", "person_q", "person", "unit", "title", "description", "recognised_on") if key in request.GET}
        campaign = id_param(request, "campaign")
        if campaign:
            initial["campaign"] = campaign
        form = ExemplarForm(initial=initial, user=request.user)
        if request.htmx and "person_q" in request.GET:
            return render(request, "campaigns/exemplars/_people.html", {"form": form})
    return render(request, "campaigns/exemplars/create.html", {"form": form}, status=400 if form.errors else 200)


def _campaign_url(campaign) -> str:
    # The campaign's page belongs to the launch area (campaigns:detail); until it is routed, the name alone.
    if campaign is None:
        return ""
    try:
        return campaign.get_absolute_url()
    except NoReverseMatch:
        return ""


@login_required
def exemplar_detail(request, pk):
    exemplar = _visible_exemplar(request, pk)
    replications = Replication.objects.visible_to(request.user).filter(exemplar=exemplar).select_related("unit")
    can_edit = rules.can_record_exemplar(request.user, exemplar.unit)
    context = {
        "exemplar": exemplar,
        "campaign_url": _campaign_url(exemplar.campaign),
        "replications": replications,
        "can_publish": rules.can_publish_exemplar(request.user, exemplar),
        "can_edit": can_edit,
        "photo_form": PhotoForm(auto_id="id_photo_%s") if can_edit else None,
        "can_replicate": rules.may_record_replications(request.user),
    }
    return render(request, "campaigns/exemplars/detail.html", context)


@login_required
@require_POST
def exemplar_publish(request, pk):
    exemplar = _visible_exemplar(request, pk)
    if not rules.can_publish_exemplar(request.user, exemplar):
        raise PermissionDenied
    publish = request.POST.get("publish") == "1"
    services.exemplar_publish(exemplar=exemplar, publish=publish, by=request.user)
    if publish:
        messages.success(request, _("Published: it is on the public page."))
    else:
        messages.success(request, _("Taken off the public page."))
    return redirect(exemplar)


@login_required
@require_POST
def exemplar_photo(request, pk):
    exemplar = _visible_exemplar(request, pk)
    if not rules.can_record_exemplar(request.user, exemplar.unit):
        raise PermissionDenied
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.exemplar_photo_set(exemplar=exemplar, upload=form.cleaned_data["photo"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The photo is saved."))
    else:
        messages.error(request, " ".join(form.errors["photo"]))
    return redirect(exemplar)


@login_required
def replication_create(request, pk):
    exemplar = _visible_exemplar(request, pk)
    if not rules.may_record_replications(request.user):
        raise PermissionDenied
    form = ReplicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.replication_create(exemplar=exemplar, unit=data["unit"], started_on=data["started_on"], note=data["note"], by=request.user)
        except ValidationError as exc:
            show_refusal(form, exc)
        except PermissionDenied:
            form.add_error("unit", _("You cannot record for this unit."))
        else:
            messages.success(request, _("The take-up is recorded."))
            return redirect(exemplar)
    context = {"form": form, "exemplar": exemplar}
    return render(request, "campaigns/exemplars/replication_form.html", context, status=400 if form.errors else 200)
