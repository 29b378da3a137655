"""A request that meets a lost database connection answers 503 "not saved — try again", never a bare 500.
(The whole path, with PostgreSQL really restarting under gunicorn: tests/faults/test_postgres_restart.py.)"""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import RequestFactory

from portal.errors import server_error


def answer_to(exception, method="post", **headers):
    request = getattr(RequestFactory(), method)("/sessions/1/scores/2/pre/", headers=headers)
    try:
        raise exception
    except Exception:  # Django calls handler500 while it handles the exception
        return server_error(request)


@pytest.mark.parametrize("exception", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_an_htmx_save_gets_a_503_with_a_message_its_script_shows(exception):
    response = answer_to(exception, HX_Request="true")
    assert (response.status_code, response["Retry-After"]) == (503, "2")
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "Not saved, try again"


def test_a_page_gets_a_503_page_drawn_without_the_database():
    # No database for this test: a query while drawing the page would fail it.
    response = answer_to(OperationalError("could not connect to server"), method="get")
    page = response.content.decode()
    assert response.status_code == 503
    assert "The database cannot be reached just now. Try again in a moment." in page
    assert "<title>Try again in a moment · Deputy Training Portal</title>" in page


def test_other_errors_stay_server_errors():
    assert answer_to(ValueError("a bug")).status_code == 500
