"""A deployment of several workstations in one process, exchanging through one share folder.

Each workstation has its own database and its own wall clock (``Workstation.clock_offset``), so
tests can skew clocks; ``sync`` runs a real round, snapshot join included.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rjdesk.services.admin import auth
from rjdesk.services.core.context import Actor
from rjdesk.store.database import Database
from rjdesk.store.digest import state_digest
from rjdesk.store.migrate import open_database
from rjdesk.sync import deployment, state
from rjdesk.sync.deployment import AdminKey
from rjdesk.sync.round import SyncReport, run_round
from rjdesk.sync.share import Share

PASSWORD = "correct horse"
SITES = ("JCCC", "PP-EP", "CO", "ERDCC", "PP-27")


@dataclass
class Workstation:
    name: str
    site: str
    path: Path
    clock_offset: float = 0.0
    db: Database | None = None
    actor: Actor | None = None
    reports: list[SyncReport] = field(default_factory=list)

    def clock(self) -> float:
        return time.time() + self.clock_offset

    def open(self) -> Database:
        self.db = open_database(self.path, clock=self.clock)
        return self.db

    def reopen(self, path: Path) -> Database:
        self.db = open_database(path, clock=self.clock)
        return self.db

    def sign_in(self, username: str = "admin") -> Actor:
        self.actor = auth.sign_in(self.db, username, PASSWORD)
        return self.actor

    def digest(self) -> str:
        with self.db.reading() as session:
            return state_digest(session.connection())

    def conflict_ids(self) -> set[str]:
        with self.db.reading() as session:
            return {r[0] for r in session.connection().exec_driver_sql(
                "SELECT id FROM sync_conflict")}

    def me(self) -> str:
        with self.db.reading() as session:
            return state.workstation_id(session.connection())

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


class Deployment:
    """Workstation 0 founds the deployment (and holds the staff accounts); the others join
    from its snapshot."""

    def __init__(self, root: Path, count: int = 3, *, offsets: list[float] | None = None,
                 share: Share | None = None) -> None:
        self.root = root
        self.share_dir = root / "share"
        self.share_dir.mkdir(parents=True, exist_ok=True)
        self.share = share or Share(self.share_dir, retries=1, backoff=0, sleep=lambda s: None)
        self.admin: AdminKey = deployment.create(self.share, name="Test deployment")
        offsets = offsets or [0.0] * count
        self.stations = [Workstation(f"WS{i}", SITES[i % len(SITES)], root / f"ws{i}.sqlite3",
                                     offsets[i]) for i in range(count)]
        founder = self.stations[0]
        db = founder.open()
        auth.setup_workstation(db, site_code=founder.site, workstation_name=founder.name,
                               admin_username="admin", admin_name="Ada Admin",
                               admin_password=PASSWORD)
        with db.transaction() as session:
            c = session.connection()
            deployment.found(c, self.share, self.admin, name=founder.name,
                             site_code=founder.site)
            state.put(c, state.JOINED, "founder")
        self.sync(0)
        for ws in self.stations[1:]:
            db = ws.open()
            with db.transaction() as session:
                deployment.request_to_join(session.connection(), self.share, name=ws.name,
                                           site_code=ws.site)
        deployment.approve(self.share, self.admin, [ws.me() for ws in self.stations[1:]])
        for i in range(1, count):
            self.sync(i)
        self.joined_digests = self.digests()
        for ws in self.stations:
            ws.sign_in()  # an audited event, like any other change
        self.sync_all()

    def add_approved(self, name: str, site: str, path: Path | None = None) -> Workstation:
        """A workstation that asks to join now and is approved; its first sync joins."""
        late = Workstation(name, site, path or self.root / f"{name.lower()}.sqlite3")
        db = late.open()
        with db.transaction() as session:
            deployment.request_to_join(session.connection(), self.share, name=name,
                                       site_code=site)
        deployment.approve(self.share, self.admin, [late.me()])
        self.stations.append(late)
        return late

    def __getitem__(self, i: int) -> Workstation:
        return self.stations[i]

    def sync(self, i: int) -> SyncReport:
        ws = self.stations[i]
        report, ws.db = run_round(ws.db, self.share_dir, clock=ws.clock, reopen=ws.reopen,
                                  share=self.share)
        ws.reports.append(report)
        return report

    def sync_all(self, rounds: int = 2) -> list[SyncReport]:
        """Everyone twice: the second pass brings each what the others published in the first."""
        return [self.sync(i) for _ in range(rounds) for i in range(len(self.stations))]

    def digests(self) -> set[str]:
        return {ws.digest() for ws in self.stations}

    def close(self) -> None:
        for ws in self.stations:
            ws.close()
