# Models for this app arrive with their issue.
