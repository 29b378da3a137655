"""`seed_demo`: the 2021 campaign of the press release as demo data, with one demo account per role."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from councils.models import Council, Deputy, Election
from demo.accounts import ensure_demo_accounts
from demo.campaign import build_campaign
from demo.plans import VOICE_2021, DemoDataError
from demo.purge import purge_generated
from trainings.models import Campaign, Enrolment


class Command(BaseCommand):
    help = _(
        "Load the 2021 deputy-training campaign (VOICE-2021) as demo data and create demo accounts for every "
        "role. Needs the reference data (load_reference_data). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "Delete the demo campaign and every election and deputy of its convocation first, then build "
                "them again (demo databases only)."
            ),
        )

    def handle(self, *args, reset=False, **options):
        plan = VOICE_2021
        started = time.perf_counter()
        if not Council.objects.exists():
            raise CommandError(_("No councils are loaded: run `manage.py load_reference_data` first."))
        with transaction.atomic():
            accounts = ensure_demo_accounts()
            existing = Campaign.objects.filter(code=plan.code)
            if reset:
                purge_generated(campaigns=existing, convocations=[plan.convocation])
            if existing.exists():
                self.stdout.write(
                    _("The demo campaign %(code)s is already loaded; nothing changed.") % {"code": plan.code}
                )
            else:
                self.refuse_foreign_convocation(plan.convocation)
                try:
                    campaign = build_campaign(plan)
                except DemoDataError as error:
                    raise CommandError(str(error)) from error
                self.report(campaign, time.perf_counter() - started)
        self.stdout.write(_("Demo accounts (for demonstrations only):"))
        for account in accounts:
            self.stdout.write(f"  {account.role:<10} {account.username:<10} {account.password}")

    def refuse_foreign_convocation(self, convocation):
        # The demo invents its own elections and deputies; mixing them with real ones would corrupt both.
        if (
            Election.objects.filter(convocation=convocation).exists()
            or Deputy.objects.filter(convocation=convocation).exists()
        ):
            raise CommandError(
                _(
                    "The database already holds elections or deputies of the %(convocation)s convocation. "
                    "seed_demo builds its own; run it on an empty database or with --reset."
                )
                % {"convocation": convocation}
            )

    def report(self, campaign, seconds):
        enrolments = Enrolment.objects.filter(session__campaign=campaign)
        participants = enrolments.filter(attendance__present=True).values("deputy").distinct().count()
        covered = enrolments.filter(attendance__present=True).values("deputy__council").distinct().count()
        elections = Election.objects.filter(convocation=campaign.convocation).count()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Loaded %(code)s in %(seconds)s s: %(sessions)d sessions, %(participants)d participants "
                    "from %(covered)d councils, %(elections)d councils with elections."
                )
                % {
                    "code": campaign.code,
                    "seconds": number_format(seconds, 1),
                    "sessions": campaign.sessions.count(),
                    "participants": participants,
                    "covered": covered,
                    "elections": elections,
                }
            )
        )
