import datetime

import factory
from django.contrib.auth import get_user_model

from units import services
from units.accounts import system_account
from units.models import EmployeeCategory, Ethnicity, Person, RoleAssignment, TrainingRecord, Unit, UnitType


def unit_type(code: str) -> UnitType:
    """Unit types come from the default catalogue loaded by the migrations."""
    return UnitType.objects.get(code=code)


class UnitFactory(factory.django.DjangoModelFactory):
    """Creates units through the tree service, so paths and placements are real. Pass parent=None for a root."""

    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Công đoàn cơ sở số {n}")
    unit_type = factory.LazyFunction(lambda: unit_type("cdcs"))
    active_from = datetime.date(2015, 1, 1)
    parent = None

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return services.unit_create(unit=model_class(**kwargs), parent=parent, by=system_account())


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Lò Văn Người {n}")
    sex = "M"
    date_of_birth = datetime.date(1985, 3, 7)
    ethnicity = factory.LazyFunction(lambda: Ethnicity.objects.get(name="Thái"))
    category = factory.LazyFunction(lambda: EmployeeCategory.objects.get(code="truc-tiep"))
    unit = factory.SubFactory(UnitFactory)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    person = factory.SubFactory(PersonFactory, works_on_emulation=True)
    course = "Tập huấn nghiệp vụ thi đua, khen thưởng"
    organiser = "LĐLĐ tỉnh Điện Biên"
    held_on = datetime.date(2026, 5, 20)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-thu-nghiem")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user, role: str, unit: Unit) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, unit=unit)


def user_with_role(role: str, unit: Unit, username: str):
    """An account holding `role` at `unit`: the casts of tests/conftest.py and the scoping tests."""
    account = UserFactory(username=username)
    grant(account, role, unit)
    return account


def load_award_catalogues():
    """The award forms, types and base salaries the migrations load (browser tests' flushes empty them)."""
    from awards.catalogues import load_default_catalogues
    from awards.models import AwardForm, AwardType, BaseSalary

    load_default_catalogues(AwardForm, AwardType, BaseSalary, UnitType)


def award_form(code: str):
    from awards.models import AwardForm

    return AwardForm.objects.get(code=code)


def award_type(code: str):
    from awards.models import AwardType

    return AwardType.objects.get(code=code)


def make_decision(issuing_unit, *, people=(), collectives=(), form="giay-khen", kind="tong-ket-nam", year=None,
                  decided_on=datetime.date(2025, 12, 15), issued=False, by=None, **fields):
    """A decision of `issuing_unit` awarding `form` to `people` and `collectives`, through the services
    (so prizes, numbers and checks are real); issued when asked."""
    from awards import services

    by = by or system_account()
    decision = services.decision_create(issuing_unit=issuing_unit, by=by, decided_on=decided_on, **fields)
    for person in people:
        services.award_add(decision=decision, by=by, person=person, form=award_form(form), award_type=award_type(kind), year=year)
    for unit in collectives:
        services.award_add(decision=decision, by=by, collective=unit, form=award_form(form), award_type=award_type(kind), year=year)
    if issued:
        decision = services.decision_issue(decision=decision, by=by, confirm_over_budget=True)
    return decision


class CampaignFactory(factory.django.DjangoModelFactory):
    """A campaign of the province for its grassroots unions, in 2025. Pass state="launched" and call
    campaigns.duties.refresh_duties(campaign) for one whose duties exist (or launch it by the service)."""

    class Meta:
        model = "campaigns.Campaign"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PT{n:04d}")
    name = "Lao động giỏi, Lao động sáng tạo"
    year = 2025
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2025, 12, 31)
    plans_due_on = datetime.date(2025, 3, 31)
    document_number = "15/KH-LĐLĐ"
    document_date = datetime.date(2025, 1, 10)

    @factory.post_generation
    def unit_types(obj, create, extracted, **kwargs):
        if create:
            obj.unit_types.set(extracted if extracted is not None else [unit_type("cdcs"), unit_type("nghiep-doan")])
