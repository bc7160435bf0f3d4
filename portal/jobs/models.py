"""A job: long work (an import, an export) that runs in the task worker and that a page follows.

Its state moves through portal.states (every move a Transition row). While the worker runs it, it holds
a lease that it renews (portal.jobs.runner); a RUNNING job whose lease ran out lost its worker and is
marked failed, its input kept for one-click retry (docs/decisions/0012-background-jobs.md)."""

import datetime
import os
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.states import Machine


class State(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Running")
    READY = "ready", _("Waiting for your confirmation")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused: the input has errors")
    FAILED = "failed", _("Failed")


FINISHED = (State.DONE, State.REFUSED, State.FAILED)
WAITING_LONG = datetime.timedelta(minutes=3)

MACHINE = Machine(
    "job",
    labels=dict(State.choices),
    moves={
        (State.QUEUED, State.RUNNING),  # a worker claims it
        (State.RUNNING, State.READY),  # checked; the owner confirms before the real work (imports)
        (State.RUNNING, State.DONE),
        (State.RUNNING, State.REFUSED),  # the input has errors: nothing was done
        (State.RUNNING, State.FAILED),  # an exception, or the lease ran out (the worker died)
        (State.READY, State.QUEUED),  # the owner confirms, or has it checked again with other parameters
        (State.REFUSED, State.QUEUED),  # the owner has a kept input checked again (or applied) with other parameters
        (State.FAILED, State.QUEUED),  # the owner retries
        # A worker held up past its lease (a long lock wait) that then finishes: its result is the truth.
        (State.FAILED, State.READY),
        (State.FAILED, State.DONE),
        (State.FAILED, State.REFUSED),
    },
)


def _input_path(job, filename):
    return f"jobs/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"


def _result_path(job, filename):
    return f"jobs/results/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()}"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job belongs to the account that started it (an import's preview shows that account's reach)."""
        return self.filter(owner=user) if getattr(user, "is_authenticated", False) else self.none()


class Job(models.Model):
    State = State

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("owner"))
    language = models.CharField(max_length=10, default="vi")
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    input_file = models.FileField(_("input file"), upload_to=_input_path, max_length=200, blank=True)
    input_name = models.CharField(_("file name"), max_length=255, blank=True)
    result_file = models.FileField(_("result file"), upload_to=_result_path, max_length=200, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(max_length=64, blank=True, help_text="The django-tasks result of the latest run.")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [
            models.Index(fields=["owner", "kind", "-created_at"], name="job_owner_recent"),
            # The recovery sweep: running jobs whose lease ran out.
            models.Index(fields=["state", "lease_until"], name="job_state_lease"),
        ]

    def __str__(self):
        return f"{self.kind} {self.input_name} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("jobs:detail", args=[self.pk])

    @property
    def kind_info(self):
        from portal.jobs import kinds

        return kinds.get(self.kind)

    @property
    def state_label(self) -> str:
        return self.kind_info.labels.get(self.state) or self.get_state_display()

    @property
    def running(self) -> bool:
        return self.state in (State.QUEUED, State.RUNNING)

    @property
    def percent(self) -> int | None:
        return min(100, self.done * 100 // self.total) if self.total else None

    @property
    def waiting_long(self) -> bool:
        """Queued long after a worker would have taken it: the worker service is likely down."""
        return self.state == State.QUEUED and self.updated_at < timezone.now() - WAITING_LONG

