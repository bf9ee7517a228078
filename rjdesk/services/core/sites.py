"""The register of department sites: institutions, supervision centers, P&P offices."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from rjdesk.domain.core.enums import SiteKind
from rjdesk.domain.core.models import Site
from rjdesk.domain.people.rules import site_key
from rjdesk.services.core.errors import NotFound
from rjdesk.services.core.register import read_register
from rjdesk.store.database import Database

__all__ = ["SiteView", "ensure_register", "get_site", "list_sites", "read_register",
           "site_by_code"]


@dataclass(frozen=True)
class SiteView:
    id: str
    code: str
    name: str
    kind: SiteKind
    city: str
    district: str

    @property
    def label(self) -> str:
        return f"{self.code} — {self.name}"


def _view(site: Site) -> SiteView:
    return SiteView(site.id, site.code, site.name, site.kind, site.city, site.district)


def ensure_register(tx: Session) -> int:
    """Add the sites of the shipped register that the database lacks; returns how many."""
    have = set(tx.scalars(select(Site.code)))
    added = 0
    for row in read_register():
        if row["code"] in have:
            continue
        tx.add(Site(id=site_key(row["code"]), code=row["code"], name=row["name"],
                         kind=SiteKind(row["kind"]), city=row["city"],
                         district=row["district"] or "", active=True))
        added += 1
    return added


def list_sites(db: Database) -> list[SiteView]:
    with db.reading() as tx:
        return [_view(s) for s in tx.scalars(select(Site).order_by(Site.code))]


def site_by_code(tx: Session, code: str) -> Site:
    site = tx.scalar(select(Site).where(Site.code == code.strip().upper()))
    if site is None:
        raise NotFound(f"There is no site with the code “{code}”.", "site")
    return site


def get_site(db: Database, code: str) -> SiteView:
    with db.reading() as tx:
        return _view(site_by_code(tx, code))
