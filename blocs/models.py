"""Emulation blocs (khối thi đua): comparable units grouped for a year, their pledge, scoring sheet,
self and official scores, ranking and annual review (docs/decisions/0029-blocs.md).

A bloc belongs to a year and to the unit that organises it (the province federation, or an
upper-level union for its own unions). Its members may come from different districts, so a bloc is
seen by whoever reaches its organiser or any of its members (units.access.member_reach_q), and a
member's scores by whoever reaches that member or the organiser: one member never sees another
member's score sheet, only the bloc's ranking.

Life cycle (BLOC): set-up (members, sheet) → scoring (sheet frozen; members score themselves until
the deadline, the organiser gives official scores) → reviewed (tổng kết khối held; scores locked).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import YEAR_VALIDATORS, Exemplar, Title
from portal.states import Machine
from units import access
from units.models import Unit

POINTS = {"max_digits": 6, "decimal_places": 2}
NON_NEGATIVE = [MinValueValidator(Decimal("0"))]

# The rating bands a new bloc starts with (the domain's defaults); each bloc and year may change them.
DEFAULT_BANDS = [("Xuất sắc", Decimal("95")), ("Tốt", Decimal("85")), ("Khá", Decimal("0"))]


class BlocQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The organiser's reach (province staff) and the reach of every member (a district LĐLĐ in the
        bloc, its officer, the province above it through the organiser), each bloc once."""
        if access.reaches_whole_tree(user):
            return self.all()
        # The members as a semi-join (IN) rather than member_reach_q's EXISTS: PostgreSQL then starts from the few
        # units the user reaches instead of joining every membership (national scale: 29 ms against 120 ms a query).
        members = BlocMember.objects.filter(access.reach_q(user, "unit__path")).values("bloc_id")
        return self.filter(access.reach_q(user, "organiser__path") | Q(pk__in=members))


class Bloc(models.Model):
    class State(models.TextChoices):
        SETUP = "setup", _("Being set up")
        SCORING = "scoring", _("Scoring")
        REVIEWED = "reviewed", _("Reviewed")

    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    name = models.CharField(_("name"), max_length=255)
    organiser = models.ForeignKey(Unit, models.PROTECT, related_name="organised_blocs", verbose_name=_("organised by"))
    note = models.TextField(_("the bloc's note"), blank=True)
    # Leader and deputy rotate each year among the members (trưởng khối, phó khối).
    leader = models.ForeignKey(
        "BlocMember", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("leader (trưởng khối)")
    )
    deputy = models.ForeignKey(
        "BlocMember", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("deputy (phó khối)")
    )
    pledge_signed_on = models.DateField(_("pledge signed on"), null=True, blank=True)
    self_scoring_due_on = models.DateField(
        _("self-scores due by"), null=True, blank=True,
        help_text=_("Members cannot change their self-scores after this day."),
    )
    # The sheet this one was copied from (last year's), kept to say where the criteria came from.
    sheet_copied_from = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="+", editable=False, verbose_name=_("sheet copied from")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.SETUP, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BlocQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation bloc")
        verbose_name_plural = _("emulation blocs")
        ordering = ["-year", "name", "pk"]
        constraints = [models.UniqueConstraint(fields=["organiser", "year", "name"], name="bloc_name_once_a_year")]
        indexes = [models.Index(fields=["year", "organiser"], name="bloc_year_organiser")]

    def __str__(self):
        return f"{self.name} ({self.year})"

    def get_absolute_url(self):
        return reverse("blocs:detail", args=[self.pk])

    @property
    def sheet_frozen(self) -> bool:
        return self.state != self.State.SETUP

    @property
    def locked(self) -> bool:
        return self.state == self.State.REVIEWED


BLOC = Machine(
    "bloc",
    moves={
        (Bloc.State.SETUP, Bloc.State.SCORING),
        (Bloc.State.SCORING, Bloc.State.SETUP),
        (Bloc.State.SCORING, Bloc.State.REVIEWED),
        (Bloc.State.REVIEWED, Bloc.State.SCORING),
    },
    labels=dict(Bloc.State.choices),
)


class BlocMemberQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A member's own scores: its own reach (its chair, the officers above it) and the organiser's."""
        return self.filter(access.reach_q(user, "unit__path") | access.reach_q(user, "bloc__organiser__path"))


class BlocMember(models.Model):
    bloc = models.ForeignKey(Bloc, models.CASCADE, related_name="members", verbose_name=_("bloc"))
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="bloc_memberships", verbose_name=_("unit"))
    # The bloc's year, kept on the row so that "one bloc a year" is a constraint, not a check that races.
    year = models.PositiveSmallIntegerField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BlocMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("bloc member")
        verbose_name_plural = _("bloc members")
        ordering = ["unit__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_bloc_a_year")]
        indexes = [models.Index(fields=["bloc", "unit"], name="blocmember_bloc_unit")]

    def __str__(self):
        return str(self.unit)

    def get_absolute_url(self):
        return reverse("blocs:scores", args=[self.bloc_id, self.pk])


class Criterion(models.Model):
    """A line of the bloc's scoring sheet. Groups hold sub-criteria whose maxima add up to the group's;
    a group without sub-criteria is scored as a whole. Bonus and penalty lines stand alone, each with
    its own limit: a bonus adds up to its limit, a penalty takes off up to its limit."""

    class Kind(models.TextChoices):
        GROUP = "group", _("Criteria group")
        ITEM = "item", _("Criterion")
        BONUS = "bonus", _("Bonus points")
        PENALTY = "penalty", _("Penalty points")

    bloc = models.ForeignKey(Bloc, models.CASCADE, related_name="criteria", verbose_name=_("bloc"))
    parent = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="items", verbose_name=_("group"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("number"), max_length=20, help_text=_("E.g. 1, 1.1, 1.2 …; a sub-criterion's number starts with its group's."))
    name = models.CharField(_("content"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), validators=NON_NEGATIVE, **POINTS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bloc", "code"], name="criterion_code_once_a_sheet"),
            models.CheckConstraint(condition=Q(max_points__gte=0), name="criterion_max_not_negative"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def scored(self) -> bool:
        """Takes points: a sub-criterion, a bonus or a penalty line, or a group without sub-criteria
        (set by blocs.sheets.lines_of, which knows the group's items)."""
        return getattr(self, "_scored", self.kind != self.Kind.GROUP)


class ScoreQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(access.reach_q(user, "member__unit__path") | access.reach_q(user, "member__bloc__organiser__path"))


class Score(models.Model):
    """One member's points on one scored line: its own (self), then the organiser's (official), with
    the reason the organiser gives where the two differ. The evidence files are attachments of the row."""

    member = models.ForeignKey(BlocMember, models.CASCADE, related_name="scores", verbose_name=_("member"))
    criterion = models.ForeignKey(Criterion, models.CASCADE, related_name="scores", verbose_name=_("criterion"))
    self_points = models.DecimalField(_("self-score"), null=True, blank=True, validators=NON_NEGATIVE, **POINTS)
    self_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False)
    self_at = models.DateTimeField(null=True, blank=True, editable=False)
    official_points = models.DecimalField(_("official score"), null=True, blank=True, validators=NON_NEGATIVE, **POINTS)
    official_reason = models.TextField(_("reason for the change"), blank=True)
    official_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False)
    official_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["member", "criterion"], name="one_score_per_line"),
            models.CheckConstraint(condition=Q(self_points__gte=0) | Q(self_points__isnull=True), name="self_points_not_negative"),
            models.CheckConstraint(condition=Q(official_points__gte=0) | Q(official_points__isnull=True), name="official_points_not_negative"),
        ]

    def __str__(self):
        return f"{self.member} · {self.criterion.code}"

    def get_absolute_url(self):
        # Where the attachments' pages send the user back after removing an evidence file.
        return reverse("blocs:scores", args=[self.member.bloc_id, self.member_id])

    @property
    def points(self):
        """What counts: the official score once given, the self-score until then."""
        return self.official_points if self.official_points is not None else self.self_points

    @property
    def changed(self) -> bool:
        return self.official_points is not None and self.self_points is not None and self.official_points != self.self_points


class RatingBand(models.Model):
    """A rating by total points (Xuất sắc ≥ 95, Tốt ≥ 85, Khá below), set per bloc and year."""

    bloc = models.ForeignKey(Bloc, models.CASCADE, related_name="bands", verbose_name=_("bloc"))
    label = models.CharField(_("rating"), max_length=60)
    min_total = models.DecimalField(_("from a total of"), validators=NON_NEGATIVE, **POINTS)

    class Meta:
        verbose_name = _("rating band")
        verbose_name_plural = _("rating bands")
        ordering = ["-min_total", "pk"]
        constraints = [models.UniqueConstraint(fields=["bloc", "min_total"], name="band_threshold_once")]

    def __str__(self):
        return f"{self.label} ≥ {self.min_total}"


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(bloc__in=Bloc.objects.visible_to(user))

    def counted_for_kpi(self):
        """KPI 5: a bloc counts when it held its review and recorded at least one new model or good practice."""
        return self.filter(models.Exists(Practice.objects.filter(review=models.OuterRef("pk"))))


class Review(models.Model):
    """The annual review meeting (tổng kết khối): it ranks the members and acclaims the leading one
    (suy tôn), who is then proposed for a Cờ thi đua: the hand-over to the award workflow is
    `proposed_title` with `proposal_taken_up_*` (blocs.handover)."""

    bloc = models.OneToOneField(Bloc, models.CASCADE, related_name="review", verbose_name=_("bloc"))
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    acclaimed = models.ForeignKey(
        BlocMember, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("acclaimed leading member (suy tôn)")
    )
    proposed_title = models.ForeignKey(
        Title, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("proposed for"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", editable=False)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Set by the award workflow when it turns the proposal into a dossier (blocs.handover.take_up).
    proposal_taken_up_at = models.DateTimeField(null=True, blank=True, editable=False)
    proposal_taken_up_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", editable=False)
    proposal_reference = models.CharField(_("taken up as"), max_length=255, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("bloc review")
        verbose_name_plural = _("bloc reviews")

    def __str__(self):
        return str(self.bloc)

    def get_absolute_url(self):
        # Where the minutes panel sends the user back after an upload or a removal.
        return reverse("blocs:review", args=[self.bloc_id])


class PracticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(review__bloc__in=Bloc.objects.visible_to(user))


class Practice(models.Model):
    """A new model or good practice presented at the review: one of the campaigns' exemplars, or
    recorded here in words."""

    review = models.ForeignKey(Review, models.CASCADE, related_name="practices", verbose_name=_("review"))
    exemplar = models.ForeignKey(
        Exemplar, models.PROTECT, null=True, blank=True, related_name="bloc_practices", verbose_name=_("exemplar")
    )
    presented_by = models.ForeignKey(
        BlocMember, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("presented by")
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("new model or good practice")
        verbose_name_plural = _("new models and good practices")
        ordering = ["pk"]

    def __str__(self):
        return self.title
