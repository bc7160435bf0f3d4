from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from units import access, accounts, importing


def run(command, options, importer, allowed, **kwargs):
    """Shared by import_units and import_people: check the arguments, import, print the outcome."""
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(_("File not found: %(path)s") % {"path": path})
    # Without --user the file is imported by the system account, with no limit of area.
    user = accounts.system_account()
    if options["user"]:
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(_("No user named %(name)s.") % {"name": options["user"]})
        if not allowed(user):
            raise CommandError(_("%(name)s may not import this file.") % {"name": user.username})
    try:
        report = importer(path, user=user, commit=not options["dry_run"], **kwargs)
    except importing.BadFile as exc:
        raise CommandError(str(exc)) from exc
    for error in sorted(report.errors, key=lambda error: (error.row, error.column)):
        where = _("Row %(row)s, %(column)s") % {"row": error.row, "column": error.column} if error.column else _("Row %(row)s") % {"row": error.row}
        command.stderr.write(f"{where}: {error.message}")
    for note in report.notes:
        command.stdout.write(_("Row %(row)s: %(message)s") % {"row": note.row, "message": note.message})
    if options["dry_run"]:
        for change in report.changes:
            what = "; ".join(f"{column}: {old} → {new}" for column, old, new in change.changes)
            command.stdout.write(_("Row %(row)s: %(message)s") % {"row": change.row, "message": f"{change.name}: {what}"})
    counts = {
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "seconds": report.seconds,
    }
    if report.errors:
        raise CommandError(
            ngettext(
                "Nothing was imported: %(count)s error in %(rows)s rows (%(seconds).2f s).",
                "Nothing was imported: %(count)s errors in %(rows)s rows (%(seconds).2f s).",
                len(report.errors),
            )
            % {"count": len(report.errors), **counts}
        )
    if report.applied:
        summary = _("Imported %(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged (%(seconds).2f s).")
    else:
        summary = _("Checked %(rows)s rows, nothing saved: %(created)s to create, %(updated)s to update, %(unchanged)s unchanged (%(seconds).2f s).")
    command.stdout.write(summary % counts)


class Command(BaseCommand):
    help = "Import units (and their member counts for a year) from an Excel file: every row or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file, laid out like the template")
        parser.add_argument("--year", type=int, default=timezone.localdate().year, help="year of the member counts (default: this year)")
        parser.add_argument("--user", help="username whose area limits the units the file may touch (default: the system account, no limit)")
        parser.add_argument("--dry-run", action="store_true", help="check and count only")

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        run(self, options, importing.import_units, access.can_import_units, year=options["year"])
