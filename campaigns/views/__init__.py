"""The campaigns app's pages, one module per area: campaigns.py (list, launch, status, coverage),
duties.py (a unit's plan and launch, its to-do list), registrations.py (registrations, progress,
reviews), exemplars.py (exemplars, replications, the public page). Each area's routes are in
campaigns/urls_<area>.py, joined in campaigns/urls.py under one namespace, "campaigns"."""
