"""The generator's portal rows (devtools/topup.py) obey the models' rules, serve the pages the benchmarks
open, and are added only when missing."""

import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command

from devtools import scale, topup
from portal.attachments.models import Attachment
from portal.jobs import kinds
from portal.jobs.models import MACHINE, Job
from portal.models import Transition
from portal.notices.models import Notice
from units.models import ChangeRecord, Unit, UnitYearStats

User = get_user_model()


def seed(*extra):
    out = io.StringIO()
    call_command("seed_scale", "--scale", "national", "--units", "300", "--members", "3000", *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return seed()


def bench_accounts():
    return {who: user for who, _role, _unit, user in topup.ensure_bench_accounts()}


def test_the_benchmark_accounts_sign_in_through_the_login_form(seeded, client):
    assert set(bench_accounts()) == {"national staff", "province chair", "district officer"}
    response = client.post("/accounts/login/", {"username": "bench.district-officer", "password": topup.BENCH_PASSWORD})
    assert response.status_code == 302 and response.url == "/"
    assert client.get("/healthz/page/").status_code == 200
    # One role each, at the units the in-process benchmark picks.
    for who, role, unit, user in topup.ensure_bench_accounts():
        assert list(user.role_assignments.values_list("role", "unit")) == [(role, unit.pk)]


def test_notices_belong_to_real_accounts_are_partly_read_and_link_to_units(seeded):
    accounts = bench_accounts()
    for user in accounts.values():
        notices = Notice.objects.filter(recipient=user)
        assert notices.count() == topup.BENCH_NOTICES
        read = notices.filter(read_at__isnull=False).count()
        assert 0.5 * topup.BENCH_NOTICES < read < 0.9 * topup.BENCH_NOTICES
    gen = User.objects.filter(username__startswith=topup.GEN_PREFIX)
    assert gen.count() == topup.gen_account_count(300)
    assert not any(user.has_usable_password() for user in gen)
    assert Notice.objects.filter(recipient__in=gen).count() == gen.count() * topup.NOTICES_PER_ACCOUNT
    units = set(Unit.objects.values_list("pk", flat=True))
    for notice in Notice.objects.order_by("?")[:200]:
        assert notice.created_at <= scale.GENERATED_AT
        assert notice.read_at is None or notice.created_at <= notice.read_at <= scale.GENERATED_AT
        assert int(notice.link.strip("/").split("/")[1]) in units


def test_jobs_are_finished_imports_with_their_moves_and_open_for_their_owner(seeded, client):
    accounts = bench_accounts()
    officer = accounts["district officer"]
    assert Job.objects.filter(owner=officer).count() == topup.BENCH_JOBS
    assert not Job.objects.filter(owner=accounts["province chair"]).exists()  # leadership may not import members
    for job in Job.objects.all():
        assert job.state == Job.State.DONE and kinds.get(job.kind).allowed(job.owner)
        moves = [(t.source, t.target) for t in Transition.objects.filter(owner_id=str(job.pk)).order_by("at", "pk")]
        assert moves[0] == ("", "queued") and moves[-1] == ("running", "done")
        assert all(move in MACHINE.moves for move in moves[1:])
    client.force_login(officer)
    job = Job.objects.filter(owner=officer).order_by("-created_at").first()
    response = client.get(job.get_absolute_url())
    assert response.status_code == 200
    assert f"{job.report['rows']:,}".replace(",", ".") in response.content.decode() or str(job.report["rows"]) in response.content.decode()


def test_attachments_point_at_real_files_that_their_unit_serves(seeded, client):
    assert Attachment.objects.count() > 300 // topup.ATTACHMENT_EVERY
    for name, _shown, _kind, content in topup.SHARED_FILES:
        with default_storage.open(name) as stored:
            assert stored.read() == content
    for attachment in Attachment.objects.all():
        content = dict((n, c) for n, _s, _k, c in topup.SHARED_FILES)[attachment.file.name]
        assert (attachment.size, attachment.sha256) == (len(content), hashlib.sha256(content).hexdigest())
        assert Unit.objects.filter(pk=attachment.object_id).exists()
    officer = bench_accounts()["district officer"]
    files_unit = topup.files_unit_candidates(officer.role_assignments.get().unit)[0]
    attachment = Attachment.objects.filter(object_id=files_unit).first()
    client.force_login(officer)
    page = client.get(f"/units/{files_unit}/")
    assert page.status_code == 200 and attachment.filename in page.content.decode()
    download = client.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == attachment.file.open().read()


def test_count_records_match_the_yearly_counts(seeded):
    records = ChangeRecord.objects.filter(kind=ChangeRecord.Kind.COUNTS_SAVED)
    assert records.count() >= UnitYearStats.objects.filter(year=2025).count() // topup.COUNTS_EVERY
    stats = {row[0]: list(row[1:]) for row in UnitYearStats.objects.filter(year=2025).values_list("unit_id", "members", "workers", "women")}
    for record in records:
        assert set(record.details) == {"year", "before", "after"} and record.details["year"] == 2025
        assert record.details["after"] == stats[record.unit_id]
        assert record.summary.startswith("2025: ")


def test_a_second_top_up_adds_nothing_and_replace_starts_over(seeded):
    tables = [Notice, Job, Transition, Attachment, ChangeRecord, User]
    before = {model: model.objects.count() for model in tables}
    assert "không thêm dòng nào" in seed("--top-up")
    assert "không thêm dòng nào" in seed("--if-empty")
    assert {model: model.objects.count() for model in tables} == before
    seed("--replace")
    assert {model: model.objects.count() for model in tables} == before


def test_top_up_refuses_a_database_with_real_units(db):
    from tests.factories import UnitFactory

    UnitFactory(code="DB-01")
    with pytest.raises(RuntimeError, match="not generated"):
        topup.top_up(say=lambda line: None)


def test_the_award_history_has_the_national_shape_and_serves_the_pages(seeded, client):
    from awards import history
    from awards.models import Award, Decision

    awards = Award.objects.count()
    people = Award.objects.filter(person__isnull=False).values("person_id").distinct().count()
    assert 0.04 * 3000 * 5 * 0.5 < awards < 0.06 * 3000 * 5 * 2  # ~5.5% of members a year, over five years
    assert Award.objects.filter(collective__isnull=False).exists() and people > 100
    assert Decision.objects.filter(source="import").exists() and Decision.objects.filter(source="portal").exists()
    # Every decision is numbered, issued and holds awards; tokens are unique.
    assert not Decision.objects.filter(awards__isnull=True).exists()
    assert Award.objects.values("token").distinct().count() == awards
    chains = [history.consecutive_years(r, "chien-si-thi-dua-co-so", up_to=2025) for r in history.history_of_people(
        Award.objects.filter(form__code="chien-si-thi-dua-co-so").values_list("person_id", flat=True)[:200]).values()]
    assert max(chains) >= 3
    # The same seed adds them once.
    assert "không thêm dòng nào" in seed("--top-up")
    assert Award.objects.count() == awards
