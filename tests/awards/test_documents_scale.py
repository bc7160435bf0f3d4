"""The targets for a decision of 500 awardees: its PDF in ≤ 10 s, and the batch of 500 certificates
in the job worker with a peak memory ≤ 500 MB (the peak resident size of the whole test process,
pytest and Django included, so an upper bound of the batch's own). Slow: run with -m slow."""

import io
import resource
import sys
import time
import zipfile

import pytest
from django.urls import reverse

from awards import services
from awards.documents import pdf as pdf_doc
from awards.models import Award
from portal.jobs import runner
from portal.jobs.models import Job
from tests.awards.test_documents import pdf_text
from tests.factories import PersonFactory, award_form, award_type

AWARDEES = 500


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@pytest.fixture
def big_decision(tree, cast):
    from units.models import Person

    people = Person.objects.bulk_create(
        [PersonFactory.build(unit=tree.school_a if i % 2 else tree.hospital_a, full_name=f"Nguyễn Thị Ánh Tuyết {i:03d}", citizen_id=None) for i in range(AWARDEES)]
    )
    decision = services.decision_create(issuing_unit=tree.province, by=cast.province_staff, decided_on=__import__("datetime").date(2025, 12, 15),
                                        signer_name="Lò Văn Mừng", signer_title="Chủ tịch")
    form, kind = award_form("bang-khen-ldld-tinh"), award_type("tong-ket-nam")
    Award.objects.bulk_create([
        Award(decision=decision, person=p, unit=p.unit, awardee_name=p.full_name, unit_name=p.unit.name, form=form, award_type=kind,
              year=2025, prize_amount=2_340_000, order=i)
        for i, p in enumerate(people, start=1)
    ])
    return services.decision_issue(decision=decision, by=cast.province_staff, confirm_over_budget=True)


@pytest.mark.slow
def test_the_pdf_of_500_awardees_within_10_seconds(big_decision, capsys):
    pdf_doc.decision_pdf(big_decision.__class__.objects.get(pk=big_decision.pk))  # warm: fonts, imports
    started, cpu = time.perf_counter(), time.process_time()
    data = pdf_doc.decision_pdf(big_decision)
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    text = pdf_text(data)
    # A wrapped name cell reads "Nguyễn Thị Ánh <unit words> Tuyết 000": the rows, in order.
    assert text.index("Tuyết 000") < text.index("Tuyết 250") < text.index("Tuyết 499")
    assert "Tổng cộng" in text and "1.170.000.000 đ" in text
    with capsys.disabled():
        print(f"\n[measure] decision PDF, {AWARDEES} annex rows: {took:.2f} s wall, {cpu:.2f} s CPU, "
              f"{len(data) // 1024} KiB, load average {__import__('os').getloadavg()[0]:.1f}")
    # The CPU time is the render's own cost; the wall time also holds whatever else the shared machine runs.
    assert cpu <= 10


@pytest.mark.slow
def test_the_batch_of_500_certificates_stays_under_500_mb(client, cast, big_decision, capsys):
    before = peak_mb()
    started = time.perf_counter()
    client.force_login(cast.province_staff)
    client.post(reverse("awards:certificates-batch", args=[big_decision.pk]))  # the immediate backend runs the job here
    took = time.perf_counter() - started
    job = Job.objects.get(kind="award_certificates")
    assert job.state == Job.State.DONE and job.report["certificates"] == AWARDEES
    after = peak_mb()
    with job.result_file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert len(archive.namelist()) == AWARDEES
    assert "Nguyễn Thị Ánh Tuyết 499" in pdf_text(archive.read(archive.namelist()[-1]))
    with capsys.disabled():
        print(f"\n[measure] {AWARDEES} certificates: {took:.1f} s, zip {job.result_file.size // 1024} KiB, "
              f"peak RSS of the process {before:.0f} MB before, {after:.0f} MB after")
    assert after <= 500
