"""`{% list_table %}`: the one markup of the portal's list tables, instead of a copy in every template.

    {% load lists %}
    {% list_table merges classes="table-sm align-middle" empty=_("No merges yet.") %}
      <thead>…</thead><tbody>{% for merge in merges %}…{% endfor %}</tbody>
    {% endlist_table %}

gives the rows in a horizontally scrolling wrapper (phones), or the `empty` sentence when there are no rows.
Leave out the rows argument for a table that always shows (e.g. with a totals row).
"""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_block_tag
def list_table(content, rows=True, *, classes="table-sm align-middle", empty=""):
    if not rows:
        return format_html('<p class="text-body-secondary">{}</p>', empty) if empty else ""
    return format_html('<div class="table-responsive">\n<table class="table {}">{}</table>\n</div>', classes, content)
