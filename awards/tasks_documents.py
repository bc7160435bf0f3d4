"""The decision's documents made in the job worker (portal/jobs), not in a request:

- `award_decision_pdf`: the issued decision's PDF, made (and signed where the issuing unit has a
  certificate configured) right after the decision is issued (awards.services.decision_issue
  starts it once the issue commits). The result is the kept DecisionDocument, not a job file; the
  decision's pages follow the job (Decision.pdf_job) and offer the download once it is done, or
  Retry if it failed.
- `award_certificates`: every certificate of a decision in one PDF, a page each, to print at once.
  Made a chunk at a time onto a temporary file, so memory stays small for 500 certificates and
  more; the file becomes the job's result. The job page follows its progress, then offers the
  download."""

import tempfile

from django.utils.translation import gettext_lazy

from awards import rules
from awards.documents import certificates
from awards.models import Decision, DecisionState
from portal.jobs import kinds

KIND = "award_certificates"
PDF_KIND = "award_decision_pdf"


def work(job, progress) -> kinds.Outcome:
    decision = Decision.objects.visible_to(job.owner).filter(pk=job.params.get("decision"), state=DecisionState.ISSUED).first()
    if decision is None or not rules.can_keep_decisions_at(job.owner, decision.issuing_unit):
        return kinds.Outcome(ok=False, report={"failure": "not_found"})
    awards = certificates.certificate_awards(decision.pk)
    total = awards.count()
    progress(0, total)
    with tempfile.TemporaryFile() as spool:
        made = certificates.certificates_pdf(awards.iterator(chunk_size=100), spool, progress=lambda done: progress(done, total))
        spool.seek(0)
        content = spool.read()
    name = certificates.batch_filename(decision)
    report = {"certificates": made, "decision": decision.pk, "reference": decision.reference, "result_name": name}
    return kinds.Outcome(report=report, result_name=name, result_content=content if made else None)


def pdf_work(job, progress) -> kinds.Outcome:
    """Make the kept PDF of an issued decision. Whoever started the job, the file is the decision's
    one canonical PDF (the same for every reader), so the owner's reach is not asked here: the issue
    (or the keeper's Retry) that started it was checked."""
    from awards.documents import services

    decision = Decision.objects.filter(pk=job.params.get("decision"), state=DecisionState.ISSUED).first()
    if decision is None:
        return kinds.Outcome(ok=False, report={"failure": "not_found"})
    progress(0, 1)
    document = services.issued_document(decision=decision, by=job.owner)
    return kinds.Outcome(report={"decision": decision.pk, "reference": decision.reference, "signed": document.is_signed})


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
    kinds.register(kinds.Kind(
        PDF_KIND, gettext_lazy("Prepare the PDF of a decision"), work=pdf_work, allowed=can_print,
        template="awards/documents/decision_pdf_job.html", context=page_context,
        stopped_message=gettext_lazy("The preparation of the decision's PDF stopped midway: press Retry."),
    ))
