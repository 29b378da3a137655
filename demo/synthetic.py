"""A synthetic load for benchmarks: many campaigns of about a thousand participants each.

Campaigns are coded LOAD-001, LOAD-002, … and reuse the loaded aiyl keneshes. Each has a convocation
of its own from `LOAD_CONVOCATION_BASE` + 1 upwards, far from any real year, so that its elections and
deputies never mix with real ones and can be deleted wholesale; its trainers are users named
`load-NNN-trainerMM`. Generating again first deletes all of that (and nothing else).
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from trainings.models import Campaign

from .campaign import active_aiyl_councils, build_campaign
from .plans import VOICE_2021, CampaignPlan, DemoDataError
from .purge import purge_generated

LOAD_CODE_PREFIX = "LOAD-"
LOAD_TRAINER_PREFIX = "load-"
LOAD_CONVOCATION_BASE = 3000
PARTICIPANTS_PER_CAMPAIGN = 1000
# Like the 2021 campaign: nearly every council with elections sends deputies, ~21 per session.
COVERED_SHARE = 0.98
PARTICIPANTS_PER_SESSION = 21


def load_plans(
    total_participants: int, *, aiyl_available: int, per_campaign: int = PARTICIPANTS_PER_CAMPAIGN
) -> list[CampaignPlan]:
    """Plans for about total/per_campaign campaigns sharing `total_participants` between them."""
    if total_participants < 1 or per_campaign < 1:
        raise DemoDataError(_("The load needs at least one participant per campaign."))
    count = max(1, round(total_participants / per_campaign))
    base, extra = divmod(total_participants, count)
    with_elections = min(VOICE_2021.aiyl_councils_with_elections, aiyl_available)
    plans = []
    for number in range(1, count + 1):
        participants = base + (number <= extra)
        covered = min(round(with_elections * COVERED_SHARE), participants)
        plans.append(
            CampaignPlan(
                code=f"{LOAD_CODE_PREFIX}{number:03d}",
                name_ky=f"Жүктөм сыноо кампаниясы {number:03d}",
                name_ru=f"Нагрузочная кампания {number:03d}",
                name_en=f"Load test campaign {number:03d}",
                donor=VOICE_2021.donor,
                implementer=VOICE_2021.implementer,
                start=VOICE_2021.start,
                end=VOICE_2021.end,
                convocation=LOAD_CONVOCATION_BASE + number,
                election_date=VOICE_2021.election_date,
                aiyl_councils_with_elections=with_elections,
                aiyl_councils_covered=covered,
                participants=participants,
                sessions=max(1, round(participants / PARTICIPANTS_PER_SESSION)),
                seed=VOICE_2021.seed * 1000 + number,
                full_rosters=False,
                trainer_username=_trainer_username_for(number),
            )
        )
    return plans


def _trainer_username_for(campaign_number: int):
    return lambda number: f"{LOAD_TRAINER_PREFIX}{campaign_number:03d}-trainer{number:02d}"


def purge_load() -> None:
    """Delete every LOAD-* campaign with its elections, deputies and trainers."""
    campaigns = Campaign.objects.filter(code__startswith=LOAD_CODE_PREFIX)
    purge_generated(
        campaigns=campaigns,
        convocations=list(campaigns.values_list("convocation", flat=True)),
        trainers=get_user_model().objects.filter(username__startswith=LOAD_TRAINER_PREFIX),
    )


def generate_load(
    total_participants: int,
    *,
    per_campaign: int = PARTICIPANTS_PER_CAMPAIGN,
    on: date = VOICE_2021.election_date,
    progress=None,
) -> list[Campaign]:
    """Replace the synthetic load with a new one of `total_participants` participants."""
    aiyl_councils = active_aiyl_councils(on)
    if not aiyl_councils:
        raise DemoDataError(_("No aiyl keneshes are loaded: run load_reference_data first."))
    plans = load_plans(total_participants, aiyl_available=len(aiyl_councils), per_campaign=per_campaign)
    purge_load()
    campaigns = []
    # One transaction per campaign: a single huge one makes PostgreSQL check every deferred foreign key
    # at the final commit. A run that fails half-way leaves whole campaigns, removed by the next run.
    for plan in plans:
        campaigns.append(build_campaign(plan, aiyl_councils=aiyl_councils))
        if progress:
            progress(plan)
    return campaigns
