"""The registry of import kinds behind the shared upload → preview → confirm → import flow.

Each kind names its importer (parsing and validation, `councils.importers.Importer`), the service that
writes a valid preview, who may use it, and an optional form of extra options (e.g. a campaign code).
The web pages (`councils.views.imports`), the Celery task and the management commands work for any
registered kind. Other apps register theirs from `AppConfig.ready()`, e.g.
`assessments.results_import.kind` registers the whole-campaign results and `assessments.score_sheets` a
session's score sheet.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404


def _organisers(user, options=None) -> bool:
    return user.is_organiser


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str
    importer: type  # an Importer subclass; called with the job's options
    apply: Callable  # apply(preview, *, user, options, progress) -> None, inside the caller's transaction
    options_form: type | None = None  # a Form of extra options, stored in ImportJob.options
    allowed: Callable = _organisers  # allowed(user, options=None); with a job's options for its pages
    help_text: str = ""
    row_weight: int = 1  # register rows one file row costs, for the IMPORT_ASYNC_ROWS threshold
    # The preview runs the writer and rolls it back, for exact counts (small files only).
    rehearse: bool = False
    # The import is refused when a fresh preview differs from the one confirmed (data changed meanwhile).
    must_match_preview: bool = False
    summary_lines: Callable | None = None  # summary_lines(job.summary) -> lines for the job page
    listed: bool = True  # on the imports page; unlisted kinds have upload pages of their own

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
    return [kind for kind in _registry.values() if kind.listed and kind.allowed(user)]
