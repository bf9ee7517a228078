from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.harness import Deployment


@pytest.fixture
def deployment3(tmp_path: Path) -> Iterator[Deployment]:
    d = Deployment(tmp_path, 3)
    yield d
    d.close()
