"""A small register with a known women's quota, worked out by hand.

Region 1, district 1: aiyl kenesh A (election 2021) with 10 deputies, 3 of them women (30 %: not under);
aiyl kenesh B (election 2021) with 5 deputies, 1 woman (20 %: under). Region 2: town kenesh C without a
2021 election (outside the target), 4 deputies, 2 women. Not counted: a woman of A of the 2016
convocation and a woman of A merged into another deputy.
Participants: in A a woman and a man, in B a woman (another woman of B enrolled but never came), in C a man.

elected       19 deputies, 6 women: 31.578…%    target (A, B)  15, 4 women: 26.666…%
participants   4, 2 women: 50 %                 aiyl keneshes: elected 15/4, participants 3/2; town: 4/2, 1/0
"""

from councils.models import Council
from tests.factories import (
    AttendanceFactory,
    CampaignFactory,
    CouncilFactory,
    DeputyFactory,
    DistrictFactory,
    ElectionFactory,
    EnrolmentFactory,
    RegionFactory,
    TrainingSessionFactory,
)


def deputies(council, women: int, men: int) -> list:
    return [DeputyFactory(council=council, gender="F") for _ in range(women)] + [
        DeputyFactory(council=council, gender="M") for _ in range(men)
    ]


def present(session, deputy, *, came=True):
    AttendanceFactory(enrolment=EnrolmentFactory(session=session, deputy=deputy), day=1, present=came)


def quota_world() -> dict:
    region1, region2 = RegionFactory(name_en="North"), RegionFactory(name_en="South")
    district1, district2 = DistrictFactory(region=region1), DistrictFactory(region=region2)
    a = CouncilFactory(district=district1, name_en="Ala-Buka")
    b = CouncilFactory(district=district1, name_en="Bel-Suu")
    c = CouncilFactory(district=district2, kind=Council.Kind.TOWN, name_en="Chon-Town")
    ElectionFactory(council=a)
    ElectionFactory(council=b)
    a_people, b_people, c_people = deputies(a, 3, 7), deputies(b, 1, 4), deputies(c, 2, 2)
    DeputyFactory(council=a, gender="F", convocation=2016)
    DeputyFactory(council=a, gender="F", merged_into=a_people[0])
    campaign = CampaignFactory(code="QUOTA-TEST", convocation=2021)
    session = TrainingSessionFactory(campaign=campaign)
    present(session, a_people[0])  # a woman
    present(session, a_people[-1])  # a man
    present(session, b_people[0])  # the woman of B
    present(session, b_people[-1], came=False)
    present(session, c_people[-1])  # a man
    return {"campaign": campaign, "councils": (a, b, c), "regions": (region1, region2)}
