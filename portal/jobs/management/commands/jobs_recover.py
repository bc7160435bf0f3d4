from django.core.management.base import BaseCommand

from portal.jobs import runner


class Command(BaseCommand):
    help = "Mark failed the running jobs whose worker died (their lease ran out), so their owners can retry. Safe to run from cron."

    def handle(self, *args, **options):
        count = runner.recover()
        runner.sweep()
        self.stdout.write(f"{count} job(s) recovered")
