"""Who may do what with a token, per role and token scope (the session matrix is tests/test_authorization_matrix.py).

Each cell is the answer to one request sent with a token of that role and scope. Writes post `{"items": []}`:
400 ("send at least one item") means the request got past authentication, scope and role.
"""

import pytest
from django.test import Client

from portal.api.tokens import create_token
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

ROLES = ("staff", "trainer", "organiser", "admin")
# fmt: off
MATRIX = {
    # request                                   read token: staff trainer organiser admin | read-write token: same
    ("GET", "/api/v1/regions/"):                 ("200 403 200 200", "200 403 200 200"),
    ("GET", "/api/v1/councils/"):                ("200 403 200 200", "200 403 200 200"),
    ("GET", "/api/v1/campaigns/"):               ("200 403 200 200", "200 403 200 200"),
    ("GET", "/api/v1/statistics/?campaign=TM"):  ("200 403 200 200", "200 403 200 200"),
    ("GET", "/api/v1/dhis2/data-value-sets/?campaign=TM"): ("200 403 200 200", "200 403 200 200"),
    ("GET", "/api/v1/deputies/"):                ("200 200 200 200", "200 200 200 200"),
    ("GET", "/api/v1/sessions/"):                ("200 200 200 200", "200 200 200 200"),
    ("GET", "/api/v1/enrolments/"):              ("200 200 200 200", "200 200 200 200"),
    ("GET", "/api/v1/results/"):                 ("200 200 200 200", "200 200 200 200"),
    ("GET", "/api/schema/"):                     ("200 200 200 200", "200 200 200 200"),
    ("POST", "/api/v1/deputies/bulk/"):          ("403 403 403 403", "403 403 400 400"),
    ("POST", "/api/v1/attendance/bulk/"):        ("403 403 403 403", "403 400 400 400"),
    ("POST", "/api/v1/results/bulk/"):           ("403 403 403 403", "403 400 400 400"),
}
# fmt: on


@pytest.fixture
def users(staff_viewer, trainer, organiser, admin_user):
    CampaignFactory(code="TM")
    return {"staff": staff_viewer, "trainer": trainer, "organiser": organiser, "admin": admin_user}


@pytest.mark.parametrize("request_line", sorted(MATRIX), ids=lambda line: f"{line[0]} {line[1]}")
def test_token_access(request_line, users):
    method, url = request_line
    expected, answered = {}, {}
    for scope, row in zip(("read", "read_write"), MATRIX[request_line], strict=True):
        for role, status in zip(ROLES, row.split(), strict=True):
            _token, plain = create_token(user=users[role], name="matrix", scope=scope, days=1)
            client = Client(headers={"Authorization": f"Bearer {plain}"})
            response = client.post(url, {"items": []}, "application/json") if method == "POST" else client.get(url)
            expected[scope, role], answered[scope, role] = status, str(response.status_code)
    assert answered == expected


@pytest.mark.parametrize("header", ["Bearer nonsense", "Bearer dtp_00000000_secret", "Token", "Bearer a b"])
def test_bad_credentials_get_401(header):
    response = Client(headers={"Authorization": header}).get("/api/v1/regions/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_without_credentials_the_api_answers_401():
    assert Client().get("/api/v1/regions/").status_code == 401
