"""Forms of the review area: recording the annual review (tổng kết khối) with the practices
presented and its minutes file, and taking it back with a reason."""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from blocs import services, sheets
from campaigns.models import Exemplar, Title
from portal.attachments import content
from portal.attachments.content import EMPTY
from portal.widgets import FileInput
from units.forms import DayInput

FLAG_CODE = "co-thi-dua-ldld-tinh"  # what the leading member of a province bloc is usually proposed for
EXEMPLARS_OFFERED = 40  # a bloc's members find a handful a year; the newest 40 are offered
PRACTICE_ROWS = 3  # blank lines for practices typed on the form


def member_label(standing) -> str:
    return _("%(rank)s. %(unit)s — %(total)s points") % {
        "rank": standing.rank, "unit": standing.unit_name, "total": sheets._points(standing.total)}


def exemplars_for(user, bloc, members):
    """Exemplars the user sees that the review may name: found at a member unit (or below it) or
    recognised in the bloc's year; good practices first, newest first. Two queries."""
    where = Q(recognised_on__year=bloc.year)
    for member in members:
        where |= Q(unit__path__startswith=member.unit.path)
    practice_first = Case(When(kind=Exemplar.Kind.PRACTICE, then=Value(0)), default=Value(1), output_field=IntegerField())
    ids = list(
        Exemplar.objects.visible_to(user).filter(where).annotate(practice_first=practice_first)
        .order_by("practice_first", "-recognised_on", "-pk").values_list("pk", flat=True)[:EXEMPLARS_OFFERED]
    )
    order = {pk: position for position, pk in enumerate(ids)}
    return Exemplar.objects.filter(pk__in=ids).select_related("unit"), order


class ExemplarChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, exemplar):
        return f"{exemplar.title} — {exemplar.unit.name} ({exemplar.get_kind_display()}, {exemplar.recognised_on:%d/%m/%Y})"


class ReviewForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DayInput())
    place = forms.CharField(label=_("Place"), max_length=255, required=False)
    acclaimed = forms.TypedChoiceField(
        label=_("Acclaimed leading member (suy tôn)"), required=False, coerce=int, empty_value=None,
        help_text=_("In ranking order: the first is chosen unless the meeting acclaimed another member."),
    )
    proposed_title = forms.ModelChoiceField(
        label=_("Proposed for"), queryset=Title.objects.none(), required=False,
        help_text=_("The award workflow picks the proposal up and makes the dossier."),
    )
    exemplars = ExemplarChoice(
        label=_("Exemplars presented"), queryset=Exemplar.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Recorded in the campaigns' exemplars, found at a member unit or in the bloc's year."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    minutes = forms.FileField(label=_("Minutes of the meeting"), required=False, widget=FileInput)

    def __init__(self, *args, user, bloc, standings, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {member.pk: member for member in members}
        self.fields["acclaimed"].choices = [("", _("— None acclaimed —"))] + [(s.member_id, member_label(s)) for s in standings]
        titles = Title.objects.filter(for_collective=True)
        self.fields["proposed_title"].queryset = titles
        exemplars, order = exemplars_for(user, bloc, members)
        field = self.fields["exemplars"]
        field.queryset = exemplars
        # The choices in the order found (practices first), not the model's.
        field.choices = [(e.pk, field.label_from_instance(e)) for e in sorted(exemplars, key=lambda e: order[e.pk])]
        self.has_exemplars = bool(order)
        if not self.is_bound and "proposed_title" not in self.initial:
            flag = next((t for t in titles if t.code == FLAG_CODE), None)
            self.initial["proposed_title"] = flag.pk if flag else None
        if not self.is_bound and "acclaimed" not in self.initial and standings:
            self.initial["acclaimed"] = standings[0].member_id
        self.fields["minutes"].widget.attrs["accept"] = content.accept_attribute()
        self.fields["minutes"].error_messages["empty"] = EMPTY

    def clean_acclaimed(self):
        pk = self.cleaned_data["acclaimed"]
        return self.members.get(pk) if pk is not None else None

    def clean_minutes(self):
        # Checked by its content before anything is recorded: a refused file refuses the whole form.
        upload = self.cleaned_data.get("minutes")
        if upload:
            content.check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if data.get("proposed_title") and not data.get("acclaimed"):
            self.add_error("proposed_title", _("Name the acclaimed member to propose it for a title."))
        return data


class PracticeForm(forms.Form):
    """A new model or good practice typed on the form (not in the exemplars)."""

    title = forms.CharField(label=_("New model or good practice"), max_length=255, required=False)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 1}), required=False)
    presented_by = forms.TypedChoiceField(label=_("Presented by"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {member.pk: member for member in members}
        self.fields["presented_by"].choices = [("", _("— Choose —"))] + [(m.pk, m.unit.name) for m in members]

    def clean(self):
        data = super().clean()
        if not data.get("title", "").strip() and (data.get("description", "").strip() or data.get("presented_by")):
            self.add_error("title", _("Give the practice its name, or leave the whole line empty."))
        return data

    def line(self):
        data = self.cleaned_data
        if not data.get("title", "").strip():
            return None
        return services.PracticeLine(
            title=data["title"].strip(), description=data.get("description", "").strip(),
            presented_by=self.members.get(data.get("presented_by")),
        )


PracticeFormSet = forms.formset_factory(PracticeForm, extra=PRACTICE_ROWS, max_num=20, absolute_max=20)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the review taken back?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why the review is taken back.")},
    )
