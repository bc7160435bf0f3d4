"""What `units` tells people through the portal's notices (portal/notices), and who holds a role at a unit."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from portal.notices.services import notify


def role_holders(*, role: str, unit):
    """The active accounts holding `role` at `unit` itself (settings.NOTICE_ROLE_HOLDERS)."""
    return get_user_model().objects.filter(is_active=True, role_assignments__role=role, role_assignments__unit=unit).distinct()


def role_granted(assignment, *, by) -> None:
    """Tell the account holder the role they were given (sent once the grant commits)."""
    notify(
        to=assignment.user,
        by=by,
        kind="units.role_granted",
        title=_("You have been given the role %(role)s at %(unit)s")
        % {"role": assignment.get_role_display(), "unit": assignment.unit.name},
        body=_("Sign in to the portal to work with this role."),
        link=assignment.unit.get_absolute_url(),
    )


def role_holders_of_units(*, roles: set[str], units):
    """The active accounts holding one of `roles` at any of `units` itself (units, their ids, or a
    queryset of either), in ONE query however many units: a fan-out to 3,000 chairs reads them at once."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__role__in=roles, role_assignments__unit__in=units)
        .distinct()
    )
