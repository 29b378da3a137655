"""The OpenAPI schema is a contract: the committed docs/openapi.yaml must be what the code generates.

After changing the API, run `make schema` and commit docs/openapi.yaml with the change.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiYamlRenderer

COMMITTED = Path(settings.BASE_DIR) / "docs" / "openapi.yaml"


def generated_schema() -> str:
    with translation.override("en"):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


# The integer bounds of model fields come from the database's ranges: the committed schema is PostgreSQL's.
@pytest.mark.postgres_only
def test_committed_schema_matches_the_code():
    assert generated_schema() == COMMITTED.read_text(), "docs/openapi.yaml is out of date: run `make schema`"


def test_schema_is_openapi_3_1_and_covers_every_endpoint():
    text = COMMITTED.read_text()
    assert text.startswith("openapi: 3.1.0\n")
    for path in ("/api/v1/regions/", "/api/v1/deputies/bulk/", "/api/v1/results/bulk/", "/api/v1/statistics/",
                 "/api/v1/dhis2/data-value-sets/"):  # fmt: skip
        assert f"  {path}:\n" in text


def test_docs_page_serves_swagger_ui_from_the_portal(staff_client, db):
    page = staff_client.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html.replace(" ", "")  # no inline script: the CSP allows scripts from 'self' only
    script = staff_client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert b"/api/schema/" in script.content


def test_anonymous_visitors_get_no_schema(db):
    assert Client().get("/api/schema/").status_code == 401
