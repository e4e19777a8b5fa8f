"""Shared fixtures: a fresh database per test.

Unit tests get an in-memory SQLite database (``create_all``). Tests under ``tests/integration/``
that use ``db_url``/``engine``/``session`` run twice, ids ``sqlite`` and ``postgres``:

* ``sqlite``: a real file database in ``tmp_path`` (WAL), with the schema made by the Alembic
  migrations (migrated once per session, then the file is copied for each test);
* ``postgres``: a fresh database on a throwaway PostgreSQL server started once per session on a
  free loopback port, created from a template database migrated by Alembic.

Without PostgreSQL binaries the ``postgres`` variants are skipped locally, but fail when ``CI``
is set; a server that will not start always fails.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from pathlib import Path

import pytest
from sqlmodel import SQLModel

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `tests.support` and `engagement` importable, also by spawned
    sys.path.insert(0, str(ROOT))  # worker processes (they inherit sys.path)

import engagement.models  # noqa: E402,F401  (registers the tables)
from engagement.actors import SYSTEM_CLI  # noqa: E402
from engagement.db import make_engine, new_session  # noqa: E402
from engagement.migrate import upgrade  # noqa: E402
from engagement.models import User  # noqa: E402
from engagement.services import dialogues, staff  # noqa: E402
from harness.pg_server import (  # noqa: E402
    PostgresServer,
    PostgresUnavailable,
    find_bindir,
)
from tests.support.backends import backend_params, in_ci  # noqa: E402
from tests.support.streamlit_deprecations import no_streamlit_deprecations  # noqa: E402

INTEGRATION = ROOT / "tests" / "integration"
_db_numbers = itertools.count(1)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Integration tests that use a database run on SQLite and on PostgreSQL."""
    if "db_backend" not in metafunc.fixturenames:
        return
    if Path(str(metafunc.definition.path)).is_relative_to(INTEGRATION):
        metafunc.parametrize("db_backend", backend_params(), indirect=True)


@pytest.fixture(autouse=True)
def _main_module_restored():
    """Streamlit's script runner (AppTest) leaves the app script installed as ``__main__``;
    processes spawned afterwards would run the whole app on start-up (bare mode, where it
    never finishes), so each test hands the next one the ``__main__`` it found."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(autouse=True)
def _no_streamlit_deprecations(request):
    """Any test (AppTests above all) fails if Streamlit reports a deprecated call during it."""
    if request.node.get_closest_marker("streamlit_deprecation_expected"):
        yield
        return
    with no_streamlit_deprecations():
        yield


@pytest.fixture(scope="session", autouse=True)
def _secrets_dir(tmp_path_factory):
    """The audit key, audit checkpoints and withdrawal registers of the test run live in a
    folder of their own (inherited by spawned worker processes through the environment)."""
    folder = tmp_path_factory.mktemp("secrets")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ENGAGEMENT_SECRETS_DIR", str(folder))
        patch.delenv("ENGAGEMENT_AUDIT_KEY", raising=False)
        yield folder


@pytest.fixture
def db_backend(request) -> str:
    """'memory' (unit tests), or 'sqlite'/'postgres' (integration tests, parametrized)."""
    return getattr(request, "param", "memory")


# --- PostgreSQL --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server():
    """A running throwaway PostgreSQL server (``.url(dbname)``, ``.create_database(...)``)."""
    try:
        find_bindir()
    except PostgresUnavailable as exc:
        if in_ci():
            pytest.fail(f"CI is set but PostgreSQL is missing: {exc}", pytrace=False)
        pytest.skip(str(exc))
    server = PostgresServer()
    try:
        server.start()
    except Exception as exc:
        server.stop()
        pytest.fail(f"Could not start the test PostgreSQL server: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """Name of a database migrated to head by Alembic, to copy with CREATE DATABASE."""
    name = "engagement_template"
    upgrade(pg_server.create_database(name))  # disposes its engine: nobody stays connected
    return name


def _new_pg_database(pg_server, template: str) -> tuple[str, str]:
    name = f"test_{os.getpid()}_{next(_db_numbers)}"
    return name, pg_server.create_database(name, template=template)


# --- SQLite ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated to head by Alembic (copied for each test)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade(f"sqlite:///{path}")  # the engine is disposed, so the WAL is checkpointed
    return path


# --- What the tests use ------------------------------------------------------------------


@pytest.fixture
def db_url(request, db_backend, tmp_path) -> str:
    """URL of this test's own database, at the newest migration (integration tests).

    Make further engines from it with ``engagement.db.make_engine(db_url)``, e.g. in worker
    processes. For unit tests ('memory') it is ``sqlite://``, which is a *different* empty
    database per engine: use the ``engine`` fixture there.
    """
    if db_backend == "memory":
        yield "sqlite://"
    elif db_backend == "sqlite":
        path = tmp_path / "engagement.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
    else:
        server = request.getfixturevalue("pg_server")
        name, url = _new_pg_database(server, request.getfixturevalue("pg_template"))
        yield url
        server.drop_database(name)


@pytest.fixture
def empty_db_url(request, tmp_path) -> str:
    """URL of an empty database (no tables); parametrize with ``backend_params()`` or
    ``indirect`` ids 'sqlite'/'postgres' — see tests/integration/test_migrations.py."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server = request.getfixturevalue("pg_server")
    name, url = _new_pg_database(server, "template0")
    yield url
    server.drop_database(name)


@pytest.fixture
def engine(db_backend, db_url):
    if db_backend == "memory":
        engine = make_engine("sqlite://")
        SQLModel.metadata.create_all(engine)
    else:
        engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine):
    with new_session(engine) as session:
        yield session


@pytest.fixture
def facilitator(session) -> User:
    return staff.create_user(
        session=session, username="fran", password="correct horse battery", role="facilitator",
        by=SYSTEM_CLI
    )


@pytest.fixture
def open_dialogue(session, facilitator):
    dialogue = dialogues.create_dialogue(
        session=session, slug="test-dialogue", template="blank", join_code="TEST01", by=facilitator
    )
    for text in ("Statement one", "Statement two", "Statement three"):
        dialogues.add_seed_statement(
            session=session, dialogue_id=dialogue.id, text=text, by=facilitator
        )
    dialogues.add_session(session=session, dialogue_id=dialogue.id, name="Online", by=facilitator)
    return dialogues.set_status(
        session=session, dialogue_id=dialogue.id, status="open", by=facilitator
    )
