"""Small campaigns with known participants and scores, for the statistics tests."""

import datetime
import itertools
from decimal import Decimal

from django.db import transaction

from assessments.models import Instrument, Question, TestResult
from tests.factories import (
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    DistrictFactory,
    ElectionFactory,
    EnrolmentFactory,
    RegionFactory,
    TopicFactory,
    TrainingSessionFactory,
)
from trainings.changes import mark_campaign_changed
from trainings.models import Attendance

# Region codes of our own: the shared factory's sequence outgrows the 14-character code after 50 regions.
_REGION_NUMBERS = itertools.count()


def add_participant(
    session,
    council,
    *,
    days=(True, True),
    pre=None,
    post=None,
    max_score=20,
    post_max=None,
    gender="M",
    birth_year=1980,
    first_term=True,
    deputy=None,
    responses=None,
    instrument=None,
    post_instrument=None,
):
    """Enrol a deputy (new unless given) with attendance per day and optional pre/post scores; the results
    name `instrument` (the post-test `post_instrument` when given: a parallel form)."""
    if deputy is None:
        deputy = DeputyFactory(council=council, gender=gender, birth_year=birth_year, first_term=first_term)
    enrolment = EnrolmentFactory(session=session, deputy=deputy)
    for day, present in enumerate(days, start=1):
        Attendance.objects.create(enrolment=enrolment, day=day, present=present)
    tests = (("pre", pre, max_score, instrument), ("post", post, post_max or max_score, post_instrument or instrument))
    for phase, score, maximum, test in tests:
        if score is not None:
            TestResult.objects.create(
                enrolment=enrolment,
                phase=phase,
                score=Decimal(str(score)),
                max_score=Decimal(str(maximum)),
                instrument=test,
                responses=(responses or {}).get(phase),
            )
    return enrolment


def two_region_campaign(**campaign_fields):
    """A campaign in two regions: region A has two councils (one a city without district), region B one;
    one more council in B has an election but no participant. Returns a dict of the objects."""
    campaign = CampaignFactory(**campaign_fields)
    region_a, region_b = (RegionFactory(code=f"4178{next(_REGION_NUMBERS):010d}") for _ in range(2))
    district_a, district_b = DistrictFactory(region=region_a), DistrictFactory(region=region_b)
    aiyl_a = CouncilFactory(district=district_a, region=region_a)
    city_a = CouncilFactory(district=None, region=region_a, kind="city_kenesh")
    aiyl_b = CouncilFactory(district=district_b, region=region_b)
    idle_b = CouncilFactory(district=district_b, region=region_b)
    for council in (aiyl_a, city_a, aiyl_b, idle_b):
        ElectionFactory(council=council, convocation=campaign.convocation)
    session_1 = TrainingSessionFactory(campaign=campaign, venue=None, start_date=datetime.date(2021, 5, 24))
    session_2 = TrainingSessionFactory(campaign=campaign, venue=None, start_date=datetime.date(2021, 5, 27))
    return {
        "campaign": campaign,
        "regions": (region_a, region_b),
        "districts": (district_a, district_b),
        "councils": (aiyl_a, city_a, aiyl_b, idle_b),
        "sessions": (session_1, session_2),
    }


# Parallel forms (hand computation in tests/assessments/test_parallel_forms_orm.py): six A→B pairs and five B→A
# pairs of (pre, post) scores out of 20.
FORMS_AB = [(8, 14), (10, 15), (6, 12), (12, 18), (9, 13), (11, 16)]
FORMS_BA = [(5, 11), (7, 12), (6, 10), (8, 14), (4, 13)]


def parallel_forms_campaign(ab=FORMS_AB, ba=FORMS_BA, **campaign_fields):
    """`two_region_campaign` with tests A and B (20 points each): the `ab` pairs in session 1 (council in
    region A) took A before and B after, the `ba` pairs in session 2 (region B) the reverse."""
    data = two_region_campaign(**campaign_fields)
    campaign = data["campaign"]
    form_a = Instrument.objects.create(campaign=campaign, name="Test", form="A", max_score=20)
    form_b = Instrument.objects.create(campaign=campaign, name="Test", form="B", max_score=20)
    aiyl_a, _city_a, aiyl_b, _idle = data["councils"]
    first, second = data["sessions"]
    for pre, post in ab:
        add_participant(first, aiyl_a, pre=pre, post=post, instrument=form_a, post_instrument=form_b)
    for pre, post in ba:
        add_participant(second, aiyl_b, pre=pre, post=post, instrument=form_b, post_instrument=form_a)
    data["forms"] = (form_a, form_b)
    return data


def instrument_with_topics(campaign, keys=("A", "B", "C", "D")):
    """An instrument of len(keys) one-point questions, alternating between two topics."""
    topics = (TopicFactory(), TopicFactory())
    instrument = Instrument.objects.create(campaign=campaign, name="Test", max_score=len(keys))
    for number, key in enumerate(keys, start=1):
        Question.objects.create(instrument=instrument, number=number, topic=topics[(number - 1) % 2], key=key)
    return instrument, topics


def save_score(result, score):
    """Change one score as the score services do: in a transaction that marks the campaign changed."""
    with transaction.atomic():
        TestResult.objects.filter(pk=result.pk).update(score=Decimal(str(score)))
        mark_campaign_changed(result.enrolment.session.campaign_id)
