"""What every app of the portal shares, importing no domain app: the home page and the menu, the
state-change pattern, background jobs, notices and attachments (see docs/decisions/0009-portal-shared-package.md)."""
