"""A bloc world on the hand-built tree (tests/conftest.py): the province organises the bloc of
district LĐLĐs (district A and district B) and the bloc of unions directly under the province
(the direct union and, for the sake of a cross-district member, school B)."""

import datetime
from decimal import Decimal

import pytest

from blocs import services, sheets
from blocs.models import Criterion
from blocs.sheets import SheetLine

K = Criterion.Kind
D = Decimal

SHEET = [
    SheetLine("1", "Công tác tổ chức phong trào thi đua", K.GROUP, D(40)),
    SheetLine("1.1", "Ban hành kế hoạch, phát động thi đua", K.ITEM, D(20)),
    SheetLine("1.2", "Đăng ký thi đua, ký giao ước", K.ITEM, D(20)),
    SheetLine("2", "Kết quả thực hiện nhiệm vụ", K.GROUP, D(60)),
    SheetLine("2.1", "Phát triển đoàn viên", K.ITEM, D(30)),
    SheetLine("2.2", "Chăm lo đời sống đoàn viên", K.ITEM, D(30)),
    SheetLine("T1", "Điểm thưởng: mô hình mới, cách làm hay", K.BONUS, D(5)),
    SheetLine("P1", "Điểm trừ: báo cáo chậm", K.PENALTY, D(5)),
]


def criteria_by_code(bloc) -> dict:
    return {criterion.code: criterion for criterion in sheets.lines_of(bloc)}


class BlocWorld:
    def __init__(self, tree, cast):
        self.tree, self.cast = tree, cast
        staff = cast.province_staff
        self.districts = services.bloc_create(
            by=staff, organiser=tree.province, year=2025, name="Khối các LĐLĐ huyện, thị xã, thành phố",
            self_scoring_due_on=datetime.date(2025, 11, 30),
        )
        self.member_a = services.member_add(bloc=self.districts, unit=tree.district_a, by=staff)
        self.member_b = services.member_add(bloc=self.districts, unit=tree.district_b, by=staff)
        self.direct = services.bloc_create(
            by=staff, organiser=tree.province, year=2025, name="Khối các công đoàn ngành và CĐCS trực thuộc",
            self_scoring_due_on=datetime.date(2025, 11, 30),
        )
        self.member_direct = services.member_add(bloc=self.direct, unit=tree.direct, by=staff)
        self.member_school_b = services.member_add(bloc=self.direct, unit=tree.school_b, by=staff)
        for bloc in (self.districts, self.direct):
            sheets.sheet_save(bloc=bloc, lines=SHEET, by=staff)

    def open(self, bloc):
        return services.scoring_open(bloc=bloc, by=self.cast.province_staff)


@pytest.fixture
def blocs(tree, cast):
    return BlocWorld(tree, cast)
