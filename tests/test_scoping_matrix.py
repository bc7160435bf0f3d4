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
    Line("awards:decision-pdf", issued_decision, EVERYONE, note="the kept PDF, made on first use"),
    Line("awards:decision-sign", issued_decision, MEMBER_EDITORS, ok=302, method="POST", note="no certificate configured: told so"),
    Line("awards:decision-signed-upload", issued_decision, MEMBER_EDITORS),
    Line("awards:certificates-batch", issued_decision, MEMBER_EDITORS, ok=302, method="POST", note="to the job's page"),
    Line("awards:award-certificate", issued_award, EVERYONE),
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
        # A draft and an issued decision of each place, awarding its member.
        form_at = lambda place: "bang-khen-ldld-tinh" if place == "province" else "giay-khen"  # noqa: E731
        self.drafts = {place: make_decision(unit, people=[self.people[place]], form=form_at(place)) for place, unit in self.units.items()}
        self.issued = {
            place: make_decision(unit, people=[self.people[place]], form=form_at(place), issued=True) for place, unit in self.units.items()
        }

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
    return reverse(line.url, args=[*line.args, pk])


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
    missing = uuid.uuid4() if line.obj is job else 2**31 - 1
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
