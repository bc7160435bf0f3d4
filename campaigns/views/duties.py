"""A unit's plan and launch: its to-do list (the duties of the user's own units, late first), the page
of one duty (a plan block and a launch block, each with its file), and the Excel import of many at once
(upload → the worker checks → preview → confirm → the worker applies; campaigns.import_launches)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import attachments, import_launches, plans, rules
from campaigns.forms_duties import LaunchForm, PlanForm
from campaigns.models import NOT_DONE, Campaign, Duty
from portal.forms import show_refusal
from portal.jobs import runner
from portal.jobs import views as job_views
from portal.jobs.models import Job
from portal.params import int_param
from units.import_views import XLSX, UploadForm
from units.paging import MAX_PAGE

TODO_PER_PAGE = 50
RECENT_JOBS = 5


def own_duties(user):
    """The user's own units' duties of launched campaigns, still owed: late first, then by due date."""
    today = timezone.localdate()
    not_done = NOT_DONE
    return (
        Duty.objects.visible_to(user)
        .filter(rules.own_duties_q(user), state=Duty.State.OWED, campaign__state=Campaign.State.LAUNCHED)
        .annotate(
            rank=Case(
                When(not_done & Q(campaign__plans_due_on__lt=today), then=Value(0)),
                When(not_done, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .select_related("campaign", "unit")
        .order_by("rank", "campaign__plans_due_on", "campaign__name", "unit__name", "pk")
    )


@login_required
def todo(request):
    number = int_param(request, "page", default=1, min_value=1, max_value=MAX_PAGE)
    page = Paginator(own_duties(request.user), TODO_PER_PAGE).get_page(number)
    context = {"page": page, "can_import": import_launches.can_import(request.user)}
    return render(request, "campaigns/duties/todo.html", context)


def _duty(request, pk) -> Duty:
    return get_object_or_404(
        Duty.objects.visible_to(request.user).select_related("campaign", "campaign__launching_unit", "unit"), pk=pk
    )




@login_required
def duty(request, pk):
    """GET: the duty's page. POST (part=plan or part=launch): record or correct that part."""
    duty = _duty(request, pk)
    can_record = rules.can_record_duty_now(request.user, duty)
    plan_form, launch_form, stale, status = PlanForm(duty=duty), LaunchForm(duty=duty), "", 200
    if request.method == "POST":
        if not rules.can_record_duty(request.user, duty):
            raise PermissionDenied
        part = request.POST.get("plan-part") or request.POST.get("launch-part")
        form_class = {"plan": PlanForm, "launch": LaunchForm}.get(part)
        if form_class is None:
            raise Http404
        form = form_class(request.POST, duty=duty)
        if form.is_valid():
            data, version = form.cleaned_data, form.cleaned_data["version"]
            try:
                if part == "plan":
                    plans.plan_record(duty=duty, number=data["plan_number"], date=data["plan_date"], by=request.user, version=version)
                    done = _("The plan is recorded.")
                else:
                    plans.launch_record(duty=duty, on=data["launched_on"], method=data["launch_method"], note=data["note"],
                                        by=request.user, version=version)
                    done = _("The launch is recorded.")
            except plans.StaleEdit as exc:
                stale, status = str(exc), 409
                duty = _duty(request, pk)
                plan_form, launch_form = PlanForm(duty=duty), LaunchForm(duty=duty)
                form = None
            except ValidationError as exc:
                show_refusal(form, exc)
            else:
                messages.success(request, done)
                return redirect(f"{duty.get_absolute_url()}#{part}")
        if form is not None:
            status = 400
            if part == "plan":
                plan_form = form
            else:
                launch_form = form
    context = {
        "duty": duty,
        "campaign": duty.campaign,
        "can_record": can_record,
        "plan_form": plan_form,
        "launch_form": launch_form,
        "stale": stale,
        "late": duty.is_late_on(timezone.localdate()),
        "not_owed": plans.not_owed_message() if duty.state != Duty.State.OWED else "",
        "purposes": attachments.DUTY_PURPOSES,
    }
    return render(request, "campaigns/duties/duty.html", context, status=status)


# The Excel import ---------------------------------------------------------------------------------


def _may_import(request):
    if not import_launches.can_import(request.user):
        raise PermissionDenied


@login_required
def import_upload(request):
    _may_import(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = runner.start(kind=import_launches.KIND, owner=request.user, upload=form.cleaned_data["file"], params={})
        return redirect(job)
    recent = Job.objects.visible_to(request.user).filter(kind=import_launches.KIND)[:RECENT_JOBS]
    return render(request, "campaigns/duties/import_form.html", {"form": form, "recent": recent, "title": _("Import plans and launches")})


@login_required
def import_template(request):
    _may_import(request)
    response = HttpResponse(import_launches.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-ke-hoach-phat-dong.xlsx"'
    return response


@login_required
@require_POST
def import_discard(request, pk):
    job, _kind = job_views.job_of(request, pk)
    if job.kind != import_launches.KIND:
        raise Http404
    runner.discard(job=job)
    return redirect("campaigns:import-launches")
