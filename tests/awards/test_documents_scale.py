"""A decision of 500 awardees: its PDF made by the job worker when it is issued holds every annex row
in order, and the batch of 500 certificates is one PDF of 500 pages. Slow: run with -m slow. The
targets (the PDF in ≤ 10 s, the batch in ≤ 500 MB) are measured by `manage.py bench_award_documents`,
each job in a process of its own (devtools/bench_documents.py), not asserted here."""

import pytest
from django.urls import reverse

from awards import services
from awards.documents.models import DecisionDocument
from awards.models import Award
from portal.jobs.models import Job
from tests.awards.test_documents import pdf_text
from tests.awards.test_documents_pages import page_text, pdf_pages
from tests.factories import PersonFactory, award_form, award_type

AWARDEES = 500


@pytest.fixture
def big_decision(tree, cast, django_capture_on_commit_callbacks):
    from units.models import Person

    people = Person.objects.bulk_create(
        [PersonFactory.build(unit=tree.school_a if i % 2 else tree.hospital_a, full_name=f"Nguyễn Thị Ánh Tuyết {i:03d}", citizen_id=None) for i in range(AWARDEES)]
    )
    decision = services.decision_create(issuing_unit=tree.province, by=cast.province_staff, decided_on=__import__("datetime").date(2025, 12, 15),
                                        signer_name="Lò Văn Mừng", signer_title="Chủ tịch")
    form, kind = award_form("bang-khen-ldld-tinh"), award_type("tong-ket-nam")
    Award.objects.bulk_create([
        Award(decision=decision, person=p, unit=p.unit, awardee_path=p.unit_path, awardee_name=p.full_name, unit_name=p.unit.name, form=form, award_type=kind,
              year=2025, prize_amount=2_340_000, order=i)
        for i, p in enumerate(people, start=1)
    ])
    with django_capture_on_commit_callbacks(execute=True):  # the PDF's job runs once the issue commits
        return services.decision_issue(decision=decision, by=cast.province_staff, confirm_over_budget=True)


@pytest.mark.slow
def test_the_pdf_of_500_awardees_is_made_at_issue_with_every_row(big_decision):
    with DecisionDocument.objects.get(decision=big_decision).pdf.open("rb") as handle:
        text = pdf_text(handle.read())
    # A wrapped name cell reads "Nguyễn Thị Ánh <unit words> Tuyết 000": the rows, in order.
    assert text.index("Tuyết 000") < text.index("Tuyết 250") < text.index("Tuyết 499")
    assert "Tổng cộng" in text and "1.170.000.000 đ" in text


@pytest.mark.slow
def test_the_batch_of_500_certificates_is_one_pdf_of_500_pages(client, cast, big_decision):
    client.force_login(cast.province_staff)
    client.post(reverse("awards:certificates-batch", args=[big_decision.pk]))  # the immediate backend runs the job here
    job = Job.objects.get(kind="award_certificates")
    assert job.state == Job.State.DONE and job.report["certificates"] == AWARDEES
    with job.result_file.open("rb") as handle:
        data = handle.read()
    assert pdf_pages(data) == AWARDEES
    assert "Nguyễn Thị Ánh Tuyết 000" in page_text(data, 1) and "Nguyễn Thị Ánh Tuyết 499" in page_text(data, AWARDEES)
