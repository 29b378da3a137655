"""`import_results FILE --campaign CODE [--dry-run] [--skip-invalid] [--convocation YEAR]` (DESIGN §4)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from assessments.results_import import import_results
from councils.models import Election
from fileformats.tables import FileRejected
from trainings.codes import validate_campaign_code
from trainings.models import Campaign


class Command(BaseCommand):
    help = (
        "Import a whole campaign's results (sessions, deputies, enrolments, attendance, pre/post scores) "
        "from a CSV or XLSX file with one row per participant. All or nothing unless --skip-invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 CSV (comma or semicolon) or XLSX file")
        parser.add_argument("--campaign", required=True, help="campaign code; the campaign is created when missing")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--skip-invalid", action="store_true", help="import the valid rows, report the others")
        parser.add_argument(
            "--convocation", type=int, help="convocation of a new campaign (default: year of its first session)"
        )

    def handle(self, *args, **options):
        try:
            validate_campaign_code(options["campaign"])
        except ValidationError as exc:
            raise CommandError(f"--campaign: {exc.messages[0]}") from exc
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        try:
            report = import_results(
                name=path.name,
                content=path.read_bytes(),
                campaign_code=options["campaign"],
                convocation=options["convocation"],
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
            )
        except FileRejected as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:  # the file would change an approved session
            raise CommandError(" ".join(exc.messages)) from exc
        for error in report.errors:
            self.stderr.write(str(error))
        if report.errors and not options["skip_invalid"]:
            raise CommandError(
                _("%(count)s invalid rows of %(rows)s: nothing was imported.")
                % {"count": report.skipped_rows, "rows": report.rows}
            )
        if options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        self.stdout.write(_("%(valid)s of %(rows)s rows valid.") % {"valid": report.valid_rows, "rows": report.rows})
        for line in report.summary_lines() or [_("Nothing to change.")]:
            self.stdout.write(line)
        self._warn_without_elections(options["campaign"], options["convocation"])

    def _warn_without_elections(self, code, convocation):
        """A campaign whose convocation has no elections has no target councils: say so (DESIGN §3)."""
        campaign = Campaign.objects.filter(code=code).first()
        convocation = campaign.convocation if campaign is not None else convocation
        if convocation is not None and not Election.objects.filter(convocation=convocation).exists():
            self.stderr.write(
                _(
                    "Warning: no elections of the %(year)s convocation are loaded, so the campaign has no target "
                    "councils and its coverage is empty. Import the elections, or give the campaign the "
                    "convocation its councils were elected in (--convocation)."
                )
                % {"year": convocation}
            )
