from django.core.management.base import BaseCommand

from devtools import bench_documents
from devtools.benchmark import machine_summary


class Command(BaseCommand):
    help = ("Time the issued PDF of a decision of 500 awardees and measure the peak memory of printing its certificates, "
            "each in the job worker's own process (a demo or generated database: it issues, then deletes, a decision).")

    def add_arguments(self, parser):
        parser.add_argument("--awardees", type=int, default=500)
        parser.add_argument("--keep", action="store_true", help="keep the decision, its PDF and the certificates' job")
        parser.add_argument("--run-job", help="(internal) run this job as the worker would, in this process")

    def handle(self, *args, awardees, keep, run_job, **options):
        if run_job:
            bench_documents.run_job(run_job, out=self.stdout.write)
            return
        results = bench_documents.run(awardees, keep=keep, out=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(bench_documents.table(results, machine_summary()))
