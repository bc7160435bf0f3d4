from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from campaigns import import_launches
from units.management.commands.import_units import run


class Command(BaseCommand):
    help = "Import units' plans and launches of campaigns from an Excel file: every row or none."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file, laid out like the template")
        parser.add_argument("--user", help="username whose area limits the units the file may touch (default: the system account, no limit)")
        parser.add_argument("--dry-run", action="store_true", help="check and count only")

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        run(self, options, import_launches.import_launches, import_launches.can_import)
