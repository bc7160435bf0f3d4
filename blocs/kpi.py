"""KPI 5 (bloc reviews), read for the reports: a bloc counts when it held its annual review and
recorded at least one new model or good practice (../shared/docs/domain.md)."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from blocs.models import Bloc, Practice


@dataclass(frozen=True)
class BlocReviews:
    year: int
    blocs: int  # the denominator: blocs of the year the user sees
    reviewed: int  # held their review
    counted: int  # held it and recorded a new model or good practice (the numerator)

    @property
    def share(self) -> float | None:
        return self.counted / self.blocs if self.blocs else None


def bloc_reviews(user, year: int, organiser=None) -> BlocReviews:
    """One query. `organiser` narrows to the blocs one unit organises (a province's own figure)."""
    blocs = Bloc.objects.visible_to(user).filter(year=year)
    if organiser is not None:
        blocs = blocs.filter(organiser=organiser)
    practice = Practice.objects.filter(review__bloc=OuterRef("pk"))
    rows = list(blocs.order_by().annotate(has_practice=Exists(practice)).values_list("state", "has_practice"))
    reviewed = [has for state, has in rows if state == Bloc.State.REVIEWED]
    return BlocReviews(year=year, blocs=len(rows), reviewed=len(reviewed), counted=sum(1 for has in reviewed if has))
