"""Councils to generate on, and what the demo tests compare: a small plan, participants, a fingerprint."""

import datetime

import pytest

from assessments import models as assessments
from councils.models import Council, Deputy, District, Election, Region
from demo.plans import CampaignPlan
from trainings.models import Attendance, Campaign, TrainingSession

TOWN_CODE = "41799000000777"
SMALL_PLAN = CampaignPlan(
    code="DEMO-TEST",
    name_ky="Сыноо",
    name_ru="Тест",
    name_en="Test",
    start=datetime.date(2021, 5, 24),
    end=datetime.date(2021, 7, 2),
    convocation=2021,
    election_date=datetime.date(2021, 4, 11),
    aiyl_councils_with_elections=20,
    aiyl_councils_covered=17,
    other_council_codes=(TOWN_CODE,),
    participants=150,
    sessions=8,
    seed=7,
    trainer_username=lambda number: f"test-trainer{number:02d}",
)


def make_councils(*, regions: int, districts_per_region: int, aiyl_per_district: int, town_code: str) -> None:
    """Regions, districts and aiyl keneshes in bulk, plus one town council."""
    created = Region.objects.bulk_create(
        Region(code=f"417{index + 50:02d}000000000", name_ru=f"Область {index}", iso_code=f"KG-{index}")
        for index in range(regions)
    )
    districts = District.objects.bulk_create(
        District(
            region=region, code=f"{region.code[:5]}2{number:02d}0000000", name_ru=f"Район {region.code[3:5]}-{number}"
        )
        for region in created
        for number in range(districts_per_region)
    )
    Council.objects.bulk_create(
        Council(
            kind=Council.Kind.AIYL,
            region=district.region,
            district=district,
            code=f"{district.code[:8]}{number:03d}010",
            name_ru=f"Айыл аймак {district.code[:8]}-{number}",
        )
        for district in districts
        for number in range(aiyl_per_district)
    )
    Council.objects.create(
        kind=Council.Kind.TOWN, region=districts[0].region, district=districts[0], code=town_code, name_ru="Город"
    )


@pytest.fixture
def small_councils():
    make_councils(regions=2, districts_per_region=3, aiyl_per_district=5, town_code=TOWN_CODE)


@pytest.fixture
def press_release_councils():
    """As many councils as the 2021 reference data: 453 aiyl keneshes in 40 districts, and Kemin town."""
    make_councils(regions=7, districts_per_region=6, aiyl_per_district=11, town_code="41708213600020")


def participants_of(campaign):
    return Deputy.objects.filter(
        enrolments__session__campaign=campaign, enrolments__attendance__present=True
    ).distinct()


def knowledge_growth(campaign) -> float:
    """100 · (mean post % − mean pre %) ÷ mean pre %, over enrolments with both tests."""
    scores: dict[int, dict[str, float]] = {}
    for enrolment_id, phase, score, max_score in assessments.TestResult.objects.filter(
        enrolment__session__campaign=campaign
    ).values_list("enrolment_id", "phase", "score", "max_score"):
        scores.setdefault(enrolment_id, {})[phase] = 100 * float(score) / float(max_score)
    pairs = [(row["pre"], row["post"]) for row in scores.values() if len(row) == 2]
    mean_pre = sum(pre for pre, _ in pairs) / len(pairs)
    mean_post = sum(post for _, post in pairs) / len(pairs)
    return 100 * (mean_post - mean_pre) / mean_pre


def fingerprint(campaign_code: str, convocation: int):
    """Everything generated, without database ids or timestamps."""
    campaign = Campaign.objects.get(code=campaign_code)
    return (
        sorted(
            Deputy.objects.filter(convocation=convocation).values_list(
                "council__code", "normalized_name", "birth_year", "gender", "phone", "first_term"
            )
        ),
        sorted(Election.objects.filter(convocation=convocation).values_list("council__code", "date", "seats")),
        sorted(
            TrainingSession.objects.filter(campaign=campaign).values_list(
                "code", "start_date", "venue__name_ru", "language", "capacity", "trainers__username"
            )
        ),
        sorted(
            Attendance.objects.filter(enrolment__session__campaign=campaign).values_list(
                "enrolment__session__code",
                "enrolment__deputy__normalized_name",
                "enrolment__deputy__birth_year",
                "day",
                "present",
            )
        ),  # fmt: skip
        sorted(
            (session, name, phase, score, str(responses))
            for session, name, phase, score, responses in assessments.TestResult.objects.filter(
                enrolment__session__campaign=campaign
            ).values_list(
                "enrolment__session__code", "enrolment__deputy__normalized_name", "phase", "score", "responses"
            )
        ),
        sorted(
            assessments.Question.objects.filter(instrument__campaign=campaign).values_list(
                "number", "topic__code", "key"
            )
        ),
    )
