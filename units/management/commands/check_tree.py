"""`manage.py check_tree`: the copies the tree keeps (placements, people's unit paths, the paths other
apps copy from them) agree with it.

The tree services keep them in step in one transaction; this is for after manual SQL, restores or
upgrades. It exits non-zero and names the rows when something disagrees.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, F, OuterRef, Q, Subquery

from units.models import Person, Placement, Unit
from units.signals import checking_tree_copies


def tree_problems(limit: int = 20) -> list[str]:
    problems = []
    open_rows = Placement.objects.filter(unit=OuterRef("pk"), valid_until__isnull=True)
    units = Unit.objects.annotate(
        open_count=Subquery(open_rows.order_by().values("unit").annotate(n=Count("pk")).values("n")),
        open_path=Subquery(open_rows.values("path")[:1]),
        open_parent=Subquery(open_rows.values("parent")[:1]),
    )
    for code in units.filter(Q(open_count__isnull=True) | ~Q(open_count=1)).values_list("code", flat=True)[:limit]:
        problems.append(f"Đơn vị {code}: không có đúng một vị trí hiện hành trong lịch sử cây.")
    for code in units.filter(open_count=1).exclude(open_path=F("path")).values_list("code", flat=True)[:limit]:
        problems.append(f"Đơn vị {code}: đường dẫn trong lịch sử cây khác đường dẫn hiện tại.")
    mismatched_parent = units.filter(open_count=1).exclude(Q(open_parent=F("parent")) | Q(open_parent__isnull=True, parent__isnull=True))
    for code in mismatched_parent.values_list("code", flat=True)[:limit]:
        problems.append(f"Đơn vị {code}: đơn vị cấp trên trong lịch sử cây khác đơn vị cấp trên hiện tại.")
    wrong_paths = Person.objects.exclude(unit_path=F("unit__path"))
    for pk, name in wrong_paths.values_list("pk", "full_name")[:limit]:
        problems.append(f"Đoàn viên #{pk} {name}: đường dẫn đơn vị không khớp đơn vị.")
    # The copies other apps keep of people's paths (the awards' awardee path): units.signals.
    for _receiver, found in checking_tree_copies.send(sender=Unit, limit=limit):
        problems.extend(found)
    return problems


class Command(BaseCommand):
    help = "Check that the tree history and the people's unit paths agree with the current tree."

    def handle(self, *args, **options):
        problems = tree_problems()
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} chỗ không khớp (tối đa 20 mỗi loại).")
        self.stdout.write(self.style.SUCCESS("Cây tổ chức, lịch sử và đường dẫn của đoàn viên khớp nhau."))
