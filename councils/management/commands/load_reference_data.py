from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from councils.services import load_reference_data


class Command(BaseCommand):
    help = "Load Kyrgyzstan's regions, districts and councils shipped in councils/data/ (idempotent)."

    def handle(self, *args, **options):
        result = load_reference_data()
        for level, counts in result.items():
            self.stdout.write(
                _("%(level)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {"level": level, **counts}
            )
