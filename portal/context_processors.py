from functools import cached_property, partial

from portal.menu import menu_for


class _Bell:
    """The unread count for the menu's bell, counted only if the page draws it (one indexed query)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        from portal.notices.models import Notice

        return Notice.objects.unread_for(self.user).count()


def portal(request):
    """The menu of the user's apps and the notice bell."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    # Both are worked out only if the page draws them (an htmx fragment does not): the template calls the partial.
    return {"portal_menu": partial(menu_for, user, match.view_name if match else ""), "bell": _Bell(user)}
