"""Files a service writes for a person: in place only when whole, and audited with it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from rjdesk.store.database import Database


@contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``, renamed onto it when the block succeeds and removed
    when it fails. Errors name ``out``, not the temporary file a person never asked for."""
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        yield tmp
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(out)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_pdf(db: Database, out: Path | BinaryIO, render: Callable[[Path | BinaryIO], int],
               record: Callable[[Session, int], None]) -> int:
    """Render to ``out`` (a path through a temporary file) and audit it in
    the same transaction, committed only once the file is in place."""
    with db.transaction() as tx:
        if isinstance(out, (str, Path)):
            with replacing(Path(out)) as tmp:
                pages = render(tmp)
                record(tx, pages)
                tx.flush()
        else:
            pages = render(out)
            record(tx, pages)
    return pages
