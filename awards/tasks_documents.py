"""The batch of a decision's certificates, as a background job (portal/jobs): one PDF per awardee in
a zip, made one certificate at a time and written to a temporary file on disk, so that memory stays
flat for 500 certificates and more; the zip becomes the job's result file. The job page follows
its progress, then offers the download."""

import tempfile
import zipfile

from django.utils.translation import gettext_lazy

from awards import rules
from awards.documents import certificates
from awards.models import Decision
from portal.jobs import kinds

KIND = "award_certificates"
PROGRESS_EVERY = certificates.CHUNK


def work(job, progress) -> kinds.Outcome:
    decision = Decision.objects.visible_to(job.owner).filter(pk=job.params.get("decision"), state="issued").first()
    if decision is None or not rules.can_keep_decisions_at(job.owner, decision.issuing_unit):
        return kinds.Outcome(ok=False, report={"failure": "not_found"})
    awards = certificates.certificate_awards(decision.pk)
    total = awards.count()
    progress(0, total)
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
            made = certificates.certificate_pdfs(awards.iterator(chunk_size=100))
            for number, (award, data) in enumerate(made, start=1):
                archive.writestr(certificates.filename(award, number), data)
                if number % PROGRESS_EVERY == 0 or number == total:
                    progress(number, total)
        spool.seek(0)
        content = spool.read()
    name = f"chung-nhan-quyet-dinh-{decision.number}-{decision.year}.zip"
    report = {"certificates": total, "decision": decision.pk, "reference": decision.reference, "result_name": name}
    return kinds.Outcome(report=report, result_name=name, result_content=content)


def page_context(request, job) -> dict:
    decision = Decision.objects.visible_to(request.user).filter(pk=job.params.get("decision")).first()
    return {"decision": decision}


def can_print(user) -> bool:
    return rules.can_keep_any_decisions(user)


def register() -> None:
    kinds.register(kinds.Kind(
        KIND, gettext_lazy("Print the certificates of a decision"), work=work, allowed=can_print,
        template="awards/documents/certificates_job.html", context=page_context,
        stopped_message=gettext_lazy("The printing of the certificates stopped midway: press Retry."),
    ))
