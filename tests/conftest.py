import datetime
import os

# Sync Playwright keeps an event loop running in the test thread; Django's ORM refuses to run
# beside one unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from tests.factories import UnitFactory, UserFactory, load_award_catalogues, unit_type, user_with_role  # noqa: E402
from units.access import Role  # noqa: E402
from units.catalogues import load_default_catalogues  # noqa: E402
from units.models import CatalogueAlias, EmployeeCategory, Ethnicity, UnitType  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: counts a page keeps a short while (the home page's)
    belong to the rows of the test that made them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


class Tree:
    """A small province: two districts with two grassroots unions each, one union directly under the province."""

    def __init__(self):
        # Browser tests run against committed rows and end with a flush that also empties the
        # catalogues the migrations loaded; the next one needs them back.
        load_default_catalogues(UnitType, EmployeeCategory, Ethnicity, CatalogueAlias)
        load_award_catalogues()
        day = datetime.date(2015, 1, 1)
        self.province = UnitFactory(code="DB", name="Liên đoàn Lao động tỉnh Điện Biên", unit_type=unit_type("ldld-tinh"), active_from=day)
        self.district_a = UnitFactory(code="TP-DBP", name="LĐLĐ thành phố Điện Biên Phủ", unit_type=unit_type("ldld-huyen"), parent=self.province)
        self.district_b = UnitFactory(code="H-TG", name="LĐLĐ huyện Tuần Giáo", unit_type=unit_type("ldld-huyen"), parent=self.province)
        self.school_a = UnitFactory(code="CDCS-A1", name="Công đoàn Trường THPT Phan Đình Giót", parent=self.district_a)
        self.hospital_a = UnitFactory(code="CDCS-A2", name="Công đoàn Bệnh viện Đa khoa tỉnh", parent=self.district_a)
        self.school_b = UnitFactory(code="CDCS-B1", name="Công đoàn Trường PTDTNT Tuần Giáo", parent=self.district_b)
        self.clinic_b = UnitFactory(code="CDCS-B2", name="Công đoàn Trung tâm Y tế huyện Tuần Giáo", parent=self.district_b)
        self.direct = UnitFactory(code="CDCS-TT1", name="Công đoàn Công ty Điện lực Điện Biên", parent=self.province)


@pytest.fixture
def tree(db):
    return Tree()


def make_cast(tree):
    """One user per role, placed so each has an inside and an outside (also built once per module
    by tests/test_scoping_matrix.py)."""

    user = user_with_role

    class Cast:
        admin = user(Role.SYSTEM_ADMIN, tree.province, "quantri")
        province_staff = user(Role.PROVINCE_STAFF, tree.province, "canbo.cspl")
        officer = user(Role.UPPER_LEVEL_OFFICER, tree.district_a, "canbo.dbp")
        chair = user(Role.GRASSROOTS_CHAIR, tree.school_a, "chutich.a1")
        leadership = user(Role.LEADERSHIP, tree.province, "lanhdao")
        council = user(Role.COUNCIL_MEMBER, tree.province, "hoidong")
        nobody = UserFactory(username="khongvaitro")

    return Cast


@pytest.fixture
def cast(tree):
    return make_cast(tree)
