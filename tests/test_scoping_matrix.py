"""The scoping matrix: every object URL, for every role, inside and outside its reach, from one table.

Each line of URLS is one object URL: how to find its object at a place, the method, and which roles may
act on it. For every role the test expects:

- outside the role's reach: 404, as for an id that does not exist (never a page, a redirect or a 403
  that would confirm the object is there);
- inside: the line's `ok` status for the roles the action rule lets act (`may`), 403 for the others;
- an anonymous visitor: the login page.

A new app adds one line per object URL; test_every_object_url_has_a_line fails until it does.
The world (tree, cast, one object of each kind at each place) is built once for the module; each
case runs in a transaction rolled back after it, so a POST that succeeds leaves nothing behind.
"""

import datetime
import uuid
from dataclasses import dataclass
from typing import Callable

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from tests.attachments.conftest import PDF, upload
from tests.conftest import Tree, make_cast
from tests.factories import PersonFactory, TrainingRecordFactory, UnitFactory, UserFactory, grant, make_decision, unit_type
from units.access import ROLE_LABELS, Role
from django.core.files.base import ContentFile

from portal.attachments.services import attachment_add
from portal.jobs.models import Job
from portal.notices.services import notify


@dataclass(frozen=True)
class Standing:
    """Where a role of the cast (tests/conftest.py) stands: places it reaches, places it must not."""

    inside: tuple[str, ...]
    outside: tuple[str, ...]


# Places are the units of the Tree, and "other_union", a union in another province.
ROLES = {
    "admin": Standing(inside=("school_b",), outside=()),  # reaches everything
    "province_staff": Standing(inside=("school_b",), outside=("other_union",)),
    "leadership": Standing(inside=("school_a",), outside=("other_union",)),
    "council": Standing(inside=("school_a",), outside=("other_union",)),
    # District A's officer: the other district's union, and the province above.
    "officer": Standing(inside=("school_a",), outside=("school_b", "province")),
    # School A's chair: the neighbour union, and the district above.
    "chair": Standing(inside=("school_a",), outside=("hospital_a", "district_a")),
    "nobody": Standing(inside=(), outside=("school_a",)),
    "anonymous": Standing(inside=("school_a",), outside=()),
}
PLACES = ("province", "district_a", "school_a", "hospital_a", "school_b", "other_union")

EVERYONE = frozenset({"admin", "province_staff", "leadership", "council", "officer", "chair"})
TREE_EDITORS = frozenset({"admin", "province_staff", "officer"})  # the officer below their own district
MEMBER_EDITORS = TREE_EDITORS | {"chair"}
GRANTERS = frozenset({"admin", "province_staff", "officer"})  # the officer names chairs below


def unit_places(role: str, where: str) -> tuple[str, ...]:
    return getattr(ROLES[role], where)


def own_places(role: str, where: str) -> tuple[str, ...]:
    """A job (or a notice) belongs to one account: inside is one's own, outside anyone else's (the admin's too)."""
    if role == "anonymous":
        return ("admin",) if where == "inside" else ()
    return (role,) if where == "inside" else ("someone_else",)


@dataclass(frozen=True)
class Line:
    url: str
    obj: Callable  # (world, place) -> the pk of the line's object at that place
    may: frozenset[str]  # roles the action rule lets act, inside their reach
    ok: int = 200  # what they get
    method: str = "GET"
    data: tuple = ()  # POST data, as pairs
    query: str = ""  # the id goes in this query parameter, not in the path
    places: Callable = unit_places
    note: str = ""
    args: tuple = ()  # URL arguments before the object's id
    ids: int = 1  # ids in the path: with 2, `obj` gives both (a bloc and its member)
    anonymous: object = "login"  # what a visitor who is not logged in gets


def unit(world, place):
    return world.units[place].pk


def person(world, place):
    return world.people[place].pk


def training(world, place):
    return world.trainings[place].pk


def role_held(world, place):
    return world.roles_held[place].pk


def account(world, place):
    return world.roles_held[place].user_id


def job(world, place):
    return world.jobs[place].pk


def attachment(world, place):
    return world.attachments[place].pk


def notice(world, place):
    return world.notices[place].pk


# camp-duty: a unit's plan-and-launch page, and the plans-and-launches import's own jobs.
def duty(world, place):
    return world.duties[place].pk


def launch_job(world, place):
    return world.launch_jobs[place].pk


PLAN = (("plan-part", "plan"), ("plan-version", "1"), ("plan-plan_number", "05/KH-CĐCS"), ("plan-plan_date", "10/02/2025"))
# camp-reg: registrations, progress and reviews. A campaign is seen up the tree from the units it
# applies to (the upward reach), so a campaign launched at a place above a role's own unit is not
# outside that role: its lines drop those places from the outside ones.
ABOVE_THE_ROLE = {"officer": {"province"}, "chair": {"district_a"}}


def campaign_places(role: str, where: str) -> tuple[str, ...]:
    places = unit_places(role, where)
    return tuple(p for p in places if p not in ABOVE_THE_ROLE.get(role, ())) if where == "outside" else places


def reg_campaign(world, place):
    return world.reg_campaigns[place].pk


def registration(world, place):
    return world.registrations[place].pk


def progress_entry(world, place):
    return world.progress_entries[place].pk


def review(world, place):
    return world.reviews[place].pk
def draft_decision(world, place):
    return world.drafts[place].pk


def issued_decision(world, place):
    return world.issued[place].pk


def draft_award(world, place):
    return world.drafts[place].awards.get().pk


def issued_award(world, place):
    return world.issued[place].awards.get().pk


TRAINING = (("course", "Tập huấn nghiệp vụ"), ("organiser", "LĐLĐ tỉnh"), ("held_on", "20/05/2026"), ("attended", "on"))

URLS = [
    Line("units:detail", unit, EVERYONE),
    Line("units:children", unit, EVERYONE),
    Line("units:create", unit, TREE_EDITORS, query="parent", note="a new unit under this one"),
    Line("units:edit", unit, TREE_EDITORS),
    Line("units:move", unit, TREE_EDITORS),
    Line("units:merge", unit, TREE_EDITORS),
    Line("units:dissolve", unit, TREE_EDITORS),
    Line("units:counts", unit, MEMBER_EDITORS),
    Line("units:person-create", unit, MEMBER_EDITORS, query="unit", note="a new member of this union"),
    Line("units:person-detail", person, EVERYONE),
    Line("units:person-edit", person, MEMBER_EDITORS),
    Line("units:person-leave", person, MEMBER_EDITORS),
    Line("units:person-return", person, MEMBER_EDITORS, ok=302, method="POST", note="a current member: told so, sent back"),
    Line("units:training-create", person, MEMBER_EDITORS, ok=302, method="POST", data=TRAINING),
    Line("units:training-delete", training, MEMBER_EDITORS, ok=302, method="POST"),
    Line("units:role-revoke", role_held, GRANTERS, ok=302, method="POST", note="a chair's role"),
    Line("units:account-password", account, GRANTERS, note="an account holding a chair's role"),
    Line("jobs:detail", job, MEMBER_EDITORS, places=own_places),
    Line("jobs:retry", job, MEMBER_EDITORS, ok=302, method="POST", places=own_places, note="a finished job: told so"),
    Line("jobs:result", job, MEMBER_EDITORS, places=own_places, note="its result file"),
    Line("attachments:upload", unit, TREE_EDITORS, args=("units.unit",), anonymous=404, note="a file for this unit's page"),
    Line("attachments:download", attachment, EVERYONE, anonymous=404, note="a file on a unit's page"),
    Line("attachments:delete", attachment, TREE_EDITORS, ok=302, method="POST", anonymous=404),
    Line("notices:open", notice, EVERYONE | {"nobody"}, ok=302, places=own_places, note="marked read, sent to its link"),
    Line("notices:read", notice, EVERYONE | {"nobody"}, ok=302, method="POST", places=own_places),
    Line("imports:confirm", job, MEMBER_EDITORS, ok=302, method="POST", places=own_places, note="a finished job: told so"),
    Line("imports:recheck", job, MEMBER_EDITORS, ok=302, method="POST", places=own_places, note="a finished job: told so"),
    Line("imports:discard", job, MEMBER_EDITORS, ok=302, method="POST", places=own_places),
    # camp-duty
    Line("campaigns:duty", duty, EVERYONE, note="a unit's plan and launch for a campaign"),
    Line("campaigns:duty", duty, MEMBER_EDITORS, ok=302, method="POST", data=PLAN, note="recording the unit's plan"),
    Line("campaigns:import-launches-discard", launch_job, MEMBER_EDITORS, ok=302, method="POST", places=own_places),
]


# Campaigns (camp-launch): a campaign stands at its launching unit. Launched ones are seen by the units
# that owe them and those above; drafts only by the launching unit's reach; managed only by the staff
# of the launching unit (province staff see a district's campaign and get 403 on its actions).
LAUNCHED_AT = {
    "inside": {"admin": ("district_b",), "province_staff": ("province",), "leadership": ("district_a",), "council": ("province",),
               "officer": ("district_a",), "chair": ("district_a",), "nobody": (), "anonymous": ("district_a",)},
    "outside": {"admin": (), "province_staff": ("other",), "leadership": ("other",), "council": ("other",),
                "officer": ("district_b", "draft_province"), "chair": ("district_b", "draft_district_a"), "nobody": ("district_a",), "anonymous": ()},
}
DRAFT_AT = {
    "inside": {"admin": ("draft_district_b",), "province_staff": ("draft_province",), "leadership": ("draft_province",),
               "council": ("draft_province",), "officer": ("draft_district_a",), "chair": (), "nobody": (), "anonymous": ("draft_district_a",)},
    "outside": {"admin": (), "province_staff": ("draft_other",), "leadership": ("draft_other",), "council": ("draft_other",),
                "officer": ("draft_province", "draft_district_b"), "chair": ("draft_district_a",), "nobody": ("draft_district_a",), "anonymous": ()},
}
CAMPAIGN_MANAGERS = frozenset({"admin", "province_staff", "officer"})  # each at the launching unit of its place
CHASERS = CAMPAIGN_MANAGERS


def launched_places(role, where):
    return LAUNCHED_AT[where][role]


def draft_places(role, where):
    return DRAFT_AT[where][role]


def campaign(world, place):
    return world.campaigns[place].pk


def campaign_world(world) -> dict:
    from campaigns.duties import refresh_duties
    from campaigns.models import Campaign
    from tests.factories import CampaignFactory

    launchers = {
        "province": world.tree.province, "district_a": world.tree.district_a, "district_b": world.tree.district_b,
        "other": world.units["other_union"].parent,
    }
    built = {}
    for place, unit in launchers.items():
        built[place] = CampaignFactory(launching_unit=unit, state=Campaign.State.LAUNCHED, code=f"PT-{place}")
        refresh_duties(built[place])
        built[f"draft_{place}"] = CampaignFactory(launching_unit=unit, code=f"PT-draft-{place}")
    return built


URLS += [
    Line("campaigns:detail", campaign, EVERYONE, places=launched_places),
    Line("campaigns:edit", campaign, CAMPAIGN_MANAGERS, places=draft_places),
    Line("campaigns:launch", campaign, CAMPAIGN_MANAGERS, places=draft_places, note="the confirmation, with the overlap count"),
    Line("campaigns:launch", campaign, CAMPAIGN_MANAGERS, ok=302, method="POST", places=draft_places),
    Line("campaigns:close", campaign, CAMPAIGN_MANAGERS, ok=302, method="POST", places=launched_places),
    Line("campaigns:reopen", campaign, CAMPAIGN_MANAGERS, ok=302, method="POST", places=launched_places, note="a running one: told so"),
    Line("campaigns:status", campaign, EVERYONE, places=launched_places),
    Line("campaigns:status-export", campaign, EVERYONE, places=launched_places),
    Line("campaigns:remind", campaign, CHASERS, ok=302, method="POST", places=launched_places),
    # camp-reg: a launched campaign launched at the place (its launching unit takes part), and that
    # unit's registration, progress entry and review.
    Line("campaigns:registrations", reg_campaign, EVERYONE, places=campaign_places),
    Line("campaigns:registrations-export", reg_campaign, EVERYONE, places=campaign_places, note="the list as Excel"),
    Line("campaigns:registration-create", reg_campaign, MEMBER_EDITORS, places=campaign_places),
    Line("campaigns:progress-create", reg_campaign, MEMBER_EDITORS, places=campaign_places),
    Line("campaigns:review-create", reg_campaign, MEMBER_EDITORS, places=campaign_places),
    Line("campaigns:registration", registration, EVERYONE),
    Line("campaigns:registration-edit", registration, MEMBER_EDITORS),
    Line("campaigns:progress", progress_entry, EVERYONE),
    Line("campaigns:review", review, EVERYONE),
    # camp-exemplar: an exemplar found at each place (no campaign). Publishing is held above the
    # place (the chair of school A is 403 on school A's own); the public URLs (by token, not id)
    # have their own test: tests/campaigns/test_public.py::test_public_urls_are_the_same_for_every_role_and_for_a_visitor.
    Line("campaigns:exemplar", lambda world, place: world.exemplars[place].pk, EVERYONE),
    Line("campaigns:exemplar-publish", lambda world, place: world.exemplars[place].pk, TREE_EDITORS, ok=302, method="POST", data=(("publish", "1"),)),
    Line("campaigns:exemplar-photo", lambda world, place: world.exemplars[place].pk, MEMBER_EDITORS, ok=302, method="POST", note="no file: told so, sent back"),
    Line("campaigns:replication-create", lambda world, place: world.exemplars[place].pk, MEMBER_EDITORS, note="the form"),
    # Decisions are kept by the issuing unit's keepers (awards.rules.DECISION_KEEPERS, the member editors' roles).
    Line("awards:decision-create", unit, MEMBER_EDITORS, query="unit", note="a new decision issued by this unit"),
    Line("awards:decision-detail", draft_decision, EVERYONE, note="a draft: the issuing unit's reach only"),
    Line("awards:decision-edit", draft_decision, MEMBER_EDITORS),
    Line("awards:decision-delete", draft_decision, MEMBER_EDITORS, ok=302, method="POST"),
    Line("awards:decision-issue", draft_decision, MEMBER_EDITORS, ok=302, method="POST"),
    Line("awards:decision-correct", issued_decision, MEMBER_EDITORS),
    Line("awards:awardee-add", draft_decision, MEMBER_EDITORS),
    Line("awards:award-edit", draft_award, MEMBER_EDITORS),
    Line("awards:award-remove", draft_award, MEMBER_EDITORS, ok=302, method="POST"),
    # The decision's documents (awards/views_documents.py): read by whoever sees the decision, signed,
    # uploaded and printed in batch by its keepers; a certificate by whoever sees the issued award.
    Line("awards:decision-documents", issued_decision, EVERYONE),
    Line("awards:decision-docx", draft_decision, EVERYONE, note="the Word draft"),
    Line("awards:decision-pdf", issued_decision, EVERYONE, note="the kept PDF, made by the job worker at issue"),
    Line("awards:decision-pdf-prepare", issued_decision, MEMBER_EDITORS, ok=302, method="POST", note="Retry: the PDF is kept already, told so"),
    Line("awards:decision-sign", issued_decision, MEMBER_EDITORS, ok=302, method="POST", note="no certificate configured: told so"),
    Line("awards:decision-signed-upload", issued_decision, MEMBER_EDITORS),
    Line("awards:certificates-batch", issued_decision, MEMBER_EDITORS, ok=302, method="POST", note="to the job's page"),
    Line("awards:award-certificate", issued_award, EVERYONE),
]


# Blocs, the review: at each place a reviewed bloc of 2024 whose one member is that place's unit, organised by
# the province (another province for other_union). Seen by whoever reaches the organiser or the
# member; the review is taken back only by the organiser's own staff (the officer and the chair see
# it and get 403).
BLOC_ORGANISERS = frozenset({"admin", "province_staff"})
REASON = (("reason", "Chấm sai điểm"),)


def reviewed_bloc(world, place):
    return world.reviewed_blocs[place].pk


URLS += [
    Line("blocs:review", reviewed_bloc, EVERYONE, note="the recorded review"),
    Line("blocs:review-reopen", reviewed_bloc, BLOC_ORGANISERS, ok=302, method="POST", data=REASON),
    Line("blocs:scores-export", reviewed_bloc, EVERYONE, note="the scoring table as Excel"),
    Line("blocs:ranking-pdf", reviewed_bloc, EVERYONE, note="the ranking as PDF"),
]


# Blocs (issue 15), scores and ranking: at each place a bloc in scoring whose one member is the
# place's unit, organised by its province. The ranking is seen by whoever sees the bloc; the member's
# sheet by the member's reach and the organiser's; the member's own chair self-scores, the
# organiser's staff score officially (the others who see the sheet get 403).
def bloc(world, place):
    return world.blocs[place].pk


def bloc_member(world, place):
    member = world.bloc_members[place]
    return (member.bloc_id, member.pk)


URLS += [
    Line("blocs:ranking", bloc, EVERYONE),
    Line("blocs:scores", bloc_member, EVERYONE, ids=2, note="a member's score sheet"),
    Line("blocs:scores", bloc_member, frozenset({"admin", "chair"}), ok=302, method="POST", data=(("part", "self"),), ids=2,
         note="self-scores: the member unit's own chair"),
    Line("blocs:scores", bloc_member, frozenset({"admin", "province_staff"}), ok=302, method="POST", data=(("part", "official"),), ids=2,
         note="official scores: the organiser's staff"),
]


class World:
    """The cast's tree plus another province, and one object of each kind at each place."""

    def __init__(self):
        self.tree = Tree()
        self.cast = make_cast(self.tree)
        other = UnitFactory(code="LC", name="Liên đoàn Lao động tỉnh Lai Châu", unit_type=unit_type("ldld-tinh"))
        self.units = {place: getattr(self.tree, place) for place in PLACES if place != "other_union"}
        self.units["other_union"] = UnitFactory(code="LC-CDCS1", name="Công đoàn Trường THCS Lai Châu", parent=other)
        self.people = {place: PersonFactory(unit=unit) for place, unit in self.units.items()}
        self.trainings = {place: TrainingRecordFactory(person=person) for place, person in self.people.items()}
        self.roles_held = {
            place: grant(UserFactory(username=f"chutich.{place}"), Role.GRASSROOTS_CHAIR, unit) for place, unit in self.units.items()
        }
        uploaders = {role: self.user(role) for role in ROLES if role != "anonymous"}
        uploaders["someone_else"] = self.roles_held["school_a"].user
        self.jobs = {
            name: Job.objects.create(
                kind="import_people", owner=uploader, input_name="doan-vien.xlsx", state=Job.State.DONE,
                report={"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "errors": [], "notes": []},
            )
            for name, uploader in uploaders.items()
        }
        self.attachments = {
            place: attachment_add(owner=unit, upload=upload("Quyết định thành lập.pdf", PDF), by=self.cast.admin)
            for place, unit in self.units.items()
        }
        self.notices = {
            name: notify(to=recipient, by=None, title="Hồ sơ đã được tiếp nhận", link="/units/")[0]
            for name, recipient in uploaders.items()
        }
        for finished in self.jobs.values():
            finished.result_file.save("ket-qua.txt", ContentFile(b"ok"))
        self.campaigns = campaign_world(self)
        self._campaign_duties(uploaders)
        self._build_registrations()
        # camp-exemplar
        from campaigns.models import Exemplar

        self.exemplars = {
            place: Exemplar.objects.create(kind=Exemplar.Kind.PRACTICE, unit=unit, title="Mô hình hay", description="Cách làm hay.")
            for place, unit in self.units.items()
        }
        # A draft and an issued decision of each place, awarding its member.
        form_at = lambda place: "bang-khen-ldld-tinh" if place == "province" else "giay-khen"  # noqa: E731
        self.drafts = {place: make_decision(unit, people=[self.people[place]], form=form_at(place)) for place, unit in self.units.items()}
        self.issued = {
            place: make_decision(unit, people=[self.people[place]], form=form_at(place), issued=True) for place, unit in self.units.items()
        }
        # Their PDFs, as the job worker makes them once an issue commits (the world's transaction never does).
        from awards.documents.services import issued_document

        for decision in self.issued.values():
            issued_document(decision=decision, by=self.cast.admin)
        self._build_blocs()

    def _campaign_duties(self, uploaders):
        """camp-duty: a launched campaign's duty at each place (the rows refresh_duties would keep: built
        here directly, so that the province and the district too hold one), and import_launches jobs."""
        from campaigns.models import Campaign, Duty
        from tests.factories import CampaignFactory

        here = CampaignFactory(launching_unit=self.tree.province, state=Campaign.State.LAUNCHED)
        there = CampaignFactory(launching_unit=self.units["other_union"].parent, state=Campaign.State.LAUNCHED)
        self.duties = {
            place: Duty.objects.create(campaign=there if place == "other_union" else here, unit=unit, unit_path=unit.path)
            for place, unit in self.units.items()
        }
        self.launch_jobs = {
            name: Job.objects.create(kind="import_launches", owner=uploader, input_name="ke-hoach.xlsx", state=Job.State.READY,
                                     report={"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "errors": [], "notes": []})
            for name, uploader in uploaders.items()
        }

    def _build_registrations(self):
        """camp-reg: at each place a launched campaign of its own unit, with that unit's registration,
        progress entry and review."""
        from campaigns.models import Campaign, ProgressEntry, Registration, Review
        from tests.factories import CampaignFactory

        self.reg_campaigns = {
            place: CampaignFactory(code=f"DK-{place}", launching_unit=unit, state=Campaign.State.LAUNCHED)
            for place, unit in self.units.items()
        }
        self.registrations = {
            place: Registration.objects.create(campaign=self.reg_campaigns[place], unit=unit, year=2025)
            for place, unit in self.units.items()
        }
        self.progress_entries = {
            place: ProgressEntry.objects.create(
                campaign=self.reg_campaigns[place], unit=unit, period_start=datetime.date(2025, 1, 1),
                period_end=datetime.date(2025, 3, 31), summary="Quý I",
            )
            for place, unit in self.units.items()
        }
        self.reviews = {
            place: Review.objects.create(
                campaign=self.reg_campaigns[place], unit=unit, kind=Review.Kind.INTERIM, held_on=datetime.date(2025, 7, 1), summary="Sơ kết",
            )
            for place, unit in self.units.items()
        }

    def _build_blocs(self):
        """At each place a bloc of 2024, reviewed (the review's lines), and one of 2025 in scoring (the
        scores' lines), each with the place's unit as its only member."""
        from blocs import services as bloc_services
        from blocs import sheets
        from blocs.sheets import SheetLine

        staff = self.cast.admin
        self.reviewed_blocs = {}
        for place, member_unit in self.units.items():
            organiser = self.units["other_union"].parent if place == "other_union" else self.tree.province
            bloc = bloc_services.bloc_create(by=staff, organiser=organiser, year=2024, name=f"Khối {place}")
            bloc_services.member_add(bloc=bloc, unit=member_unit, by=staff)
            sheets.sheet_save(bloc=bloc, lines=[SheetLine("1", "Tổ chức phong trào", "group", 100)], by=staff)
            bloc_services.scoring_open(bloc=bloc, by=staff)
            bloc_services.review_record(bloc=bloc, by=staff, held_on=datetime.date(2024, 12, 20), acclaimed=None)
            self.reviewed_blocs[place] = bloc
        from blocs.models import Bloc, BlocMember, Criterion

        self.blocs, self.bloc_members = {}, {}
        for place, unit in self.units.items():
            organiser = unit.parent if place == "other_union" else self.tree.province
            bloc = Bloc.objects.create(year=2025, name=f"Khối {place}", organiser=organiser, state=Bloc.State.SCORING)
            Criterion.objects.create(bloc=bloc, kind=Criterion.Kind.GROUP, code="1", name="Công tác thi đua", max_points=100)
            self.blocs[place] = bloc
            self.bloc_members[place] = BlocMember.objects.create(bloc=bloc, unit=unit, year=2025)

    def user(self, role):
        return getattr(self.cast, role)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction, undone at its end; each test's own `db`
    transaction nests inside it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = World()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def expected(line: Line, role: str, where: str):
    if role == "anonymous":
        return line.anonymous
    if where == "outside":
        return 404
    return line.ok if role in line.may else 403


CASES = [
    pytest.param(line, role, where, place, id=f"{line.url}|{role}|{where}:{place}")
    for line in URLS
    for role in ROLES
    for where in ("inside", "outside")
    for place in line.places(role, where)
]


def url_of(line: Line, pk) -> str:
    if line.query:
        return f"{reverse(line.url)}?{line.query}={pk}"
    return reverse(line.url, args=[*line.args, *(pk if isinstance(pk, tuple) else (pk,))])


def fetch(client, line: Line, url: str):
    return client.get(url) if line.method == "GET" else client.post(url, dict(line.data))


@pytest.mark.parametrize("line, role, where, place", CASES)
def test_object_url(db, world, client, line, role, where, place):
    if role != "anonymous":
        client.force_login(world.user(role))
    response = fetch(client, line, url_of(line, line.obj(world, place)))
    want = expected(line, role, where)
    if want == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == want


@pytest.mark.parametrize("line", URLS, ids=[line.url for line in URLS])
def test_an_id_that_does_not_exist_is_a_404(db, world, client, line):
    """What every outside case must look like, for the role that reaches everything."""
    client.force_login(world.user("admin"))
    missing = uuid.uuid4() if line.obj in (job, launch_job) else 2**31 - 1
    missing = (missing,) * line.ids if line.ids > 1 else missing
    assert fetch(client, line, url_of(line, missing)).status_code == 404


def object_url_names(patterns=None, prefix=""):
    """Names of the URL patterns whose path carries an object id (an int or uuid, or a *pk/*_id part)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":  # Django's admin: staff only, with its own permissions
                continue
            yield from object_url_names(pattern.url_patterns, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
            continue
        converters = getattr(pattern.pattern, "converters", {})
        parts = set(converters) | set(pattern.pattern.regex.groupindex)
        if any(isinstance(c, (IntConverter, UUIDConverter)) for c in converters.values()) or any(
            part == "pk" or part.endswith(("_pk", "_id")) for part in parts
        ):
            yield f"{prefix}{pattern.name}"


def test_every_object_url_has_a_line():
    lines = {line.url for line in URLS}
    missing = sorted(set(object_url_names()) - lines)
    assert not missing, f"object URLs without a line in tests/test_scoping_matrix.py URLS: {missing}"


def test_every_role_of_the_portal_has_a_column(db, world):
    held = {world.user(role).role_assignments.get().role for role in ROLES if role not in ("nobody", "anonymous")}
    assert held == set(ROLE_LABELS)
