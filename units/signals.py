"""What `units` tells the apps above it, without importing them.

`tree_changed(sender=Unit, unit_ids=[...])` is sent once the transaction that created, edited,
moved, merged or dissolved those units (or changed their yearly counts) has committed; for a move or
a merge, the units whose place changed, not each unit below them: receivers read the subtrees. An
import of a thousand units sends one signal, not a thousand. Campaigns refresh who owes them.

`members_moved(sender=Person, person_ids=[...])` and `subtree_moved(sender=Unit, old_path=..., new_path=...)`
are sent inside the transaction, right after people's unit paths were rewritten (people who changed
union; a unit moved with its subtree), so that a copy another app keeps of a person's path changes in
the same transaction and rolls back with it. The awards keep their awardee's path so (decision 33).

`checking_tree_copies(sender=Unit, limit=N)` is sent by `manage.py check_tree`: each receiver returns
the problems (lines of text, at most `limit` of a kind) it finds in the copies it keeps.
"""

import threading

from django.db import transaction
from django.dispatch import Signal

tree_changed = Signal()
members_moved = Signal()
subtree_moved = Signal()
checking_tree_copies = Signal()

_pending = threading.local()


def send_tree_changed(*unit_ids: int) -> None:
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
    ids.update(pk for pk in unit_ids if pk)
    transaction.on_commit(_flush)


def _flush() -> None:
    # The first callback of a transaction sends everything it gathered; the others find nothing.
    # Ids left by a rolled-back transaction ride on the next commit: receivers are idempotent.
    ids = sorted(getattr(_pending, "ids", ()) or ())
    _pending.ids = set()
    if ids:
        from units.models import Unit

        tree_changed.send(sender=Unit, unit_ids=ids)
