"""What a file is, read from its bytes: the name a user gave it decides nothing.

PDF, JPEG and PNG are known by their first bytes; DOCX and XLSX are ZIP packages recognised by their
`[Content_Types].xml` and their `word/` or `xl/` part. A file is refused when it is empty, larger
than ATTACHMENT_MAX_BYTES, of no accepted kind, or of another kind than its extension says.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EMPTY = gettext_lazy("The file is empty. Choose the file again, or check that it opens on your device.")


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    mime: str
    extensions: tuple[str, ...]
    # Shown in the browser (a phone opens it in place); office files are downloaded.
    inline: bool


KINDS = {
    kind.code: kind
    for kind in (
        Kind("pdf", "PDF", "application/pdf", (".pdf",), True),
        Kind("docx", "Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), False),
        Kind("xlsx", "Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",), False),
        Kind("jpg", "JPG", "image/jpeg", (".jpg", ".jpeg"), True),
        Kind("png", "PNG", "image/png", (".png",), True),
    )
}


def accepted_kinds() -> list[Kind]:
    return [KINDS[code] for code in settings.ATTACHMENT_KINDS if code in KINDS]


def accept_attribute() -> str:
    """For <input accept=...>: a hint to the phone's file picker; the server still checks the bytes."""
    # The image types make a phone offer its camera beside its files.
    kinds = accepted_kinds()
    return ",".join([ext for kind in kinds for ext in kind.extensions] + [k.mime for k in kinds if k.mime.startswith("image/")])


def detect(fileobj) -> str | None:
    """The kind code of the file's content, or None when it is none of the known kinds."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head == b"\x89PNG\r\n\x1a\n":
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" not in names:
            return None  # a plain ZIP (of anything) is not an office document
        if any(name.startswith("word/") for name in names):
            return "docx"
        if any(name.startswith("xl/") for name in names):
            return "xlsx"
    return None


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def check_upload(upload) -> Kind:
    """The accepted kind of `upload` (a Django UploadedFile), or ValidationError in the user's language."""
    accepted = accepted_kinds()
    names = ", ".join(kind.label for kind in accepted)
    if not upload.size:
        raise ValidationError(EMPTY, code="empty")
    if upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)s. Scan it at a lower resolution or split it, then attach it again.")
            % {"size": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            code="too_big",
        )
    code = detect(upload)
    kind = KINDS.get(code) if code else None
    if kind is None or kind not in accepted:
        raise ValidationError(
            _("This file is not a document the portal accepts, whatever its name says. Accepted: %(kinds)s.") % {"kinds": names},
            code="unknown",
        )
    extension = _extension(upload.name or "")
    if extension not in kind.extensions:
        raise ValidationError(
            _("The file is named “%(name)s” but its content is %(kind)s. Save it with the right extension (%(ext)s) and attach it again.")
            % {"name": upload.name, "kind": kind.label, "ext": kind.extensions[0]},
            code="mismatch",
        )
    return kind
