"""The signature of an issued decision's PDF (PAdES, pyHanko).

Two ways: the portal signs with the issuing unit's certificate (a PKCS#12 file and its password in
settings.AWARD_SIGNING_KEYS, by unit code), or the signer signs the PDF with their own token software
and uploads it, and `check_pdf` says whether the signature is intact, whether it covers the whole
file (nothing was added or changed after signing), who signed, and whether the certificate leads to an
authority the portal trusts (settings.AWARD_SIGNING_TRUST_ROOTS). No network is ever used: no
timestamp server, no revocation fetching."""

import datetime
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class SigningUnavailable(Exception):
    """The issuing unit has no signing certificate configured, or it cannot be read."""


def run_async(coroutine_function, *args, **kwargs):
    """pyHanko's work, through its async API on an event loop of our own: its sync wrappers call
    asyncio.run, which fails where the thread already runs a loop (Playwright's, an ASGI server)."""
    import asyncio
    import concurrent.futures

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_function(*args, **kwargs))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_function(*args, **kwargs))).result()


def signing_key_of(unit) -> dict | None:
    """The unit's configured PKCS#12 ({"pkcs12": path, "password": …}), or None."""
    key = settings.AWARD_SIGNING_KEYS.get(unit.code)
    return key if key and key.get("pkcs12") else None


def _signer(key: dict):
    from pyhanko.sign import signers

    password = key.get("password") or ""
    try:
        signer = signers.SimpleSigner.load_pkcs12(pfx_file=key["pkcs12"], passphrase=password.encode() if password else None)
    except (OSError, ValueError) as error:
        raise SigningUnavailable(str(error)) from error
    if signer is None:  # pyHanko logs and returns None when the file or password is wrong
        raise SigningUnavailable("the PKCS#12 file could not be opened with its password")
    return signer


def sign_pdf(data: bytes, *, key: dict, reason: str = "", location: str = "", signer_name: str = "") -> bytes:
    """`data` signed (PAdES baseline B, SHA-256) with the PKCS#12 `key`, as an incremental update."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(key)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    meta = signers.PdfSignatureMetadata(
        field_name="ChuKySo", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None, location=location or None, name=signer_name or None,
    )
    return run_async(signers.async_sign_pdf, writer, meta, signer=signer).getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """What the portal can say about the signature of a PDF."""

    signed: bool = False
    intact: bool = False  # the signed bytes are unchanged
    whole_file: bool = False  # the last signature covers the file to its last byte
    trusted: bool | None = None  # the certificate leads to a trusted authority; None: none configured
    signer_name: str = ""
    signer_organisation: str = ""
    issuer_name: str = ""
    serial: str = ""
    signed_at: datetime.datetime | None = None
    signatures: int = 0
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.whole_file

    @property
    def changed_after_signing(self) -> bool:
        return self.signed and not (self.intact and self.whole_file)


def trust_roots(paths=None) -> list:
    from pyhanko.keys import load_cert_from_pemder

    return [load_cert_from_pemder(path) for path in (settings.AWARD_SIGNING_TRUST_ROOTS if paths is None else paths)]


def _name(name, attribute: str) -> str:
    value = name.native.get(attribute, "") if name is not None else ""
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def check_pdf(data: bytes, *, roots: list | None = None) -> SignatureCheck:
    """Check every signature of `data`: each intact, the last covering the whole file. `roots`
    (asn1crypto certificates; default: the configured trust roots) decide `trusted`."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = trust_roots() if roots is None else roots
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except Exception as error:  # noqa: BLE001 – any unreadable file is reported, not raised
        logger.info("Unreadable PDF on signature check: %s", error)
        return SignatureCheck(problem=_("The file is not a PDF the portal can read."))
    if not signatures:
        return SignatureCheck(problem=_("The file carries no digital signature."))
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    statuses = []
    try:
        for signature in signatures:
            statuses.append(run_async(async_validate_pdf_signature, signature, context))
    except Exception as error:  # noqa: BLE001 – a broken signature structure is a failed check
        logger.info("Signature check failed: %s", error)
        return SignatureCheck(signed=True, signatures=len(signatures), problem=_("The signature is damaged: the file was changed after signing."))
    last = statuses[-1]
    cert = last.signing_cert
    intact = all(status.intact and status.valid for status in statuses)
    whole = last.coverage == SignatureCoverageLevel.ENTIRE_FILE
    problem = ""
    if not intact:
        problem = _("The signature does not match the content: the file was changed after signing.")
    elif not whole:
        problem = _("Content was added to the file after it was signed: the signature does not cover the whole file.")
    return SignatureCheck(
        signed=True, intact=intact, whole_file=whole, trusted=(bool(last.trusted) if roots else None),
        signer_name=_name(cert.subject, "common_name") if cert else "",
        signer_organisation=_name(cert.subject, "organization_name") if cert else "",
        issuer_name=_name(cert.issuer, "common_name") if cert else "",
        serial=format(cert.serial_number, "X") if cert else "",
        signed_at=last.signer_reported_dt, signatures=len(signatures), problem=problem,
    )
