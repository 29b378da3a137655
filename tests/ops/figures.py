"""Print a campaign's figures from the database named by DATABASE_URL, as JSON (`python -m tests.ops.figures CODE`).

Used to compare a database with its restored backup. Add a figure here and both sides compare it.
"""

import json
import os
import sys


def figures(code: str) -> dict:
    from assessments.models import TestResult
    from assessments.statistics.snapshots import get_campaign_stats
    from trainings.models import Attendance, Campaign, Enrolment
    from trainings.selectors import campaign_progress

    campaign = Campaign.objects.get(code=code)
    progress = campaign_progress(campaign)
    return {
        "data_version": campaign.data_version,
        "councils_with_elections": progress.councils_with_elections,
        "invited": progress.invited,
        "trained": progress.trained,
        "not_scheduled": [council.code for council in progress.not_scheduled],
        "participants": progress.participants,
        "completed": progress.completed,
        "sessions_by_status": progress.sessions_by_status,
        "enrolments": Enrolment.objects.filter(session__campaign=campaign).count(),
        "present_days": Attendance.objects.filter(enrolment__session__campaign=campaign, present=True).count(),
        "results": sorted(
            (r.enrolment.deputy.full_name, r.phase, str(r.score), r.version)
            for r in TestResult.objects.filter(enrolment__session__campaign=campaign).select_related(
                "enrolment__deputy"
            )
        ),
        "result_history": TestResult.history.filter(enrolment__session__campaign=campaign).count(),
        # The DESIGN §3 figures, recomputed from this database's data.
        "statistics": get_campaign_stats(campaign, refresh=True).payload,
    }


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    django.setup()
    print(json.dumps(figures(sys.argv[1]), ensure_ascii=False))
