"""Where each awardee is now (`Award.awardee_path`): the person's unit path, or the collective's path.

The member list's filter "awarded X in year Y" reads the awards of the user's area as one index range by
this path (award_form_year_area), instead of every award of the form in the country. The copy follows
the registry in the transaction that changes it (units.signals): a person who changes union
(`members_moved`), a unit moved with its subtree (`subtree_moved`, also what a merge does to the units
below). An award whose copy were stale would only be missing from that filter, never shown outside the
user's area: the member list scopes by the people's own paths. `manage.py check_tree` reports copies
that disagree (after manual SQL or a restore).
"""

from django.db.models import OuterRef, Subquery

from awards.models import Award
from units.models import Person, Unit

BATCH = 5_000


def path_of(*, person: Person | None = None, collective: Unit | None = None) -> str:
    """The path a new award of `person` (or of the unit `collective`) starts with."""
    return person.unit_path if person is not None else collective.path


def _people_paths():
    return Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("unit_path")[:1])


def _unit_paths():
    return Subquery(Unit.objects.filter(pk=OuterRef("collective_id")).values("path")[:1])


def on_members_moved(sender, person_ids, **kwargs) -> None:
    for start in range(0, len(person_ids), BATCH):
        Award.objects.filter(person_id__in=person_ids[start : start + BATCH]).update(awardee_path=_people_paths())


def on_subtree_moved(sender, old_path, new_path, **kwargs) -> None:
    # From the people and units now under the new path (their indexes), not the awards' old paths: no
    # index of the awards starts with the path, and reading the sources mends any stale copy on the way.
    people = Person.objects.filter(unit_path__startswith=new_path).values("pk")
    Award.objects.filter(person_id__in=people).update(awardee_path=_people_paths())
    units = Unit.objects.filter(path__startswith=new_path).values("pk")
    Award.objects.filter(collective_id__in=units).update(awardee_path=_unit_paths())


def copy_problems(sender=None, limit: int = 20, **kwargs) -> list[str]:
    """The awards whose awardee's path disagrees with the registry or the tree (for check_tree)."""
    stale = (Award.objects.filter(person__isnull=False).exclude(awardee_path=_people_paths())
             | Award.objects.filter(collective__isnull=False).exclude(awardee_path=_unit_paths()))
    return [
        f"Khen thưởng #{pk} ({name}): nơi của người được khen không khớp đơn vị hiện nay."
        for pk, name in stale.order_by("pk").values_list("pk", "awardee_name")[:limit]
    ]
