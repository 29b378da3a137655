"""Writing a validated import preview: all or nothing, in one transaction."""

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..import_kinds import get_kind
from ..importers import NEW, UPDATED, Preview
from ..models import Council, Deputy, Election

BATCH = 500


class ImportRefused(Exception):
    """The file has errors (and skipping invalid rows was not asked for): nothing was written."""

    def __init__(self, preview: Preview):
        super().__init__("; ".join(preview.error_messages()[:5]))
        self.preview = preview


def run_import(
    kind_key, name, content, *, user=None, options=None, dry_run=False, progress=None, confirmed=None
) -> Preview:
    """Validate a file and, when every row is valid, write it in one transaction.

    Raises ImportRefused (with the preview) when any row is wrong, unless `options["skip_invalid"]`, or when
    `confirmed` (a stored preview) is given and the file no longer previews the same; with dry_run the
    preview is returned and nothing is written.
    """
    kind = get_kind(kind_key)
    options = options or {}
    with transaction.atomic():
        preview = kind.importer(options).preview(name, content)
        if preview.file_error or (not preview.is_valid and not options.get("skip_invalid")):
            raise ImportRefused(preview)
        if confirmed is not None and preview.as_json() != confirmed:
            raise ImportRefused(preview)
        if not dry_run:
            kind.apply(preview, user=user, options=options, progress=progress)
    return preview


def _report(progress, done, total):
    if progress:
        progress(done, total)


def _batches(items):
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _apply(preview, model, *, progress, prepare=None, prepared_fields=(), history=False, user=None):
    new = [outcome for outcome in preview.rows if outcome.status == NEW]
    updated = [outcome for outcome in preview.rows if outcome.status == UPDATED]
    total, done = len(new) + len(updated), 0
    _report(progress, done, total)
    for batch in _batches(new):
        objects = [model(**outcome.values) for outcome in batch]
        for obj in objects:
            if prepare:
                prepare(obj)
        if history:
            bulk_create_with_history(objects, model, batch_size=BATCH, default_user=user)
        else:
            model.objects.bulk_create(objects, batch_size=BATCH)
        done += len(batch)
        _report(progress, done, total)
    for batch in _batches(updated):
        instances = model.objects.in_bulk([outcome.instance_id for outcome in batch])
        fields = set(prepared_fields)
        for outcome in batch:
            instance = instances[outcome.instance_id]
            for name in outcome.changes:
                setattr(instance, name, outcome.values[name])
            fields.update(outcome.changes)
            if prepare:
                prepare(instance)
        objects = list(instances.values())
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            # bulk_update skips auto_now: the API's incremental sync (updated_since) relies on it.
            now = timezone.now()
            for instance in objects:
                instance.updated_at = now
            fields.add("updated_at")
        if history:
            fields |= {"normalized_name", "search_key", "updated_at"}
            bulk_update_with_history(objects, model, sorted(fields), batch_size=BATCH, default_user=user)
        else:
            model.objects.bulk_update(objects, sorted(fields), batch_size=BATCH)
        done += len(batch)
        _report(progress, done, total)


def _prepare_deputy(deputy):
    deputy.refresh_name_keys()
    deputy.refresh_do_not_contact_since()
    deputy.updated_at = timezone.now()


def apply_deputies(preview, *, user=None, options=None, progress=None):
    """Create and update deputies of a valid preview (bulk writes keep the change history)."""
    _apply(preview, Deputy, progress=progress, prepare=_prepare_deputy, prepared_fields=("do_not_contact_since",),
           history=True, user=user)  # fmt: skip


def apply_elections(preview, *, user=None, options=None, progress=None):
    """Create and update elections of a valid preview."""
    _apply(preview, Election, progress=progress)


def apply_councils(preview, *, user=None, options=None, progress=None):
    """Create and update councils of a valid preview."""
    _apply(preview, Council, progress=progress, prepare=Council.refresh_search_key, prepared_fields=["search_key"])
