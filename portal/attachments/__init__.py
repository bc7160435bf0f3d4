"""Files attached to any record (a unit's founding decision, a plan, a dossier, a bloc score).

A domain app opts a model in with `register(Model, can_attach=rule)`; the portal never imports the
domain app. A file is checked by its content, stored under a random name through Django's storage
API and served only after the owner is found through `Model.objects.visible_to(user)`.
See docs/decisions/0013-attachments.md.
"""

from portal.attachments.registry import register  # noqa: F401
