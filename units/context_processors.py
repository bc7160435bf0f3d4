from units import access


def navigation(request):
    """What the menu offers: only what the user's roles allow."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "import_units": access.can_import_units(user),
            "import_members": access.can_import_members(user),
            "accounts": access.can_manage_accounts(user),
            "admin": user.is_staff,
        }
    }
