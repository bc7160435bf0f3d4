"""The issued decision's PDF, kept once made: produce it in the job worker when the decision is
issued (signed with the issuing unit's certificate where one is configured), follow and retry that
job, sign it later, or take the PDF the signer signed elsewhere after checking its signature.
Keyword-only, acting user as `by`, rule checked here."""

import hashlib
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import rules
from awards.documents import pdf as pdf_doc
from awards.documents import signing
from awards.documents.content import place_of
from awards.documents.models import DecisionDocument, SignatureKind
from awards.models import Decision
from portal.jobs.models import Job

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def _sign(decision: Decision, data: bytes) -> tuple[bytes, signing.SignatureCheck] | None:
    key = signing.signing_key_of(decision.issuing_unit)
    if key is None:
        return None
    signed = signing.sign_pdf(
        data, key=key, reason=_("Issuing decision %(ref)s") % {"ref": decision.reference},
        location=place_of(decision), signer_name=decision.signer_name,
    )
    return signed, signing.check_pdf(signed, roots=[])


def _record_check(document: DecisionDocument, check: signing.SignatureCheck):
    document.signer_name = check.signer_name[:255]
    document.signer_organisation = check.signer_organisation[:255]
    document.certificate_issuer = check.issuer_name[:255]
    document.certificate_serial = check.serial[:80]
    document.signed_at = check.signed_at or timezone.now()
    document.trusted = check.trusted


def _store(document: DecisionDocument, data: bytes, name: str):
    old = document.pdf.name if document.pdf else ""
    document.pdf.save(name, ContentFile(data), save=False)
    document.sha256, document.size = _sha(data), len(data)
    if old and old != document.pdf.name:
        transaction.on_commit(lambda: document.pdf.storage.delete(old))


# Made in the job worker -------------------------------------------------------------------------


class PdfState:
    """Where a decision's PDF stands, as its pages show it."""

    DRAFT = "draft"  # a preview, made on request, never kept
    READY = "ready"
    PREPARING = "preparing"  # its job waits for the worker or runs
    FAILED = "failed"  # its job failed: Retry
    MISSING = "missing"  # no job (issued before the PDF was made at issue, or the job was forgotten): Prepare


def pdf_state(decision: Decision, document: DecisionDocument | None) -> tuple[str, Job | None]:
    """(state, job) of the decision's PDF; `document` is its kept PDF if any (the page has read it)."""
    if decision.is_draft:
        return PdfState.DRAFT, None
    if document is not None:
        return PdfState.READY, None
    job = Job.objects.filter(pk=decision.pdf_job_id).first() if decision.pdf_job_id else None
    if job is not None and job.running:
        from portal.jobs import runner

        if runner.recover():  # a worker that died: say so rather than wait for it
            job.refresh_from_db()
    if job is None:
        return PdfState.MISSING, None
    if job.running:
        return PdfState.PREPARING, job
    if job.state == Job.State.DONE and DecisionDocument.objects.filter(decision_id=decision.pk).exists():
        return PdfState.READY, job
    return PdfState.FAILED, job


def pdf_job_start(*, decision_id: int, by) -> Job | None:
    """Queue the job that makes an issued decision's PDF, unless it is kept already or a job of it
    waits or runs; the decision points at the job. Called once an issue commits, and by Retry."""
    from awards.tasks_documents import PDF_KIND
    from portal.jobs import runner

    with transaction.atomic():
        decision = Decision.objects.select_for_update(of=("self",)).filter(pk=decision_id, state="issued").first()
        if decision is None or DecisionDocument.objects.filter(decision_id=decision_id).exists():
            return None
        running = Job.objects.filter(pk=decision.pdf_job_id, state__in=[Job.State.QUEUED, Job.State.RUNNING]).first()
        if running is not None:
            return running
        job = runner.start(kind=PDF_KIND, owner=by, params={"decision": decision_id})
        Decision.objects.filter(pk=decision_id).update(pdf_job=job)
    return job


def pdf_prepare(*, decision: Decision, by) -> Job | None:
    """A keeper's Retry (or first Prepare, for a decision issued before PDFs were made at issue)."""
    _require(rules.can_keep_decisions_at(by, decision.issuing_unit))
    if not decision.is_issued:
        raise ValidationError(_("Only an issued decision has its PDF kept; a draft is shown as a preview."))
    return pdf_job_start(decision_id=decision.pk, by=by)


def kept_document(decision: Decision) -> DecisionDocument:
    document = DecisionDocument.objects.filter(decision_id=decision.pk).first()
    if document is None:
        raise ValidationError(_("The PDF of this decision is still being prepared: try again in a moment."))
    return document


def issued_document(*, decision: Decision, by) -> DecisionDocument:
    """The kept PDF of an issued decision, made once (by the job worker, pdf_work): rendered, then
    signed with the issuing unit's certificate when one is configured (else kept unsigned: the page
    says so)."""
    existing = DecisionDocument.objects.filter(decision_id=decision.pk).first()
    if existing is not None:
        return existing
    if not decision.is_issued:
        raise ValidationError(_("Only an issued decision has its PDF kept; a draft is shown as a preview."))
    data = pdf_doc.decision_pdf(decision)  # outside the lock: the render takes seconds
    with transaction.atomic():
        Decision.objects.select_for_update().filter(pk=decision.pk).first()
        existing = DecisionDocument.objects.filter(decision_id=decision.pk).first()
        if existing is not None:  # made meanwhile by another request
            return existing
        document = DecisionDocument(decision=decision, made_by=by if getattr(by, "is_authenticated", False) else None)
        document.unsigned_sha256, document.unsigned_size = _sha(data), len(data)
        try:
            signed = _sign(decision, data)
        except signing.SigningUnavailable as error:
            logger.warning("Decision %s: the signing certificate of %s cannot be used: %s", decision.pk, decision.issuing_unit.code, error)
            signed = None
        if signed is not None:
            data, check = signed
            document.signature = SignatureKind.PORTAL
            _record_check(document, check)
        _store(document, data, pdf_doc.filename(decision))
        document.save()
    return document


@transaction.atomic
def document_sign(*, decision: Decision, by) -> DecisionDocument:
    """Sign a kept unsigned PDF now, with the issuing unit's certificate configured since."""
    _require(rules.can_keep_decisions_at(by, decision.issuing_unit))
    document = DecisionDocument.objects.select_for_update().get(pk=kept_document(decision).pk)
    if document.is_signed:
        raise ValidationError(_("This PDF is already signed."))
    with document.pdf.open("rb") as handle:
        data = handle.read()
    try:
        signed = _sign(decision, data)
    except signing.SigningUnavailable as error:
        raise ValidationError(_("The signing certificate of this unit cannot be used: %(error)s") % {"error": error}) from error
    if signed is None:
        raise ValidationError(_("No signing certificate is configured for this unit."))
    data, check = signed
    document.signature = SignatureKind.PORTAL
    _record_check(document, check)
    _store(document, data, pdf_doc.filename(decision))
    document.save()
    return document


def signed_upload(*, decision: Decision, by, data: bytes) -> tuple[DecisionDocument, signing.SignatureCheck]:
    """Keep the PDF the signer signed with their own token software, after checking that its
    signature is intact and covers the whole file; refused otherwise (with what the check found)."""
    _require(rules.can_keep_decisions_at(by, decision.issuing_unit))
    if not decision.is_issued:
        raise ValidationError(_("Issue the decision before uploading its signed PDF."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The file is too large."))
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("The file is not a PDF the portal can read."))
    check = signing.check_pdf(data)
    if not check.ok:
        error = ValidationError(check.problem or _("The signature could not be checked."))
        error.check = check
        raise error
    document = kept_document(decision)
    with transaction.atomic():
        document = DecisionDocument.objects.select_for_update().get(pk=document.pk)
        document.built_on_portal_pdf = _sha(data[: document.unsigned_size]) == document.unsigned_sha256
        document.signature = SignatureKind.UPLOADED
        document.uploaded_by = by
        _record_check(document, check)
        _store(document, data, pdf_doc.filename(decision))
        document.save()
    return document, check
