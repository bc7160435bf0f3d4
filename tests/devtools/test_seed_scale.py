"""`manage.py seed_scale` at a tiny national shape: levels, paths, fan-out, members, history, safety."""

import datetime
import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from devtools import scale
from tests.factories import UnitFactory
from units import services
from units.models import Person, Placement, TrainingRecord, Unit, UnitEvent, UnitYearStats
from units.text import fold, search_text_of

UNITS, MEMBERS = 300, 3000


def seed(*extra: str) -> str:
    out = io.StringIO()
    call_command("seed_scale", "--scale", "national", "--units", str(UNITS), "--members", str(MEMBERS), *extra, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    return seed()


def test_levels_depths_and_treebeard_paths(seeded):
    assert Unit.objects.count() == UNITS
    assert all(problems == [] for problems in Unit.objects.find_problems())

    root = Unit.objects.get(parent=None)
    assert (root.name, root.unit_type.code, root.depth, root.path) == (scale.TLD_NAME, "tong-ldld", 1, "0001")
    provincial = Unit.objects.filter(parent=root)
    assert Counter(provincial.values_list("unit_type__code", flat=True)) == {"ldld-tinh": 34, "cd-nganh-tw": 20}
    assert all(u.unit_type.is_province_federation and u.depth == 2 for u in provincial)
    names = set(provincial.values_list("name", flat=True))
    assert {"Liên đoàn Lao động thành phố Hà Nội", "Liên đoàn Lao động tỉnh Điện Biên",
            "Liên đoàn Lao động Thành phố Hồ Chí Minh", "Công đoàn Y tế Việt Nam", "Công đoàn Quốc phòng"} <= names

    upper = Unit.objects.filter(unit_type__is_upper_level=True)
    assert upper.exists() and all(u.depth == 3 and u.parent.parent_id == root.pk for u in upper)
    grassroots = Unit.objects.filter(unit_type__is_grassroots=True)
    assert upper.count() + grassroots.count() == UNITS - 55
    # CĐCS sit under an upper-level union (depth 4) or directly under a provincial-level one (depth 3).
    assert set(grassroots.values_list("depth", flat=True)) == {3, 4}
    assert grassroots.filter(depth=3, parent__unit_type__is_province_federation=True).exists()

    children = Counter(Unit.objects.exclude(parent=None).values_list("parent_id", flat=True))
    for unit in Unit.objects.select_related("parent"):
        assert unit.numchild == children[unit.pk]
        assert len(unit.path) == 4 * unit.depth
        if unit.parent:
            assert unit.path.startswith(unit.parent.path) and unit.depth == unit.parent.depth + 1
        assert unit.code.startswith(scale.CODE_PREFIX)
        assert unit.search_text == unit.build_search_text()


def test_fan_out_is_uneven(seeded):
    per_upper = list(
        Unit.objects.filter(unit_type__is_upper_level=True)
        .annotate(n=Count("children")).values_list("n", flat=True)
    )
    assert min(per_upper) >= 1
    assert max(per_upper) >= 3 * min(per_upper)


def test_members_totals_names_and_citizen_ids(seeded):
    assert Person.objects.count() == MEMBERS
    active_grassroots = Unit.objects.filter(unit_type__is_grassroots=True, active_until=None)
    assert not active_grassroots.annotate(n=Count("people")).filter(n=0).exists()

    people = list(Person.objects.values_list("full_name", "search_text", "citizen_id", "sex", "date_of_birth"))
    assert all(name == " ".join(name.split()) for name, *_ in people)
    # The COPY rows hold what Person.save would store.
    for person in Person.objects.select_related("unit"):
        derived = Person.derived_fields(full_name=person.full_name, unit=person.unit)
        assert (person.search_text, person.unit_path) == (derived["search_text"], derived["unit_path"]) != ("", "")
        assert person.search_text == search_text_of(person.full_name)
    assert any(name != fold(name) for name, *_ in people)  # real diacritics
    ids = [cid for _, _, cid, *_ in people if cid]
    assert len(ids) == len(set(ids))
    assert 0.5 < len(ids) / len(people) < 0.7
    for _, _, cid, sex, born in people:
        if cid:
            assert re.fullmatch(r"\d{12}", cid)
            century = 0 if born.year < 2000 else 2
            assert cid[3] == str(century + (sex == "F")) and cid[4:6] == f"{born.year % 100:02d}"

    # A few plain members left the union since 2023, each with a reason; officers never.
    left = list(Person.objects.departed().values_list("left_on", "left_reason", "union_post", "date_of_birth"))
    assert 0.005 < len(left) / MEMBERS < 0.04
    dissolved = Person.objects.filter(unit__events__kind="dissolved")
    assert dissolved.exists() and not dissolved.current().exists()
    assert all(p.left_reason == "dissolved" and p.left_on == p.unit.active_until for p in dissolved.select_related("unit"))
    left = [row for row in left if row[1] != "dissolved"]
    assert all(day.year in scale.LEFT_YEARS and reason and post == scale.MEMBER and day > born for day, reason, post, born in left)
    assert Person.objects.current().count() == MEMBERS - len(left) - dissolved.count()

    direct = Person.objects.filter(category__code="truc-tiep").count() / MEMBERS
    assert 0.65 < direct < 0.95
    assert Person.objects.filter(works_on_emulation=True).exists()
    assert TrainingRecord.objects.filter(person__works_on_emulation=True).count() == TrainingRecord.objects.count() > 0


def test_every_unit_has_one_open_placement_with_its_path(seeded):
    open_rows = Placement.objects.filter(valid_until=None)
    assert open_rows.count() == UNITS
    for placement in open_rows.select_related("unit"):
        assert placement.path == placement.unit.path and placement.parent_id == placement.unit.parent_id
    assert UnitEvent.objects.filter(kind=UnitEvent.Kind.CREATED).count() == UNITS


def test_moves_merges_and_dissolutions(seeded):
    moved = UnitEvent.objects.filter(kind=UnitEvent.Kind.MOVED).select_related("unit")
    assert moved.exists()
    for event in moved:
        unit = event.unit
        closed, current = unit.placements.order_by("valid_from")
        assert unit.placements.count() == 2 and unit.unit_type.is_grassroots
        assert closed.valid_until == current.valid_from == event.effective_on and event.effective_on.year == 2024
        assert (closed.parent_id, current.parent_id) == (event.from_parent_id, event.to_parent_id) == (
            event.from_parent_id, unit.parent_id)
        assert closed.path != unit.path and current.path == unit.path
        assert closed.path.startswith(event.from_parent.path)
        # The tree as it stood before the move still has it under its old parent.
        before = event.effective_on - datetime.timedelta(days=1)
        assert unit.pk in services.subtree_on(event.from_parent, before).values_list("unit_id", flat=True)
        assert unit.pk not in services.subtree_on(event.from_parent, event.effective_on).values_list("unit_id", flat=True)

    merged = Unit.objects.exclude(successor=None)
    assert merged.exists()
    for unit in merged:
        assert unit.active_until.year == 2025 and unit.parent_id == unit.successor.parent_id
        assert unit.successor.active_until is None
        assert not unit.people.exists()  # transferred to the successor
        event = unit.events.get(kind=UnitEvent.Kind.MERGED)
        assert (event.effective_on, event.other_unit_id) == (unit.active_until, unit.successor_id)
        assert unit.successor.events.filter(kind=UnitEvent.Kind.RECEIVED, other_unit=unit).exists()

    dissolved = Unit.objects.filter(successor=None).exclude(active_until=None)
    assert dissolved.exists()
    for unit in dissolved:
        assert unit.events.get(kind=UnitEvent.Kind.DISSOLVED).effective_on == unit.active_until
        assert unit.active_until.year == 2025 and unit.active_from < unit.active_until


def test_year_counts_for_every_unit(seeded):
    assert UnitYearStats.objects.count() == 2 * UNITS
    assert set(UnitYearStats.objects.values_list("year", flat=True)) == {2024, 2025}
    root = Unit.objects.get(parent=None)
    below = UnitYearStats.objects.filter(year=2025, unit__unit_type__is_grassroots=True)
    assert root.year_stats.get(year=2025).members == sum(below.values_list("members", flat=True))


def snapshot():
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "path", "active_until")[:80]),
        list(Person.objects.order_by("pk").values_list("pk", "full_name", "citizen_id", "unit_id", "date_of_birth")[:200]),
        list(Placement.objects.order_by("pk").values_list("unit_id", "path", "valid_from", "valid_until")),
        Person.objects.filter(citizen_id__isnull=False).count(),
    )


def test_same_seed_same_data_and_replace(seeded):
    first = snapshot()
    with pytest.raises(CommandError):
        seed()  # generated data is there: --replace is required
    seed("--replace")
    assert snapshot() == first
    assert Person.objects.count() == MEMBERS and Unit.objects.count() == UNITS
    seed("--replace", "--seed", "7")
    assert snapshot() != first


def test_refuses_a_database_with_real_units(db):
    UnitFactory(code="LDLD-DB", name="Liên đoàn Lao động tỉnh Điện Biên")
    with pytest.raises(CommandError, match="không do seed_scale sinh ra"):
        seed("--replace")
    assert not Unit.objects.filter(code__startswith=scale.CODE_PREFIX).exists()
    assert not Person.objects.exists()


def test_province_scale_has_one_provincial_root(db):
    out = io.StringIO()
    call_command("seed_scale", "--scale", "province", "--units", "120", "--members", "1500", stdout=out)
    root = Unit.objects.get(parent=None)
    assert root.unit_type.code == "ldld-tinh" and root.name == "Liên đoàn Lao động tỉnh Điện Biên"
    assert Unit.objects.filter(parent=root, unit_type__is_upper_level=True).count() >= 10
    assert Unit.objects.count() == 120 and Person.objects.count() == 1500
    assert all(problems == [] for problems in Unit.objects.find_problems())


def test_a_model_change_stops_the_generator_before_writing(db, monkeypatch):
    monkeypatch.setitem(scale.FIELDS, Person, [f for f in scale.FIELDS[Person] if f != "union_post"])
    with pytest.raises(CommandError, match="devtools/scale.py"):
        seed()
    assert not Unit.objects.exists()
