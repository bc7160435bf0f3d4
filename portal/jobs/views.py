"""The page that follows a job (every kind extends jobs/job.html), and its Retry button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import states
from portal.jobs import kinds, runner
from portal.jobs.models import Job


def job_of(request, pk) -> tuple[Job, kinds.Kind]:
    """The job, if it is the user's own and its kind is still theirs to use; else 404 / 403."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    kind = kinds.get(job.kind)
    if not kind.allowed(request.user):
        raise PermissionDenied
    return job, kind


@login_required
def detail(request, pk):
    """The job's state; while it waits or runs, the page asks again every two seconds (htmx)."""
    runner.recover()  # a page that would wait for a dead worker tells the truth instead
    job, kind = job_of(request, pk)
    context = {"job": job, "kind": kind, "title": kind.title}
    if kind.context:
        context.update(kind.context(request, job))
    return render(request, kind.template, context)


@login_required
@require_POST
def retry(request, pk):
    job, kind = job_of(request, pk)
    try:
        runner.retry(job=job, by=request.user)
    except states.MoveRefused as refused:
        job.refresh_from_db()
        messages.info(request, _("This job has already been started again.") if job.running else refused.messages[0])
    return redirect(job)


@login_required
def result(request, pk):
    job, kind = job_of(request, pk)
    if job.state != Job.State.DONE or not job.result_file:
        raise Http404
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.report.get("result_name") or job.result_file.name.rsplit("/", 1)[-1])
