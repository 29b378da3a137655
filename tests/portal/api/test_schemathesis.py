"""Property tests generated from the OpenAPI schema (schemathesis), against a live server with a token.

Every operation gets up to MAX_EXAMPLES generated requests (valid and hostile parameters and bodies); no
answer may be a server error, and every answer must match the schema (status body, content type). Bounded
so that the whole run stays short: `slow`, but part of `make test`.
"""

import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from portal.api.tokens import create_token
from roles import Role
from tests.conftest import make_user
from tests.factories import (
    AttendanceFactory,
    ElectionFactory,
    EnrolmentFactory,
    InstrumentFactory,
    TestResultFactory,
    TrainingSessionFactory,
)

MAX_EXAMPLES = 6
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_schema(live_server, transactional_db, django_user_model):
    organiser = make_user(django_user_model, "schemathesis", Role.ORGANISER)
    session = TrainingSessionFactory(start_date=datetime.date(2021, 6, 1), trainers=[organiser])
    InstrumentFactory(campaign=session.campaign, max_score=20)
    enrolment = EnrolmentFactory(session=session, deputy__council=ElectionFactory().council)
    AttendanceFactory(enrolment=enrolment, day=1)
    TestResultFactory(enrolment=enrolment, phase="pre", score=10, max_score=20)
    _token, plain = create_token(user=organiser, name="schemathesis", scope="read_write", days=1)
    headers = {"Authorization": f"Bearer {plain}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json", headers=headers)
    schema.config.update(base_url=live_server.url, headers=headers)
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


# Once, on PostgreSQL: the schema (and its integer bounds) is PostgreSQL's, and the SQLite pass runs the
# API's own tests.
@pytest.mark.slow
@pytest.mark.postgres_only
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_answers_as_its_schema_says(case):
    case.call_and_validate(checks=CHECKS)
