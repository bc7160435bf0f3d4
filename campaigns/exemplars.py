"""Exemplars and good practices: recording them, their photo, the publish switch, their replication.

Every service takes the acting user as `by` and checks the rule (campaigns.rules) itself. The photo
is an attachment (portal.attachments) that the record points at: only that one file is served on
the public page (campaigns.views.public), and only while the record is published.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import rules
from campaigns.models import Campaign, Exemplar, Replication
from portal.attachments import content
from portal.attachments.services import attachment_add

PHOTO_KINDS = ("jpg", "png")


def check_photo(upload) -> None:
    """A JPG or PNG, by its content (portal.attachments.content), else ValidationError."""
    kind = content.check_upload(upload)
    if kind.code not in PHOTO_KINDS:
        raise ValidationError(_("The photo must be a JPG or PNG image."), code="not_a_photo")


def exemplar_create(
    *, by, kind, unit, title, description, recognised_on, person=None, campaign=None, photo=None
) -> Exemplar:
    """Record an exemplar (a person of the registry, a unit) or a good practice found at `unit`.
    A person's record is kept by the person's own union."""
    if kind == Exemplar.Kind.PERSON:
        if person is None:
            raise ValidationError({"person": _("Choose the exemplary person from the registry.")})
        unit = person.unit
    else:
        person = None
    if unit is None:
        raise ValidationError({"unit": _("Give the unit.")})
    if not rules.can_record_exemplar(by, unit):
        raise PermissionDenied
    if campaign is not None and not Campaign.objects.visible_to(by).filter(pk=campaign.pk).exists():
        raise PermissionDenied
    if recognised_on and recognised_on > timezone.localdate():
        raise ValidationError({"recognised_on": _("The day it was recognised cannot be in the future.")})
    if photo is not None:
        check_photo(photo)
    exemplar = Exemplar(
        kind=kind, unit=unit, person=person, campaign=campaign, title=title.strip(), description=description.strip(),
        recognised_on=recognised_on, recorded_by=by,
    )
    exemplar.full_clean()
    with transaction.atomic():
        exemplar.save()
        if photo is not None:
            _attach_photo(exemplar, photo, by)
    return exemplar


def _attach_photo(exemplar, upload, by):
    exemplar.photo = attachment_add(owner=exemplar, upload=upload, by=by)
    exemplar.save(update_fields=["photo", "updated_at"])


def exemplar_photo_set(*, exemplar, upload, by) -> Exemplar:
    """Replace the record's photo (the earlier file stays among its attachments, no longer shown)."""
    if not rules.can_record_exemplar(by, exemplar.unit):
        raise PermissionDenied
    check_photo(upload)
    with transaction.atomic():
        _attach_photo(exemplar, upload, by)
    return exemplar


def exemplar_publish(*, exemplar, publish: bool, by) -> Exemplar:
    """Turn the publish switch on or off: held by the unit above the one that found it. Who and
    when are kept for each direction. Turning it to where it already is changes nothing."""
    if not rules.can_publish_exemplar(by, exemplar):
        raise PermissionDenied
    with transaction.atomic():
        exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
        if publish == exemplar.is_published:
            return exemplar
        now = timezone.now()
        if publish:
            exemplar.published_at, exemplar.published_by = now, by
        else:
            exemplar.published_at, exemplar.published_by = None, None
            exemplar.unpublished_at, exemplar.unpublished_by = now, by
        exemplar.save(update_fields=["published_at", "published_by", "unpublished_at", "unpublished_by", "updated_at"])
    return exemplar


def replication_create(*, exemplar, unit, started_on, by, note: str = "") -> Replication:
    """Record that `unit` took up `exemplar` on `started_on`."""
    if not rules.can_record_replication(by, unit):
        raise PermissionDenied
    if unit.pk == exemplar.unit_id:
        raise ValidationError({"unit": _("This is the unit where it was found: name a unit that took it up.")})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": _("The day it was taken up cannot be in the future.")})
    if started_on < exemplar.recognised_on:
        raise ValidationError({"started_on": _("It cannot be taken up before it was recognised (%(day)s).") % {"day": exemplar.recognised_on.strftime("%d/%m/%Y")}})
    with transaction.atomic():
        if Replication.objects.filter(exemplar=exemplar, unit=unit).exists():
            raise ValidationError({"unit": _("This unit's take-up is already recorded.")})
        return Replication.objects.create(exemplar=exemplar, unit=unit, started_on=started_on, note=note.strip(), recorded_by=by)
