from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Councils and deputies")

    def ready(self):
        connection_created.connect(_register_sqlite_collation)
        from .import_kinds import ImportKind, register
        from .importers import CouncilImporter, DeputyImporter, ElectionImporter
        from .services import apply_councils, apply_deputies, apply_elections

        for key, label, importer, apply in (
            ("deputies", _("Deputies"), DeputyImporter, apply_deputies),
            ("elections", _("Elections"), ElectionImporter, apply_elections),
            ("councils", _("Councils"), CouncilImporter, apply_councils),
        ):
            register(ImportKind(key=key, label=label, importer=importer, apply=apply))
        from .completions_import import CourseCompletionImporter
        from .forms import SkipInvalidOptionsForm
        from .services.completions import apply_course_completions

        register(
            ImportKind(
                key="course_completions",
                label=_("Online-course completions"),
                importer=CourseCompletionImporter,
                apply=apply_course_completions,
                options_form=SkipInvalidOptionsForm,
                help_text=_(
                    "Completions exported by an e-learning platform. Deputies are found by deputy_id, or by "
                    "council code, name and birth year; rows that match nobody or several deputies are listed "
                    "for review and never guessed."
                ),
            )
        )


def _register_sqlite_collation(sender, connection, **kwargs):
    """SQLite has no ICU: give it the Kyrgyz alphabet order under the name PostgreSQL uses (ky_kg)."""
    if connection.vendor == "sqlite":
        from .collation import COLLATION, compare

        connection.connection.create_collation(COLLATION, compare)
