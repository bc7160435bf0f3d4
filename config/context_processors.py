def csp_nonce(request):
    """django-htmx's {% htmx_script %} reads `csp_nonce`; django-csp's own processor names it CSP_NONCE."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
