"""The settings registry: each setting declared once, read and written through it wherever
its value is kept."""

from __future__ import annotations

import pytest

from rjdesk.services.core import settings
from rjdesk.store.database import Database
from rjdesk.sync import state


def test_every_setting_is_declared_once_with_a_title() -> None:
    keys = [s.key for s in settings.ALL]
    assert len(keys) == len(set(keys))
    assert all(s.title and isinstance(s.default, s.type) for s in settings.ALL)


def test_the_share_folder_is_a_setting_kept_with_the_sync_bookkeeping(db: Database) -> None:
    assert settings.get(db, settings.SHARE_PATH) == ""
    with db.transaction() as tx:
        settings.write(tx, settings.SHARE_PATH, r"\\doc-fs01\rjdesk")
    assert settings.get(db, settings.SHARE_PATH) == r"\\doc-fs01\rjdesk"
    with db.reading() as tx:
        assert state.get(tx.connection(), state.SHARE_PATH) == r"\\doc-fs01\rjdesk"


@pytest.mark.parametrize("raw, expected", [(None, 15), ("30", 30), ("0", 15), ("999", 15),
                                           ("soon", 15)])
def test_a_stored_value_out_of_range_reads_as_the_default(raw: str | None,
                                                          expected: int) -> None:
    assert settings.IDLE_LOCK_MINUTES.parse(raw) == expected
