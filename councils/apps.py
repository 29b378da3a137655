from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Councils and deputies")

    def ready(self):
        from .import_kinds import ImportKind, register
        from .importers import CouncilImporter, DeputyImporter, ElectionImporter
        from .services import apply_councils, apply_deputies, apply_elections

        register(
            ImportKind(
                key="deputies",
                label=_("Deputies"),
                importer=DeputyImporter,
                apply=apply_deputies,
                columns=DeputyImporter.required + DeputyImporter.optional,
            )
        )
        register(
            ImportKind(
                key="elections",
                label=_("Elections"),
                importer=ElectionImporter,
                apply=apply_elections,
                columns=ElectionImporter.required + ElectionImporter.optional,
            )
        )
        register(
            ImportKind(
                key="councils",
                label=_("Councils"),
                importer=CouncilImporter,
                apply=apply_councils,
                columns=CouncilImporter.required + CouncilImporter.optional,
            )
        )
