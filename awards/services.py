"""The award ledger's actions: each a plain function, keyword-only, taking the acting user as `by`,
checking its rule itself, in one transaction. Pages, the admin, the import, the demo data and
tests all call these (the workflow issue issues its decisions through decision_issue too)."""

import datetime
import logging
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import awardee_paths, decision_areas, rules
from awards.models import (
    DECISION,
    Award,
    AwardForm,
    AwardFund,
    AwardType,
    BaseSalary,
    Correction,
    Decision,
    DecisionCounter,
    DecisionState,
    Source,
)
from portal.states import move
from units.models import Person, Unit

logger = logging.getLogger(__name__)


def money(amount: int | None) -> str:
    """12.340.000 đ: the Vietnamese way of writing an amount in đồng."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " đ"


# Prizes ------------------------------------------------------------------------------------------


def base_salary_on(day: datetime.date) -> BaseSalary | None:
    """The base-salary row in force on `day` (the latest that starts on or before it)."""
    return BaseSalary.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def round_up(amount: Decimal, step: int) -> int:
    """Up to the next multiple of `step` (award money is rounded up, Decree 98/2023/NĐ-CP art. 73)."""
    if step <= 1:
        return int(amount.to_integral_value(rounding=ROUND_CEILING))
    return int((amount / step).to_integral_value(rounding=ROUND_CEILING)) * step


def prize_for(form: AwardForm, *, collective: bool, on: datetime.date, salary: BaseSalary | None = None) -> int:
    """Multiplier × base salary in force on the decision date, rounded up by that row's step.
    0 when no base salary is configured for that day (the page says so)."""
    salary = salary if salary is not None else base_salary_on(on)
    if salary is None:
        return 0
    return round_up(Decimal(form.multiplier_for(collective=collective)) * salary.amount, salary.rounding_step)


# Numbers -----------------------------------------------------------------------------------------


def _number_used(unit_id: int, year: int, number: int, *, exclude_pk=None) -> Decision | None:
    used = Decision.objects.filter(issuing_unit_id=unit_id, year=year, number=number, issuer_name="")
    if exclude_pk:
        used = used.exclude(pk=exclude_pk)
    return used.first()


def number_propose(*, issuing_unit: Unit, year: int) -> int:
    """The number the next issue would take (shown on the form; not reserved): after the counter,
    skipping numbers typed into other decisions."""
    candidate = (DecisionCounter.objects.filter(issuing_unit=issuing_unit, year=year).values_list("last_number", flat=True).first() or 0) + 1
    used = set(
        Decision.objects.filter(issuing_unit=issuing_unit, year=year, issuer_name="", number__gte=candidate).values_list("number", flat=True)
    )
    while candidate in used:
        candidate += 1
    return candidate


def number_take(*, issuing_unit_id: int, year: int, typed: int | None = None, decision_pk=None) -> int:
    """Under the counter's row lock: the typed number (refused if another decision holds it) or the
    next free one; the counter then stands at the highest number given. Call inside a transaction."""
    # The row may not exist yet: create it without failing if another transaction just did.
    DecisionCounter.objects.bulk_create([DecisionCounter(issuing_unit_id=issuing_unit_id, year=year)], ignore_conflicts=True)
    # Two officers issuing at the same moment take turns here: the second reads the first's number.
    counter = DecisionCounter.objects.select_for_update().get(issuing_unit_id=issuing_unit_id, year=year)
    if typed is not None:
        holder = _number_used(issuing_unit_id, year, typed, exclude_pk=decision_pk)
        if holder is not None:
            raise ValidationError(
                {"number": _("Number %(number)s of %(year)s is already used by another decision (%(ref)s).")
                 % {"number": typed, "year": year, "ref": holder.reference}}
            )
        number = typed
    else:
        number = counter.last_number + 1
        while _number_used(issuing_unit_id, year, number, exclude_pk=decision_pk) is not None:
            number += 1
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])
    return number


# Decisions ---------------------------------------------------------------------------------------

DECISION_FIELDS = ("decided_on", "number", "symbol", "subject", "signer_name", "signer_title", "legal_basis", "issuer_name")


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied(_("You may not do this."))


def _refuse_issued(decision: Decision):
    if not decision.is_draft:
        raise ValidationError(_("This decision has been issued and can no longer be changed: issue a correcting decision instead."))


def _check_typed_number(decision: Decision):
    if decision.number is not None and not decision.issuer_name:
        holder = _number_used(decision.issuing_unit_id, decision.year, decision.number, exclude_pk=decision.pk)
        if holder is not None:
            raise ValidationError(
                {"number": _("Number %(number)s of %(year)s is already used by another decision (%(ref)s).")
                 % {"number": decision.number, "year": decision.year, "ref": holder.reference}}
            )


def default_symbol(issuing_unit: Unit) -> str:
    """The symbol of the unit's latest decision, else QĐ- and the unit's short name's initials."""
    last = Decision.objects.filter(issuing_unit=issuing_unit, issuer_name="").exclude(symbol="").order_by("-decided_on", "-pk").first()
    if last:
        return last.symbol
    return "QĐ-" + ("LĐLĐ" if issuing_unit.unit_type.is_province_federation else "CĐ")


@transaction.atomic
def decision_create(*, issuing_unit: Unit, by, decided_on: datetime.date, **fields) -> Decision:
    """A draft decision of `issuing_unit`; `fields` are any of DECISION_FIELDS (a typed number is
    checked against the unit's numbers of that year)."""
    _require(rules.can_keep_decisions_at(by, issuing_unit))
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown decision fields: {sorted(unknown)}")
    decision = Decision(issuing_unit=issuing_unit, issuing_path=issuing_unit.path, decided_on=decided_on, year=decided_on.year, created_by=by, **fields)
    if not decision.symbol and not decision.issuer_name:
        decision.symbol = default_symbol(issuing_unit)
    _check_typed_number(decision)
    decision.full_clean(exclude=["cancelled_awards"])
    decision.save()
    return decision


@transaction.atomic
def decision_update(*, decision: Decision, by, **fields) -> Decision:
    """Change a draft's fields (DECISION_FIELDS); the prizes follow a new date. An issued decision is refused."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("issuing_unit").get(pk=decision.pk)
    _require(rules.can_keep_decisions_at(by, decision.issuing_unit))
    _refuse_issued(decision)
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown decision fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.year = decision.decided_on.year
    _check_typed_number(decision)
    decision.full_clean(exclude=["cancelled_awards"])
    decision.save()
    prizes_refresh(decision=decision)
    return decision


@transaction.atomic
def decision_delete(*, decision: Decision, by) -> None:
    """Throw away a draft (its awards go with it)."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("issuing_unit").get(pk=decision.pk)
    _require(rules.can_keep_decisions_at(by, decision.issuing_unit))
    _refuse_issued(decision)
    decision.delete()


def prizes_refresh(*, decision: Decision) -> None:
    """Recompute the prizes of a draft's awards for its date (one query per distinct form at most)."""
    salary = base_salary_on(decision.decided_on)
    changed = []
    for award in decision.awards.select_related("form", "replaces"):
        amount = _award_prize(award, decision, salary)
        if amount != award.prize_amount:
            award.prize_amount = amount
            changed.append(award)
    Award.objects.bulk_update(changed, ["prize_amount"])


def _award_prize(award: Award, decision: Decision, salary) -> int:
    if decision.issuer_name:
        return 0  # the employer pays its own awards; nothing comes from the union's fund
    amount = prize_for(award.form, collective=award.collective_id is not None, on=decision.decided_on, salary=salary)
    if award.replaces_id:
        # An amendment pays only what the new award adds to the one it replaces.
        amount = max(0, amount - award.replaces.prize_amount)
    return amount


# Awardees ----------------------------------------------------------------------------------------


def _check_award(award: Award, decision: Decision, *, exclude_pk=None):
    errors = {}
    form, award_type = award.form, award.award_type
    if award.person_id and not form.for_individuals:
        errors["form"] = _("“%(form)s” is awarded to collectives only.") % {"form": form}
    if award.collective_id and not form.for_collectives:
        errors["form"] = _("“%(form)s” is awarded to individuals only.") % {"form": form}
    employer = bool(decision.issuer_name)
    if award_type.is_employer_award and not employer:
        errors["award_type"] = _("An award given by the employer belongs in a decision of the employer (fill in the employer's name).")
    if employer and not award_type.is_employer_award:
        errors["award_type"] = _("A decision of the employer records awards of the type given by the employer.")
    if (
        not employer
        and decision.source == Source.PORTAL
        and "form" not in errors
        and not form.granting_unit_types.filter(pk=decision.issuing_unit.unit_type_id).exists()
    ):
        errors["form"] = _("%(unit)s may not grant “%(form)s”.") % {"unit": decision.issuing_unit.display_name, "form": form}
    if award_type.needs_benefit_value and not award.benefit_value:
        errors["benefit_value"] = _("Give the benefit value of the initiative.")
    awardee_path = awardee_paths.path_of(person=award.person if award.person_id else None, collective=award.collective)
    if decision.source == Source.PORTAL and not awardee_path.startswith(decision.issuing_unit.path):
        errors["__all__"] = _("%(name)s is outside %(unit)s: a unit awards its own members and unions.") % {
            "name": award.awardee_name, "unit": decision.issuing_unit.display_name
        }
    same = Award.objects.filter(decision=decision, form=form)
    same = same.filter(person_id=award.person_id) if award.person_id else same.filter(collective_id=award.collective_id)
    if exclude_pk:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        errors["__all__"] = _("%(name)s already has “%(form)s” in this decision.") % {"name": award.awardee_name, "form": form}
    if form.once_per_person and award.person_id:
        earlier = Award.objects.in_force().filter(person_id=award.person_id, form=form).exclude(decision=decision).exclude(pk=award.replaces_id or 0).select_related("decision").first()
        if earlier:
            errors["form"] = _("“%(form)s” is given once per person: %(name)s received it by decision %(ref)s.") % {
                "form": form, "name": award.awardee_name, "ref": earlier.decision.reference
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def award_add(
    *,
    decision: Decision,
    by,
    form: AwardForm,
    award_type: AwardType,
    person: Person | None = None,
    collective: Unit | None = None,
    year: int | None = None,
    citation: str = "",
    benefit_value: int | None = None,
    replaces: Award | None = None,
) -> Award:
    """Add a person from the registry, or a unit, to a draft decision; the prize is computed now."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("issuing_unit__unit_type").get(pk=decision.pk)
    _require(rules.can_keep_decisions_at(by, decision.issuing_unit))
    _refuse_issued(decision)
    if (person is None) == (collective is None):
        raise ValidationError(_("Choose a person or a unit."))
    if person is not None:
        unit, name, unit_name = person.unit, person.full_name, person.unit.name
    else:
        unit, name, unit_name = collective, collective.name, ""
    order = (decision.awards.aggregate(m=Max("order"))["m"] or 0) + 1
    award = Award(
        decision=decision, person=person, collective=collective, unit=unit, awardee_name=name, unit_name=unit_name,
        awardee_path=awardee_paths.path_of(person=person, collective=collective),
        form=form, award_type=award_type, year=year or decision.year, citation=citation, benefit_value=benefit_value,
        replaces=replaces, order=order,
    )
    _check_award(award, decision)
    award.prize_amount = _award_prize(award, decision, base_salary_on(decision.decided_on))
    award.save()
    return award


AWARD_FIELDS = ("form", "award_type", "year", "citation", "benefit_value", "published")


@transaction.atomic
def award_update(*, award: Award, by, **fields) -> Award:
    """Change an awardee's form, type, year, citation or benefit value while the decision is a draft.
    `published` (the honour board) may also change after issue: it is not part of the document."""
    decision = Decision.objects.select_for_update(of=("self",)).select_related("issuing_unit__unit_type").get(pk=award.decision_id)
    _require(rules.can_keep_decisions_at(by, decision.issuing_unit))
    unknown = set(fields) - set(AWARD_FIELDS)
    if unknown:
        raise TypeError(f"unknown award fields: {sorted(unknown)}")
    if set(fields) - {"published"}:
        _refuse_issued(decision)
    award = Award.objects.select_related("person", "collective", "replaces").get(pk=award.pk)
    for name, value in fields.items():
        setattr(award, name, value)
    if decision.is_draft:
        _check_award(award, decision, exclude_pk=award.pk)
        award.prize_amount = _award_prize(award, decision, base_salary_on(decision.decided_on))
    award.save()
    return award


@transaction.atomic
def award_remove(*, award: Award, by) -> None:
    decision = Decision.objects.select_for_update(of=("self",)).select_related("issuing_unit").get(pk=award.decision_id)
    _require(rules.can_keep_decisions_at(by, decision.issuing_unit))
    _refuse_issued(decision)
    Award.objects.filter(pk=award.pk).delete()


# The fund ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundStatus:
    """An issuing unit's award fund for a year against what its decisions give."""

    year: int
    budget: int | None  # None: no fund recorded for the year
    spent: int  # issued decisions' awards in force
    this_decision: int  # the draft's total (0 for an issued decision: already in `spent`)

    @property
    def remaining(self) -> int | None:
        return None if self.budget is None else self.budget - self.spent - self.this_decision

    @property
    def over_by(self) -> int:
        return max(0, -(self.remaining or 0)) if self.budget is not None else 0


def _spent_q(unit_id: int, year: int) -> Q:
    return Q(
        decision__issuing_unit_id=unit_id, decision__year=year, decision__state=DecisionState.ISSUED,
        decision__issuer_name="", cancelled_by__isnull=True,
    )


def fund_status(*, decision: Decision) -> FundStatus:
    """The fund of the decision's unit and year: budget, given so far, this decision, what remains. Three queries."""
    fund = AwardFund.objects.filter(unit_id=decision.issuing_unit_id, year=decision.year).values_list("budget", flat=True).first()
    spent = Award.objects.filter(_spent_q(decision.issuing_unit_id, decision.year)).aggregate(s=Sum("prize_amount"))["s"] or 0
    this = 0
    if decision.is_draft and not decision.issuer_name:
        this = decision.awards.aggregate(s=Sum("prize_amount"))["s"] or 0
    return FundStatus(year=decision.year, budget=fund, spent=spent, this_decision=this)


@transaction.atomic
def fund_set(*, unit: Unit, year: int, budget: int, by, note: str = "") -> AwardFund:
    _require(rules.can_keep_funds_at(by, unit))
    fund, _created = AwardFund.objects.update_or_create(unit=unit, year=year, defaults={"budget": budget, "note": note})
    return fund


class OverBudget(ValidationError):
    """Issuing would take the fund below zero: the officer must confirm, and is told by how much."""

    def __init__(self, over_by: int):
        super().__init__(
            _("This decision goes over the award fund of %(year)s by %(amount)s. Confirm to issue it anyway.")
            % {"year": "", "amount": money(over_by)},
            code="over_budget",
        )
        self.over_by = over_by


# Issue -------------------------------------------------------------------------------------------


def decision_issue(*, decision: Decision, by, number: int | None = None, confirm_over_budget: bool = False) -> Decision:
    """Issue a draft: take its number (the one typed, or the next from the locked counter), freeze
    each prize and the names as printed, and, for a correcting decision, mark the awards it cancels
    or replaces. Over the fund it needs `confirm_over_budget`. Never again editable afterwards. Once
    committed, its PDF is made in the job worker (awards.documents.services.pdf_job_start)."""
    with transaction.atomic():
        locked = Decision.objects.select_for_update(of=("self",)).select_related("issuing_unit").get(pk=decision.pk)
        _require(rules.can_keep_decisions_at(by, locked.issuing_unit))
        _refuse_issued(locked)
        awards = list(locked.awards.select_related("form", "person__unit", "collective", "replaces"))
        cancelled = list(locked.cancelled_awards.select_for_update(of=("self",)).all()) if locked.corrects_id else []
        if not awards and not cancelled:
            raise ValidationError(_("Add at least one awardee before issuing."))
        if locked.corrects_id:
            gone = [a for a in cancelled if a.cancelled_by_id]
            if gone:
                raise ValidationError(
                    _("%(name)s was already cancelled by another decision: take them off this correction.") % {"name": gone[0].awardee_name}
                )
        # Freeze: the prizes by today's catalogue and base salary, the names as printed.
        salary = base_salary_on(locked.decided_on)
        for award in awards:
            award.prize_amount = _award_prize(award, locked, salary)
            if award.person_id:
                award.awardee_name, award.unit_name = award.person.full_name, award.person.unit.name
            else:
                award.awardee_name = award.collective.name
        Award.objects.bulk_update(awards, ["prize_amount", "awardee_name", "unit_name"])
        status = fund_status(decision=locked)
        if status.over_by and not confirm_over_budget:
            error = OverBudget(status.over_by)
            error.message = _("This decision goes over the award fund of %(year)s by %(amount)s. Confirm to issue it anyway.") % {
                "year": locked.year, "amount": money(status.over_by)
            }
            raise error
        if not locked.issuer_name:
            try:
                with transaction.atomic():
                    taken = number_take(
                        issuing_unit_id=locked.issuing_unit_id, year=locked.year,
                        typed=number if number is not None else locked.number, decision_pk=locked.pk,
                    )
            except IntegrityError as error:  # a typed number taken by a draft saved a moment ago
                raise ValidationError({"number": _("This number was just taken by another decision: reload and try again.")}) from error
        else:
            taken = number if number is not None else locked.number

        def change(row):
            row.number = taken
            row.issued_at = timezone.now()
            row.issued_by = by
            row.confirmed_over_budget = status.over_by or None
            # From now on its awardees see it too (awards.decision_areas).
            row.awardees_area = decision_areas.areas_of([row.pk])[row.pk]

        issued = move(
            locked, DecisionState.ISSUED, machine=DECISION, by=by, change=change,
            fields=["number", "issued_at", "issued_by", "confirmed_over_budget", "awardees_area"],
        )
        if cancelled:
            Award.objects.filter(pk__in=[a.pk for a in cancelled]).update(cancelled_by=issued)
        # The PDF is made (and signed) by the job worker once the issue is committed: the page returns
        # at once and shows "being prepared" until it is kept.
        transaction.on_commit(lambda: _prepare_pdf(issued.pk, by))
    return issued


def _prepare_pdf(decision_id: int, by) -> None:
    from awards.documents.services import pdf_job_start

    try:
        pdf_job_start(decision_id=decision_id, by=by)
    except Exception:  # the issue is committed: its page says the PDF is not prepared and offers to prepare it
        logger.exception("Decision %s is issued but its PDF's job could not be queued", decision_id)


# Corrections -------------------------------------------------------------------------------------


@transaction.atomic
def decision_correct(
    *, decision: Decision, by, kind: str, decided_on: datetime.date, awards: list[Award] | None = None, **fields
) -> Decision:
    """Start a correcting decision (a draft of the same issuing unit) that cancels or amends
    `decision`: all its awards in force, or the ones given. An amendment copies them as new awards
    replacing the old, to be edited in the draft before it is issued."""
    decision = Decision.objects.select_related("issuing_unit").get(pk=decision.pk)
    _require(rules.can_correct_decision(by, decision))
    if kind not in Correction.values:
        raise ValidationError(_("Choose whether the new decision cancels or amends."))
    in_force = list(decision.awards.filter(cancelled_by__isnull=True).select_related("form", "award_type", "person__unit", "collective"))
    chosen = in_force if awards is None else [a for a in in_force if a.pk in {x.pk for x in awards}]
    if not chosen:
        raise ValidationError(_("Choose at least one award in force to cancel or amend."))
    if not fields.get("subject"):
        subject = _("On cancelling decision %(ref)s") if kind == Correction.CANCEL else _("On amending decision %(ref)s")
        fields["subject"] = subject % {"ref": decision.reference}
    correcting = decision_create(issuing_unit=decision.issuing_unit, by=by, decided_on=decided_on, **fields)
    correcting.corrects = decision
    correcting.correction = kind
    correcting.save(update_fields=["corrects", "correction"])
    correcting.cancelled_awards.set(chosen)
    if kind == Correction.AMEND:
        for old in chosen:
            award_add(
                decision=correcting, by=by, form=old.form, award_type=old.award_type, person=old.person, collective=old.collective,
                year=old.year, citation=old.citation, benefit_value=old.benefit_value, replaces=old,
            )
    return correcting
