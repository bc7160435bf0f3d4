from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from awards import importing, rules
from units.management.commands.import_units import run


class Command(BaseCommand):
    help = "Import past awards from an Excel file: every row or none; a file imported twice adds nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file, laid out like the template")
        parser.add_argument("--user", help="username whose area limits the units the file may touch (default: the system account, no limit)")
        parser.add_argument("--dry-run", action="store_true", help="check and count only")
        parser.add_argument(
            "--add-missing-people", action="store_true",
            help="add a person the registry does not hold to it, in the unit of their row (the user must be allowed to edit its members)",
        )

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        run(self, options, importing.import_awards, rules.can_import_awards, add_missing_people=options["add_missing_people"])
