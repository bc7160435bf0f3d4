"""Forms of the exemplars area: recording an exemplar (with the member picker), its photo, a
replication, and the list's filters."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Exemplar
from portal.attachments.content import EMPTY
from portal.widgets import FileInput
from units.forms import DayInput, UnitByCodeField, UnitCodeInput
from units.models import Person, Unit, vi_order
from units.person_search import person_search_ids

PICKED = 20  # people offered by one search of the picker


def found_people(user, query: str, limit: int = PICKED) -> list:
    """Current members in the user's reach matching `query` by name (accent-insensitive, any word order)
    or by the start of a citizen ID: the registry's own search (units.person_search), one page of it."""
    query = (query or "").strip()
    if not query:
        return []
    people = Person.objects.visible_to(user).current()
    ids = person_search_ids(people, query)
    if ids is not None:
        picked = ids(0, limit)
        by_id = people.select_related("unit").in_bulk(picked)
        return [by_id[pk] for pk in picked if pk in by_id]
    return list(people.search(query).select_related("unit").order_by(vi_order("full_name"), "id")[:limit])


def person_label(person) -> str:
    born = f" ({person.date_of_birth:%Y})" if person.date_of_birth else ""
    return f"{person.full_name}{born} — {person.unit.name}"


class OptionalUnitByCodeField(UnitByCodeField):
    def clean(self, value):
        if not (value or "").strip():
            return None
        return super().clean(value)


def photo_field(required=False):
    field = forms.FileField(
        label=_("Photo (JPG or PNG)"), required=required, widget=FileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"}),
        help_text=_("Shown on the public page once the record is published."),
    )
    field.error_messages["required"] = _("Choose a photo.")
    field.error_messages["empty"] = EMPTY
    return field


class ExemplarForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Exemplar.Kind.choices, widget=forms.RadioSelect, initial=Exemplar.Kind.PERSON)
    person_q = forms.CharField(
        label=_("Find the member"), required=False, max_length=100,
        help_text=_("A name without accents is enough (“lo van” finds “Lò Văn …”), or the start of a citizen ID."),
    )
    person = forms.ModelChoiceField(label=_("Exemplary person"), queryset=Person.objects.none(), required=False, widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    unit = OptionalUnitByCodeField(
        label=_("Unit"), required=False,
        help_text=_("For an exemplary unit: the unit itself; for a good practice: the unit where it started. Type a code or a name."),
        widget=UnitCodeInput(attrs={"placeholder": _("unit code or name")}),
    )
    campaign = forms.ModelChoiceField(label=_("Campaign it came from"), queryset=Campaign.objects.none(), required=False)
    title = forms.CharField(
        label=_("Name or title"), max_length=255, required=False,
        help_text=_("For a person, left empty: the person's full name."),
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    recognised_on = forms.DateField(label=_("Recognised on"), widget=DayInput(), initial=timezone.localdate)
    photo = photo_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["person"].queryset = Person.objects.visible_to(user).select_related("unit")
        self.fields["unit"].units = Unit.objects.visible_to(user).active()
        self.fields["campaign"].queryset = (
            Campaign.objects.visible_to(user).exclude(state=Campaign.State.DRAFT).order_by("-year", "name", "pk")
        )
        self.fields["campaign"].empty_label = _("(none)")
        self.fields["unit"].required = False
        # The picker offers one search's people (never the whole registry): the query typed, and
        # the person already chosen when the form comes back with an error.
        query = self.data.get("person_q") if self.is_bound else self.initial.get("person_q")
        self.people = found_people(user, query or "")
        chosen = self.data.get("person") if self.is_bound else self.initial.get("person")
        if chosen and str(chosen).isdigit() and all(str(p.pk) != str(chosen) for p in self.people):
            extra = self.fields["person"].queryset.filter(pk=chosen).first()
            if extra is not None:
                self.people.insert(0, extra)
        self.fields["person"].widget.choices = [(p.pk, person_label(p)) for p in self.people]
        self.searched = bool((query or "").strip())

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Exemplar.Kind.PERSON:
            if not data.get("person"):
                self.add_error("person", _("Choose the exemplary person from the registry: search by name, then pick."))
            elif not data.get("title"):
                data["title"] = data["person"].full_name
        elif kind:
            if not data.get("unit") and "unit" not in self.errors:
                self.add_error("unit", _("Give the unit."))
            if not data.get("title"):
                self.add_error("title", _("Give a name or title."))
        return data


class PhotoForm(forms.Form):
    photo = photo_field(required=True)


class ReplicationForm(forms.Form):
    unit = UnitByCodeField(
        label=_("Unit that took it up"), help_text=_("Type a code or a name: units in your area are suggested."),
        widget=UnitCodeInput(attrs={"placeholder": _("unit code or name")}),
    )
    started_on = forms.DateField(label=_("Taken up on"), widget=DayInput(), initial=timezone.localdate)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].units = Unit.objects.visible_to(user).active()


PUBLISHED_CHOICES = [("", _("All")), ("yes", _("Published")), ("no", _("Not published"))]


class ExemplarFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Exemplar.Kind.choices])
    campaign = forms.ModelChoiceField(label=_("Campaign"), required=False, queryset=Campaign.objects.none(), empty_label=_("All"))
    published = forms.ChoiceField(label=_("Public page"), required=False, choices=PUBLISHED_CHOICES)

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *Exemplar.Kind.choices])
