"""Reading councils data for pages and exports, with the queries tuned here."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .collation import deputy_order
from .models import Council, Deputy, Election
from .names import search_terms

DEFAULT_CONVOCATION = 2021  # the convocation shown before any election is loaded


def convocations() -> list[int]:
    """Convocations known from elections or deputies, newest first."""
    years = set(Election.objects.order_by().values_list("convocation", flat=True).distinct())
    # order_by(): the model's default order would join the name columns into the DISTINCT.
    years |= set(Deputy.objects.order_by().values_list("convocation", flat=True).distinct())
    return sorted(years or {DEFAULT_CONVOCATION}, reverse=True)


def _count(queryset):
    counted = queryset.order_by().values("council").annotate(n=Count("pk", distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def councils_with_figures(councils, convocation: int):
    """Councils annotated with the browser's figures for one convocation (one query)."""
    deputies = Deputy.objects.filter(council=OuterRef("pk"), convocation=convocation, merged_into__isnull=True)
    elections = Election.objects.filter(council=OuterRef("pk"), convocation=convocation)
    return councils.annotate(
        has_election=Exists(elections),
        election_seats=Subquery(elections.values("seats")[:1]),
        deputy_count=_count(deputies),
        women_count=_count(deputies.filter(gender=Deputy.Gender.FEMALE)),
        # Trained = present on at least one day of a session (DESIGN §3 "participants").
        trained_count=_count(deputies.filter(enrolments__attendance__present=True)),
    )


@dataclass
class Figures:
    councils: int = 0
    with_elections: int = 0
    seats: int = 0
    deputies: int = 0
    women: int = 0
    trained: int = 0

    def add(self, council) -> None:
        self.councils += 1
        self.with_elections += int(council.has_election)
        self.seats += council.election_seats or council.seats or 0
        self.deputies += council.deputy_count
        self.women += council.women_count
        self.trained += council.trained_count

    @property
    def women_pct(self):
        return 100 * self.women / self.deputies if self.deputies else None


def figures_by(councils, key) -> tuple[dict, Figures]:
    """Figures per key(council), and the total over all councils."""
    groups, total = defaultdict(Figures), Figures()
    for council in councils:
        groups[key(council)].add(council)
        total.add(council)
    return dict(groups), total


def council_figures(council, convocation) -> Figures:
    figures = Figures()
    figures.add(council)
    return figures


# -- deputies -----------------------------------------------------------------------------------------


def search_deputies(deputies, text: str):
    """Every word of `text` must occur in the name, in any script and in Kyrgyz or Russian form
    ("Асанович" finds "Асан уулу"): the words are keyed as `Deputy.search_key` is."""
    for term in search_terms(text):
        deputies = deputies.filter(search_key__contains=term)
    return deputies


def filter_deputies(deputies, filters: dict, *, youth_max_age: int):
    """Apply the deputy list's filters (cleaned data of DeputyFilterForm)."""
    if filters.get("region"):
        deputies = deputies.filter(council__region=filters["region"])
    if filters.get("district"):
        deputies = deputies.filter(council__district=filters["district"])
    if filters.get("council"):
        deputies = deputies.filter(council__code=filters["council"])
    if filters.get("kind"):
        deputies = deputies.filter(council__kind=filters["kind"])
    if filters.get("sex"):
        deputies = deputies.filter(gender=filters["sex"])
    if filters.get("convocation"):
        deputies = deputies.filter(convocation=filters["convocation"])
    band = filters.get("age_band")
    if band:
        # Age at the election of the convocation: stable, unlike the age today.
        deputies = deputies.annotate(age=F("convocation") - F("birth_year"))
        if band == "unknown":
            deputies = deputies.filter(birth_year__isnull=True)
        elif band == "youth":
            deputies = deputies.filter(age__lte=youth_max_age)
        elif band == "middle":
            deputies = deputies.filter(age__gt=youth_max_age, age__lte=50)
        elif band == "senior":
            deputies = deputies.filter(age__gt=50)
    first_term = filters.get("first_term")
    if first_term == "yes":
        deputies = deputies.filter(first_term=True)
    elif first_term == "no":
        deputies = deputies.filter(first_term=False)
    elif first_term == "unknown":
        deputies = deputies.filter(first_term__isnull=True)
    trained = Deputy.objects.filter(enrolments__attendance__present=True).values("pk")
    if filters.get("trained") == "yes":
        deputies = deputies.filter(pk__in=trained)
    elif filters.get("trained") == "no":
        deputies = deputies.exclude(pk__in=trained)
    if filters.get("q"):
        deputies = search_deputies(deputies, filters["q"])
    return deputies


def _enrolments():
    # Enrolments are the trainings app's: reached through the relation, as councils imports no app above it.
    return Deputy._meta.get_field("enrolments").related_model.objects


def deputy_rows(deputies, *, with_trained=True):
    """Deputies with what the list and exports show, in one query.

    A page of the list marks `trained` with `mark_trained` on its own deputies instead: over a whole register
    PostgreSQL answers the EXISTS for every deputy (≈ 0.7 s at 100 000) before it takes the page's 50.
    """
    rows = deputies.select_related("council__region", "council__district").order_by(*deputy_order(), "pk")
    if with_trained:
        rows = rows.annotate(trained=Exists(_enrolments().filter(deputy=OuterRef("pk"), attendance__present=True)))
    return rows


def mark_trained(deputies) -> list:
    """Set `trained` (present on a day of some training) on each of these deputies, in one query."""
    deputies = list(deputies)
    trained = set(
        _enrolments()
        .filter(deputy__in=[deputy.pk for deputy in deputies], attendance__present=True)
        .values_list("deputy_id", flat=True)
    )
    for deputy in deputies:
        deputy.trained = deputy.pk in trained
    return deputies


def councils_of(queryset=None):
    return (queryset if queryset is not None else Council.objects.all()).select_related("region", "district")


def deputies_to_review():
    """Deputies added as walk-ins who were not in the register, not yet reviewed (newest first)."""
    return (
        Deputy.objects.filter(needs_review=True, merged_into__isnull=True)
        .select_related("council", "council__district")
        .order_by("-created_at", "pk")
    )
