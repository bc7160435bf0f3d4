"""Adding and removing attachments; the views, the admin and the tests call these."""

import hashlib
import os
import unicodedata

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal.attachments import content
from portal.attachments.models import Attachment
from portal.attachments.registry import may_attach, valid_purpose


def _display_name(name: str) -> str:
    # Only the last path part, without control characters; it is shown and sent back in Content-Disposition.
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    return name[-255:] or "tep"


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def attachment_add(*, owner, upload, by, purpose: str = "") -> Attachment:
    """Check `upload` by its content and attach it to `owner`, in the slot `purpose` when its model
    has slots. Raises ValidationError (nothing stored) or PermissionDenied."""
    if not may_attach(by, owner):
        raise PermissionDenied
    if not valid_purpose(owner, purpose):
        raise ValueError(f"{owner._meta.label} has no attachment purpose {purpose!r}")
    kind = content.check_upload(upload)
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(owner),
        object_id=owner.pk,
        filename=_display_name(upload.name),
        kind=kind.code,
        purpose=purpose,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=by,
    )
    attachment.file.save("upload", upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except BaseException:
        # The row did not reach the database: the stored file must not stay behind, unreferenced.
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


def attachment_delete(*, attachment: Attachment, by) -> None:
    """Remove the row, and the file once the removal is committed (a rollback keeps both)."""
    if not may_attach(by, attachment.owner):
        raise PermissionDenied
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))
