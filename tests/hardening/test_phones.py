"""Deputies' phone numbers reach organisers and admins only: no page or export shows them to anyone else.

Every page of the authorization matrix that a persona may open (GET 200) is fetched, the deputy list
also as CSV and XLSX, and its text — HTML, spreadsheet cells or PDF text — is searched for the phones.
"""

import io
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.test_authorization_matrix import ACTING, MATRIX, PERSONAS, QUERY, URL_KWARGS
from tests.world import MERGED_PHONE, OTHER_PHONE, OWN_PHONE, client_as, objects_for, shared_world

pytestmark = pytest.mark.django_db

PHONES = (OWN_PHONE, OTHER_PHONE, MERGED_PHONE)
EXPORTS = {"councils:deputy_list": ["?export=csv", "?export=xlsx"]}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):  # the test database must exist first
    with shared_world(django_db_blocker) as world:
        yield world


def text_of(response) -> str:
    """What a person could read in a response, whatever its format."""
    content_type = response["Content-Type"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " ".join(str(value) for value in row if value is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8-sig")


def phones_in(text: str) -> set[str]:
    """The phones written in `text` in any spacing ("+996 700 111 001", "996700111001", ...)."""
    digits = re.sub(r"[\s()\-+]", "", text)
    return {phone for phone in PHONES if phone.lstrip("+")[3:] in digits}


def pages_for(persona, world):
    objects = objects_for(world, own=persona != "trainer_other")
    index = PERSONAS.index(persona)
    for name, (get_tokens, _post) in sorted(MATRIX.items()):
        if get_tokens.split()[index] == "200":
            url = reverse(name, kwargs=URL_KWARGS(name, objects))
            if QUERY(name, objects):
                url += "?" + urlencode(QUERY(name, objects))
            yield url
            for suffix in EXPORTS.get(name, []):
                yield url + suffix


def phones_seen_by(persona, world) -> dict[str, set[str]]:
    client = client_as(world, ACTING[persona])
    seen = {}
    for url in pages_for(persona, world):
        response = client.get(url)
        assert response.status_code == 200, url
        found = phones_in(text_of(response))
        if found:
            seen[url] = found
    return seen


@pytest.mark.parametrize("persona", ["trainer", "trainer_other", "staff"])
def test_no_page_or_export_shows_phones(persona, world):
    assert phones_seen_by(persona, world) == {}


def test_organisers_see_the_phones_on_the_roster_register_and_exports(world):
    seen = phones_seen_by("organiser", world)
    session_pk, deputy_pk = world.own_session.pk, world.own_deputy.pk
    expected_pages = {
        reverse("councils:deputy_list") + "?export=csv",
        reverse("councils:deputy_list") + "?export=xlsx",
        reverse("assessments:deputy_detail", args=[deputy_pk]),
        reverse("trainings:session_detail", args=[session_pk]),
        reverse("trainings:roster_xlsx", args=[session_pk]),
    }
    assert {url for url in expected_pages if OWN_PHONE in seen.get(url, set())} == expected_pages
