"""The member search's ways to a page (units.person_search) give the same people in the same order
and pages as the plain query, on the generator's names (surname blocks, middle names, ethnic names)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.factories import PersonFactory, UserFactory, grant
from units import person_search
from units.access import Role
from units.models import Person, Unit
from units.person_search import AREA_ORDER, AREA_PREFIX, NAME_ORDER, ONE_BLOCK, PLAIN, PersonSearch, area_key, person_search_ids
from units.text import search_words

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the walks use PostgreSQL's indexes")


@pytest.fixture
def generated(db):
    call_command("seed_scale", "--scale", "national", "--units", "300", "--members", "3000", stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE units_person")


def queries_of_the_issue():
    surname, middle, full = Person.objects.values_list("full_name", flat=True).order_by("id")[:3]
    return [
        "nguyen", "thi", "van", "lo", "le", "ng", "y", "hung", "d",
        "lo thi", "nguyen van", "nguyen thi h", "hung nguyen", "van ng", "thi lo",
        " ".join(search_words(full)), " ".join(search_words(surname)[:2]), search_words(middle)[-1][:2],
    ]


def every_way(words_count: int, area: bool = False):
    return [PLAIN, NAME_ORDER, *((ONE_BLOCK, index) for index in range(words_count)), *([(AREA_ORDER, 0)] if area else [])]


@on_postgresql
def test_every_way_gives_the_same_pages(generated):
    root = Unit.objects.get(depth=1)
    province = Unit.objects.filter(depth=2).order_by("-numchild").first()
    district = Unit.objects.filter(unit_type__is_upper_level=True).order_by("-numchild").first()
    grassroots = Unit.objects.filter(path__startswith=district.path, unit_type__is_grassroots=True).order_by("-numchild", "path").first()
    assert len(district.path) == AREA_PREFIX  # the generator's districts head the area index
    scopes = {  # name: (people, the paths that hold them, for the area order)
        "everyone, current": (Person.objects.in_subtree(root).current(), None),
        "everyone, also those who left": (Person.objects.in_subtree(root), None),
        "a province, women": (Person.objects.in_subtree(province).current().filter(sex="F"), None),
        "a district": (Person.objects.in_subtree(district).current(), [district.path]),
        "a union in a district, also those who left": (Person.objects.in_subtree(grassroots), [grassroots.path]),
    }
    checked = 0
    for query in queries_of_the_issue():
        for scope_name, (scope, area) in scopes.items():
            expected = list(scope.search(query).order_by("full_name", "id").values_list("pk", flat=True))
            for bottom, top in [(0, 51), (50, 101), (3, 8), (0, len(expected) + 5)]:
                for way in every_way(len(search_words(query)), area=bool(area)):
                    got = PersonSearch(scope, query, strategy=way, area=area)(bottom, top)
                    assert got == expected[bottom:top], (query, scope_name, way, bottom, top)
                    checked += bool(got)
    assert checked > 600  # the generated names did give matches to compare


@on_postgresql
def test_a_common_word_pages_the_same_on_the_member_list(client, generated, monkeypatch, django_assert_max_num_queries):
    """The page itself, each way forced: the same names on pages 1 to 3, and the same query count."""
    from django.conf import settings

    monkeypatch.setattr(settings, "PAGE_SIZE", 7)
    user = UserFactory()
    grant(user, Role.PROVINCE_STAFF, Unit.objects.get(depth=1))
    client.force_login(user)
    pages, counts = {}, set()
    for way in [PLAIN, NAME_ORDER, (ONE_BLOCK, 0)]:
        monkeypatch.setattr(PersonSearch, "plan", lambda self, top=51, way=way: way if isinstance(way, tuple) else (way, 0))
        seen = []
        for number in (1, 2, 3):
            with django_assert_max_num_queries(30) as captured:
                response = client.get(reverse("units:person-list"), {"q": "nguyen", "page": number})
            counts.add(len(captured.captured_queries))
            seen.append([person.full_name for person in response.context["page"]])
        pages[str(way)] = seen
    assert len(set(map(str, pages.values()))) == 1, pages
    assert all(len(page) == 7 for page in pages[PLAIN])
    assert len(counts) == 1  # every way costs the same number of queries


# National-scale estimates (portal_scale_i1, 11 million people), as the EXPLAIN gives them.
NATIONAL = 10_998_514


def estimates(matches, scope, anywhere, words):
    rows = {"matches": matches, "scope": scope, "everyone": NATIONAL, "anywhere": anywhere}
    for index, (later, block) in enumerate(words):
        rows[f"later{index}"], rows[f"block{index}"] = later, block
    return rows


@pytest.mark.parametrize(
    ("query", "rows", "way"),
    [
        # A surname: its block, not the name order (its other matches sit far into it: "Y Nguyên").
        ("nguyen", estimates(3_234_319, 10_748_577, 3_309_527, [(6_929, 3_306_153)]), (ONE_BLOCK, 0)),
        # A middle name spread over every surname: the name order fills a page at once.
        ("thi", estimates(3_256_921, 10_748_577, 3_332_654, [(3_343_321, 1)]), (NAME_ORDER, 0)),
        ("hung", estimates(14_395, 1_251_012, 126_557, [(130_113, 1)]), (NAME_ORDER, 0)),
        # Surname and middle name: the Lò block (the Thị in it bunch up, the block is small).
        ("lo thi", estimates(7_817, 10_748_577, 7_998, [(4_399, 21_997), (3_343_321, 1)]), (ONE_BLOCK, 0)),
        # A full name is rare: the GIN index and a sort of its few thousand matches.
        ("nguyen van hung", estimates(4_403, 10_748_577, 4_506, [(1_833, 3_306_153), (1_317_989, 733), (125_016, 733)]), (PLAIN, 0)),
        # A district's few matches of a word that is both surname and given name: its subtree.
        ("le", estimates(10_345, 101_415, 1_121_923, [(124_613, 1_010_765)]), (PLAIN, 0)),
    ],
)
def test_the_cheapest_way_is_chosen_from_the_estimates(monkeypatch, query, rows, way):
    search = PersonSearch(Person.objects.none(), query)
    monkeypatch.setattr(search, "_estimates", lambda: rows)
    assert search.plan() == way


# A district officer's area (portal_scale_national: 70,477 people under 0001000R000N), as the EXPLAIN gives it.
DISTRICT = "0001000R000N"


@pytest.mark.parametrize(
    ("query", "rows", "top"),
    [
        # What missed the 300 ms target over HTTP: each is now a walk of the district's own names.
        ("le", estimates(7_152, 71_075, 1_118_463, [(123_086, 1_008_734)]), 51),
        ("lo", estimates(1_735, 71_075, 271_348, [(258_851, 30_641)]), 51),
        ("nguyen", estimates(21_063, 71_075, 3_293_988, [(6_451, 3_291_039)]), 101),
        ("hung", estimates(802, 71_075, 125_475, [(128_977, 1)]), 51),
        # The deepest page a search reaches: never more than the area's names.
        ("hung", estimates(802, 71_075, 125_475, [(128_977, 1)]), 1_001),
    ],
)
def test_a_district_search_walks_the_districts_names(monkeypatch, query, rows, top):
    search = PersonSearch(Person.objects.none(), query, area=[DISTRICT])
    monkeypatch.setattr(search, "_estimates", lambda: {**rows, "area": 70_477})
    assert search.plan(top) == (AREA_ORDER, 0)
    assert search.costs[(AREA_ORDER, 0)] <= 0.25 * 70_477  # at most one read of each of its entries
    # Without an area (a whole province's scope) the area order is not a way at all.
    nationwide = PersonSearch(Person.objects.none(), query)
    monkeypatch.setattr(nationwide, "_estimates", lambda: rows)
    assert nationwide.plan(top)[0] != AREA_ORDER


def test_the_area_of_a_search_is_one_district_or_none():
    assert area_key([DISTRICT]) == DISTRICT
    assert area_key([DISTRICT + "0004", DISTRICT + "000A"]) == DISTRICT  # two unions of one district
    assert area_key([DISTRICT, "0001000R000P"]) is None  # two districts
    assert area_key(["0001000R"]) is None  # a province: above the index's head
    assert area_key([]) is None and area_key(None) is None


def test_the_index_head_is_three_steps_of_the_tree_path():
    assert AREA_PREFIX == 3 * Unit.steplen


@on_postgresql
def test_the_member_list_searches_within_the_users_or_the_chosen_district(client, generated, monkeypatch):
    district = Unit.objects.filter(unit_type__is_upper_level=True).order_by("-numchild").first()
    grassroots = Unit.objects.filter(path__startswith=district.path, unit_type__is_grassroots=True).order_by("path").first()
    seen = []
    real_init = PersonSearch.__init__

    def spy(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        seen.append(self.area)

    monkeypatch.setattr(PersonSearch, "__init__", spy)
    officer = UserFactory()
    grant(officer, Role.UPPER_LEVEL_OFFICER, district)
    client.force_login(officer)
    response = client.get(reverse("units:person-list"), {"q": "nguyen"})
    expected = Person.objects.in_subtree(district).current().search("nguyen").order_by("full_name", "id")
    assert [p.pk for p in response.context["page"]] == list(expected.values_list("pk", flat=True)[:50])
    national = UserFactory()
    grant(national, Role.PROVINCE_STAFF, Unit.objects.get(depth=1))
    client.force_login(national)
    client.get(reverse("units:person-list"), {"q": "nguyen"})
    client.get(reverse("units:person-list"), {"q": "nguyen", "unit": grassroots.pk})
    assert seen == [district.path[:AREA_PREFIX], None, district.path[:AREA_PREFIX]]


def test_sqlite_and_citizen_ids_keep_the_plain_query(tree):
    PersonFactory(unit=tree.school_a, full_name="Lò Thị Đào", citizen_id="011085000777")
    assert person_search_ids(Person.objects.all(), "011085") is None
    if connection.vendor != "postgresql":
        assert person_search_ids(Person.objects.all(), "lo thi") is None
    assert person_search.PersonSearch  # the module imports on both databases
