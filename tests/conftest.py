"""Shared fixtures: a fresh database per test, set up at a site with one account per role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from rjdesk.domain.core.enums import Role  # noqa: E402
from rjdesk.services.admin import auth  # noqa: E402
from rjdesk.services.core.context import Actor  # noqa: E402
from rjdesk.services.people.records import OffenderInput, create_offender  # noqa: E402
from rjdesk.store.database import Database  # noqa: E402
from rjdesk.store.migrate import open_database  # noqa: E402
from tests.pdf_reading import _require_pdf_tools, reader  # noqa: E402, F401 - shared fixtures

PASSWORD = "correct horse"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test touches the real user data dir, logs or Qt settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("RJDESK_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("RJDESK_KEY_STORE", "file")  # never the computer's own key store
    return home


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "rjdesk.sqlite3")
    yield database
    database.close()


@pytest.fixture
def admin(db: Database) -> Actor:
    return auth.setup_workstation(db, site_code="JCCC", workstation_name="JCCC-TEST-1",
                                  admin_username="admin", admin_name="Ada Admin",
                                  admin_password=PASSWORD)


@pytest.fixture
def make_user(db: Database, admin: Actor):
    """Create a staff account of a role at a site and sign it in."""

    def make(role: Role, site_code: str = "JCCC", username: str | None = None) -> Actor:
        name = username or f"{role.value.replace('_', '')}{site_code.lower().replace('-', '')}"
        auth.create_user(db, admin, username=name, display_name=f"Test {role.label}", role=role,
                         site_code=site_code, password=PASSWORD)
        return auth.sign_in(db, name, PASSWORD)

    return make


@pytest.fixture
def staff(make_user) -> Actor:
    return make_user(Role.INSTITUTION_STAFF)


def offender_input(doc: str = "1234567", last: str = "Nguyễn", first: str = "Văn An",
                   site: str = "JCCC", **kw) -> OffenderInput:
    kw.setdefault("date_of_birth", date(1988, 4, 12))
    return OffenderInput(doc_number=doc, last_name=last, first_name=first, site_code=site, **kw)


@pytest.fixture
def add_offender(db: Database, admin: Actor):
    def add(doc: str = "1234567", last: str = "Nguyễn", first: str = "Văn An",
            site: str = "JCCC", **kw):
        return create_offender(db, admin, offender_input(doc, last, first, site, **kw))

    return add
