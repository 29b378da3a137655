"""The registry of import kinds behind the shared upload → preview → confirm → import flow.

Each kind names its importer (parsing and validation, `councils.importers.Importer`), the service that
writes a valid preview, who may use it, and an optional form of extra options (e.g. a campaign code).
The web pages (`councils.views.imports`), the Celery task and the management commands work for any
registered kind. Other apps register theirs from `AppConfig.ready()`, e.g.
`register(ImportKind(key="results", label=_("Training results"), importer=ResultsImporter,
apply=apply_results, options_form=ResultsOptionsForm))`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404


def _organisers(user) -> bool:
    return user.is_organiser


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str
    importer: type  # an Importer subclass; called with the job's options
    apply: Callable  # apply(preview, *, user, options, progress) -> None, inside the caller's transaction
    options_form: type | None = None  # a Form of extra options, stored in ImportJob.options
    allowed: Callable = _organisers
    help_text: str = ""

    @property
    def columns(self) -> list[str]:
        """The file's columns, as the upload pages list them: the importer's required ones first."""
        return [*self.importer.required, *self.importer.optional]


_registry: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    _registry[kind.key] = kind
    return kind


def get_kind(key: str) -> ImportKind:
    if key not in _registry:
        raise KeyError(key)
    return _registry[key]


def get_kind_or_404(key: str) -> ImportKind:
    try:
        return get_kind(key)
    except KeyError as exc:
        raise Http404 from exc


def kinds_for(user) -> list[ImportKind]:
    return [kind for kind in _registry.values() if kind.allowed(user)]
