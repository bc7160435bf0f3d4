"""Accounts and their roles, given and taken back by the people the scoping rule allows."""

from axes.utils import reset as reset_login_failures
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from units import access, notices
from units.models import ChangeRecord, RoleAssignment, TemporaryPassword, Unit

# The account that management commands and the demo data act as when no person does (the
# `by` of their changes, the "recorded by" of their history). It cannot log in: inactive, with no
# usable password; it is a superuser so that the services' action rules let it do anything.
SYSTEM_USERNAME = "he-thong"


def system_account():
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "Hệ thống", "is_active": False, "is_superuser": True}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _record_role(kind: str, assignment: RoleAssignment, by) -> None:
    ChangeRecord.objects.create(
        kind=kind,
        unit=assignment.unit,
        account=assignment.user,
        details={"role": assignment.role, "unit": assignment.unit.name, "username": assignment.user.username},
        recorded_by=by,
    )


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
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
    _record_role(ChangeRecord.Kind.ROLE_GRANTED, assignment, by)
    notices.role_granted(assignment, by=by)
    return assignment


@transaction.atomic
def role_revoke(*, by, assignment: RoleAssignment) -> None:
    if not access.can_grant_at(by, assignment.role, assignment.unit):
        raise PermissionDenied
    _record_role(ChangeRecord.Kind.ROLE_REVOKED, assignment, by)
    assignment.delete()


# Passwords an officer sets are temporary: the owner is sent to choose their own at the next login.
SESSION_FLAG = "password_must_change"


@transaction.atomic
def password_set_by_officer(*, by, account, form) -> None:
    """Save the SetPasswordForm `form` for `account` and mark the password as one its owner must replace."""
    held = list(RoleAssignment.objects.filter(user=account).select_related("unit"))
    if not access.can_set_password_of(by, account, held):
        raise PermissionDenied
    form.save()
    TemporaryPassword.objects.update_or_create(user=account, defaults={"set_by": by})
    reset_login_failures(username=account.get_username())  # a locked-out chair can use the new password at once


def password_chosen_by_owner(request, user) -> None:
    """The owner chose their own password (changed it, or reset it from the e-mail link)."""
    TemporaryPassword.objects.filter(user=user).delete()
    reset_login_failures(username=user.get_username())
    if request.session.get(SESSION_FLAG):
        del request.session[SESSION_FLAG]


@receiver(user_logged_in)
def _remember_a_temporary_password(sender, request, user, **kwargs):
    if request is not None and TemporaryPassword.objects.filter(user=user).exists():
        request.session[SESSION_FLAG] = True


class OwnPasswordMiddleware:
    """Until the owner replaces an officer-set password, every page leads to the password-change form."""

    ALLOWED = ("password_change", "password_change_done", "logout", "set_language", "healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Resolve first: the pages that stay open (and the health check) never load the session.
        match = resolve_quietly(request.path_info)
        if (match is None or match.url_name not in self.ALLOWED) and request.session.get(SESSION_FLAG):
            return redirect("password_change")
        return self.get_response(request)


def resolve_quietly(path):
    try:
        return resolve(path)
    except Resolver404:
        return None
