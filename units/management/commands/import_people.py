import argparse

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from portal.params import bounded_int
from units import access, importing
from units.management.commands.import_units import run


class Command(BaseCommand):
    help = "Import members from an Excel file: every row or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file, laid out like the template")
        parser.add_argument("--user", help="username whose area limits the units the file may touch (default: the system account, no limit)")
        parser.add_argument("--dry-run", action="store_true", help="check and count only")
        parser.add_argument(
            "--corrections",
            type=row_numbers,
            default=frozenset(),
            help="rows (e.g. 5,7) that correct the name or date of birth of the member holding their citizen ID",
        )

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        run(self, options, importing.import_people, access.can_import_members, corrections=options["corrections"])


def row_numbers(text: str) -> frozenset[int]:
    numbers = [bounded_int(part, default=None, min_value=2, max_value=importing.MAX_ROW) for part in text.split(",") if part.strip()]
    if None in numbers:
        raise argparse.ArgumentTypeError(_("Write row numbers separated by commas, e.g. 5,7."))
    return frozenset(numbers)
