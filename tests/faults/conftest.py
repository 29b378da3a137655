"""Private services for the fault tests: a PostgreSQL cluster and a Redis server that only these tests use."""

import psycopg2
import pytest

from tests.faults.services import Gunicorn, PrivatePostgres, PrivateRedis, manage, portal_env, seed_small_world


@pytest.fixture(scope="session")
def private_postgres():
    """A migrated, seeded portal database in a PostgreSQL cluster of our own: (cluster, url, seeded ids)."""
    cluster = PrivatePostgres().init().start()
    try:
        cluster.create_database("portal")
        env = portal_env(cluster.url("portal"))
        manage(env, "migrate", "--noinput", "-v", "0")
        ids = seed_small_world(env)
        yield cluster, cluster.url("portal"), ids
    finally:
        cluster.destroy()


@pytest.fixture
def private_redis():
    server = PrivateRedis().start()
    yield server
    server.stop()


@pytest.fixture
def portal_server(private_postgres, private_redis):
    """The portal under gunicorn on the private PostgreSQL and Redis."""
    _cluster, url, _ids = private_postgres
    server = Gunicorn(portal_env(url, private_redis.url()), workers=1, threads=1).start()
    yield server
    server.stop()


def query(url, sql, params=()):
    """Read the private database directly, as a check independent of the portal."""
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    connection.close()
    return rows
