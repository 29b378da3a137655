"""`{% list_table %}`: the list tables' one markup, a scrolling wrapper around rows or the empty sentence."""

from django.template import Context, Template

TEMPLATE = Template(
    '{% load i18n lists %}{% list_table rows classes="table-sm" empty=_("No deputies.") %}'
    "<tbody>{% for row in rows %}<tr><td>{{ row }}</td></tr>{% endfor %}</tbody>{% endlist_table %}"
)


def test_rows_come_in_a_scrolling_table_with_their_cells_escaped():
    html = TEMPLATE.render(Context({"rows": ["<b>Асанова</b>"]}))
    assert html == (
        '<div class="table-responsive">\n<table class="table table-sm">'
        "<tbody><tr><td>&lt;b&gt;Асанова&lt;/b&gt;</td></tr></tbody></table>\n</div>"
    )


def test_no_rows_give_the_empty_sentence_only():
    assert TEMPLATE.render(Context({"rows": []})) == '<p class="text-body-secondary">No deputies.</p>'


def test_a_table_without_rows_argument_always_shows():
    html = Template("{% load lists %}{% list_table %}<tfoot></tfoot>{% endlist_table %}").render(Context())
    assert html.startswith('<div class="table-responsive">\n<table class="table table-sm align-middle"><tfoot>')
