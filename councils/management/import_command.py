"""The shared shape of the import commands (DESIGN §4): FILE, --dry-run, all or nothing."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from councils.importers import NEW, UNCHANGED, UPDATED
from councils.services import ImportRefused, run_import


class ImportCommand(BaseCommand):
    """Subclasses set `kind` (a key of councils.import_kinds) and `help`; add options via `extra_options`."""

    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("CSV (comma or semicolon) or XLSX file, one header row."))
        parser.add_argument("--dry-run", action="store_true", help=_("Check the file and report; write nothing."))

    def import_options(self, options) -> dict:
        return {}

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        if path.stat().st_size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise CommandError(
                ngettext(
                    "The file is larger than %(limit)s byte (IMPORT_MAX_UPLOAD_BYTES); nothing was written.",
                    "The file is larger than %(limit)s bytes (IMPORT_MAX_UPLOAD_BYTES); nothing was written.",
                    settings.IMPORT_MAX_UPLOAD_BYTES,
                )
                % {"limit": settings.IMPORT_MAX_UPLOAD_BYTES}
            )
        try:
            preview = run_import(
                self.kind,
                path.name,
                path.read_bytes(),
                options=self.import_options(options),
                dry_run=options["dry_run"],
            )
        except ImportRefused as refused:
            for message in refused.preview.error_messages():
                self.stderr.write(message)
            if refused.preview.file_error:
                raise CommandError(_("The file was refused; nothing was written.")) from refused
            raise CommandError(
                _("%(count)s rows have errors; nothing was written.") % {"count": refused.preview.counts["error"]}
            ) from refused
        counts = preview.counts
        summary = _("%(new)s new, %(updated)s updated, %(unchanged)s unchanged.") % {
            "new": counts[NEW],
            "updated": counts[UPDATED],
            "unchanged": counts[UNCHANGED],
        }
        if options["dry_run"]:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
