"""Hooks through which one area reacts to another's work without either importing the other.

People announces a transfer; ICVC (and any later area) registers what it must do then, inside
the same transaction. An area registers its hooks in its services package's ``__init__``, which
:func:`_load` imports through the area registry the first time a hook is announced.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sqlalchemy.orm import Session

from rjdesk import areas
from rjdesk.services.core.context import Actor


class TransferHook(Protocol):
    def __call__(self, tx: Session, actor: Actor, offender_id: str, new_site_id: str, *,
                 today: date) -> None: ...


_transfer_hooks: list[TransferHook] = []
_loaded = False


def on_transfer(hook: TransferHook) -> TransferHook:
    """Register ``hook`` to run inside every transfer's transaction (usable as a decorator)."""
    if hook not in _transfer_hooks:
        _transfer_hooks.append(hook)
    return hook


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        areas.packages("services")


def transferred(tx: Session, actor: Actor, offender_id: str, new_site_id: str, *,
                today: date) -> None:
    """Announce that an offender moved to another site, within the transfer's transaction."""
    _load()
    for hook in list(_transfer_hooks):
        hook(tx, actor, offender_id, new_site_id, today=today)

