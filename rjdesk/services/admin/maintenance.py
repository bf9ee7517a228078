"""Looking after a workstation database: is it sound, where is it in the schema and in sync,
and putting right what the program can rebuild by itself.

``rjdesk-cli check`` is the IT staff's one look at a workstation; it must never need a raw
connection of its own, so everything it reports is gathered here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.exc import DBAPIError

from rjdesk.domain.core.models import Site
from rjdesk.services.core import settings
from rjdesk.store import capture
from rjdesk.store.database import Database
from rjdesk.store.digest import integrity_problems, rebuild_search_index, state_digest
from rjdesk.store.migrate import stored_revision
from rjdesk.sync import keyring
from rjdesk.sync import state as sync_state
from rjdesk.sync.publish import pending_count

REPAIRED = "people search index rebuilt; change capture made anew"


@dataclass(frozen=True)
class Health:
    """What a check of the database found; ``problems`` is empty when it is sound."""

    problems: list[str]
    site_code: str | None       # None: the workstation was never set up
    schema: str | None
    workstation: str
    pending: int                # own changes not yet published
    digest: str                 # the same on every workstation that holds the same records
    fingerprint: str | None = None  # of its sync keys, once it asked to join (read to IT)
    repaired: list[str] = field(default_factory=list)
    keys: str = ""              # where this workstation's private keys are
    refusal: str | None = None  # why nothing may be written (read-only, damaged), or None

    @property
    def ok(self) -> bool:
        return not self.problems


def problems(db: Database) -> list[str]:
    """Integrity, foreign keys, the people search index and the change-capture triggers."""
    try:
        with db.engine.connect() as connection:
            return integrity_problems(connection)
    except DBAPIError as exc:  # so damaged that the check itself cannot read it
        return [f"the database cannot be read: {exc.orig}"]


def repair(db: Database) -> list[str]:
    """Rebuild what is derived from the records (search index, capture triggers), in one
    transaction. No audit event: no record changes, and an audit row would itself be a change
    to publish and would alter the state digest the workstations compare."""
    db.require_writable()
    with db.engine.begin() as connection:
        rebuild_search_index(connection)
        capture.install(connection)
    return [REPAIRED]


def check(db: Database, *, repair_found: bool = False) -> Health:
    """The whole look: problems (repaired first when asked and there are any), then where this
    database stands."""
    found = problems(db)
    repaired: list[str] = []
    if found and repair_found:
        repaired = repair(db)
        found = problems(db)
    schema = stored_revision(db.path)
    try:
        with db.reading() as tx:
            site = tx.get(Site, settings.read(tx, settings.SITE_ID) or "")
            c = tx.connection()
            me = sync_state.workstation_id(c)
            return Health(problems=found, site_code=site.code if site else None,
                          schema=schema, workstation=me, pending=pending_count(c, me),
                          digest=state_digest(c), repaired=repaired,
                          fingerprint=keyring.own_fingerprint(c),
                          keys=sync_state.keys_where(c), refusal=db.refusal)
    except DBAPIError as exc:
        return Health(problems=[*found, f"the records cannot be read: {exc.orig}"],
                      site_code=None, schema=schema, workstation="(unreadable)", pending=0,
                      digest="(unreadable)", repaired=repaired, refusal=db.refusal)
