"""Cursor pagination: stable pages however long the list and whatever changes meanwhile (docs/api.md)."""

from rest_framework.pagination import CursorPagination


class SyncCursorPagination(CursorPagination):
    """Pages in id order: a client syncing with `updated_since` follows `next` until it is null."""

    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
