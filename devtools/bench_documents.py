"""The targets of issue 16 for a decision of 500 awardees (docs/decisions/0035-award-documents.md):
its issued PDF made in the job worker in ≤ 10 s, and the batch of its certificates (one PDF, a page
each) in the job worker in ≤ 500 MB. `manage.py bench_award_documents` runs it on a demo or generated
database (it takes 500 members of the registry, not a production one: it uses up a decision number).

The decision is issued through awards.services.decision_issue, so the PDF's job is queued exactly as
a page's issue queues it; each job then runs in a process of its own (`--run-job`), as in
`manage.py db_worker`, whose peak memory is that process's own (wait4), Django and the fonts
included. Everything the run made is deleted afterwards unless --keep."""

import datetime
import io
import os
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction


@dataclass
class Run:
    what: str
    seconds: float  # the job's own run, from the child's clock
    wall: float  # the whole child process: start of Python, Django, the job
    peak_mb: float
    pages: int
    size_kb: int


def run_job_in_child(job_id) -> tuple[float, float, float]:
    """(job seconds, process seconds, peak RSS MB) of `manage.py bench_award_documents --run-job ID`."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "manage.py", "bench_award_documents", "--run-job", str(job_id)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=settings.BASE_DIR)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = 0
    wall = time.perf_counter() - started
    if status != 0:
        raise RuntimeError(f"the job's process failed:\n{output}")
    seconds = float(next(line.split()[1] for line in output.splitlines() if line.startswith("job-seconds")))
    return seconds, wall, usage.ru_maxrss / 1024


def pages_of(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def make_decision(awardees: int):
    """A province decision awarding Bằng khen to `awardees` members of the registry, issued by the
    service (its PDF's job queued on commit, as from the page)."""
    from awards import services
    from awards.models import Award, AwardForm, AwardType
    from units.accounts import system_account
    from units.models import Person, Unit

    by = system_account()
    root = Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    people = list(Person.objects.select_related("unit").order_by("pk")[:awardees])
    if root is None or len(people) < awardees:
        raise RuntimeError(f"needs a tree and {awardees} members: run seed_demo (or seed_scale) first")
    form = AwardForm.objects.get(code="bang-khen-ldld-tinh")
    kind = AwardType.objects.get(code="tong-ket-nam")
    decision = services.decision_create(issuing_unit=root, by=by, decided_on=datetime.date(2025, 12, 15),
                                        signer_name="Lò Văn Mừng", signer_title="Chủ tịch", subject="Về việc khen thưởng (benchmark)")
    # The awardees written at once (adding 500 through the service takes longer than what is measured).
    Award.objects.bulk_create([
        Award(decision=decision, person=p, unit=p.unit, awardee_path=p.unit_path, awardee_name=p.full_name, unit_name=p.unit.name, form=form, award_type=kind,
              year=2025, order=i)
        for i, p in enumerate(people, start=1)
    ])
    return services.decision_issue(decision=decision, by=by, confirm_over_budget=True), by


def remove(decision, jobs) -> None:
    from awards.documents.models import DecisionDocument
    from portal.jobs import runner
    from portal.states import transitions_of

    with transaction.atomic():
        for document in DecisionDocument.objects.filter(decision=decision):
            document.pdf.delete(save=False)
        decision.refresh_from_db()
        type(decision).objects.filter(pk=decision.pk).update(pdf_job=None)
        for job in jobs:
            task_id = job.task_id
            runner._delete(job)
            _drop_task(task_id)
        transitions_of(decision).delete()
        decision.delete()


def _drop_task(task_id: str) -> None:
    from django.apps import apps

    if task_id and apps.is_installed("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(pk=task_id).delete()


def run(awardees: int = 500, *, keep: bool = False, out=print) -> list[Run]:
    from awards.documents.models import DecisionDocument
    from awards.tasks_documents import KIND
    from portal.jobs import runner
    from portal.jobs.models import Job

    decision, by = make_decision(awardees)
    decision.refresh_from_db()
    jobs = [decision.pdf_job]
    out(f"Decision {decision.reference} of {awardees} awardees issued; its PDF's job {decision.pdf_job_id} is queued.")
    results = []
    try:
        seconds, wall, peak = run_job_in_child(decision.pdf_job_id)
        job = Job.objects.get(pk=decision.pdf_job_id)
        assert job.state == Job.State.DONE, job.report
        document = DecisionDocument.objects.get(decision=decision)
        with document.pdf.open("rb") as handle:
            data = handle.read()
        results.append(Run(f"decision PDF, {awardees} annex rows ({document.get_signature_display()})", seconds, wall, peak, pages_of(data), len(data) // 1024))
        out(f"  decision PDF: {seconds:.2f} s in the job ({wall:.2f} s for the process), peak {peak:.0f} MB, {results[-1].pages} pages")

        batch = runner.start(kind=KIND, owner=by, params={"decision": decision.pk})
        jobs.append(batch)
        seconds, wall, peak = run_job_in_child(batch.pk)
        batch.refresh_from_db()
        assert batch.state == Job.State.DONE, batch.report
        with batch.result_file.open("rb") as handle:
            data = handle.read()
        results.append(Run(f"certificates of {awardees} awardees, one PDF", seconds, wall, peak, pages_of(data), len(data) // 1024))
        out(f"  certificates: {seconds:.1f} s in the job ({wall:.1f} s for the process), peak {peak:.0f} MB, {results[-1].pages} pages")
    finally:
        if not keep:
            remove(decision, [Job.objects.get(pk=j.pk) for j in jobs if Job.objects.filter(pk=j.pk).exists()])
    return results


def table(results: list[Run], machine: str) -> str:
    lines = [f"Machine: {machine}; load average {os.getloadavg()[0]:.1f}", "",
             "| job (its own process) | seconds in the job | seconds for the process | peak MB | pages | KiB |",
             "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r.what} | {r.seconds:.2f} | {r.wall:.2f} | {r.peak_mb:.0f} | {r.pages} | {r.size_kb} |" for r in results]
    return "\n".join(lines) + "\n"


def run_job(job_id: str, out=print) -> None:
    """The child: run one job as the worker would, and say how long its run took."""
    from portal.jobs import runner

    started = time.perf_counter()
    runner.run_job.call(job_id)
    out(f"job-seconds {time.perf_counter() - started:.3f}")
