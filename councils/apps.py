from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Councils and deputies")

    def ready(self):
        from .import_kinds import ImportKind, register
        from .importers import CouncilImporter, DeputyImporter, ElectionImporter
        from .services import apply_councils, apply_deputies, apply_elections

        for key, label, importer, apply in (
            ("deputies", _("Deputies"), DeputyImporter, apply_deputies),
            ("elections", _("Elections"), ElectionImporter, apply_elections),
            ("councils", _("Councils"), CouncilImporter, apply_councils),
        ):
            register(ImportKind(key=key, label=label, importer=importer, apply=apply))
