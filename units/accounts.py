"""Accounts and their roles, given and taken back by the people the scoping rule allows."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units import access
from units.models import RoleAssignment, Unit


@transaction.atomic
def role_grant(*, by, username: str, role: str, unit: Unit, full_name: str = "", email: str = "", password: str = "") -> RoleAssignment:
    """Give `role` at `unit` to the account `username`, creating the account (with `password`) if it is new."""
    if not access.can_grant_at(by, role, unit):
        raise PermissionDenied
    User = get_user_model()
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        if not password:
            raise ValidationError({"password": _("A new account needs a first password.")})
        user = User(username=username, first_name=full_name, email=email)
        validate_password(password, user)
        user.set_password(password)
        user.save()
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise ValidationError(_("%(username)s already has this role at %(unit)s.") % {"username": username, "unit": unit.name})
    return RoleAssignment.objects.create(user=user, role=role, unit=unit)


@transaction.atomic
def role_revoke(*, by, assignment: RoleAssignment) -> None:
    if not access.can_grant_at(by, assignment.role, assignment.unit):
        raise PermissionDenied
    assignment.delete()
