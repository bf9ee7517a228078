"""A damaged database is read, checked and never written; a read-only one (file or folder) is
read and checked, signed in to without a write, and left without -wal/-shm beside it."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rjdesk.cli.main import main
from rjdesk.services.people.exchange import COLUMNS

DAMAGE = 16 * 1024


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("damaged") / "demo.sqlite3"
    assert main(["demo", "--db", str(path), "--scale", "1", "--seed", "1"]) == 0
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    copy = folder / "demo.sqlite3"
    shutil.copy(demo_file, copy)
    monkeypatch.setenv("RJDESK_PASSWORD", "demo")
    monkeypatch.delenv("RJDESK_USER", raising=False)
    return copy


def run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def files_of(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def damage(path: Path) -> None:
    """16 KB of the middle of the file overwritten, as a failing disk or a bad copy does."""
    with open(path, "r+b") as fh:
        fh.seek(path.stat().st_size // 2 // 4096 * 4096)
        fh.write(b"\xa5" * DAMAGE)


def people_csv(tmp_path: Path) -> Path:
    csv = tmp_path / "in.csv"
    csv.write_text(f"{','.join(COLUMNS)}\n1200001,Nguyễn,Văn Bình,,04/12/1988,JCCC,,,HU 1-A-1\n",
                   encoding="utf-8-sig")
    return csv


def test_a_damaged_database_refuses_every_write_and_stays_as_it_is(
        capsys, demo: Path, tmp_path: Path) -> None:
    damage(demo)
    before = files_of(demo.parent)

    code, _, err = run(capsys, "export", "people", "--db", demo, "--user", "staff",
                       "-o", tmp_path / "out.csv")
    assert code != 0 and len(err.splitlines()) == 1
    assert "damaged" in err and "backups" in err
    assert not (tmp_path / "out.csv").exists()

    code, _, err = run(capsys, "import", "people", "--db", demo, "--user", "staff",
                       people_csv(tmp_path))
    assert code != 0 and len(err.splitlines()) == 1 and "damaged" in err

    code, _, err = run(capsys, "classes", "--db", demo, "--user", "staff")
    assert len(err.splitlines()) <= 1 and "Traceback" not in err  # it reads what it can

    code, out, err = run(capsys, "check", "--db", demo)
    assert code == 1 and "integrity: " in out and "writes: demo.sqlite3 is damaged" in out
    code, _, err = run(capsys, "check", "--db", demo, "--repair")
    assert code != 0 and "damaged" in err and len(err.splitlines()) == 1

    assert files_of(demo.parent) == before  # not a byte written, nothing left beside it


def test_a_sound_database_is_not_checked_again_until_it_changes(demo: Path) -> None:
    from rjdesk.store import soundness

    assert main(["check", "--db", str(demo)]) == 0
    assert soundness._unchanged_since_checked(demo)
    damage(demo)  # at once: the file's time moves even within one tick of the clock
    assert not soundness._unchanged_since_checked(demo)
    assert soundness.damage(demo) is not None


@pytest.fixture(params=["file", "folder"])
def read_only(request: pytest.FixtureRequest, demo: Path) -> Iterator[Path]:
    target = demo if request.param == "file" else demo.parent
    os.chmod(demo, 0o444)
    os.chmod(target, 0o555 if target.is_dir() else 0o444)
    try:
        yield demo
    finally:
        os.chmod(demo.parent, 0o755)
        os.chmod(demo, 0o644)


def test_a_read_only_database_is_read_and_checked_and_never_written(
        capsys, read_only: Path, tmp_path: Path) -> None:
    before = files_of(read_only.parent)
    code, out, err = run(capsys, "check", "--db", read_only)
    assert (code, err) == (0, "")
    assert "integrity: ok\n" in out  # no false search index problem, no advice to repair
    assert "writes: demo.sqlite3 is read-only" in out

    code, out, err = run(capsys, "classes", "--db", read_only, "--user", "staff")
    assert code == 0 and err == "" and out  # signed in without writing

    code, _, err = run(capsys, "import", "people", "--db", read_only, "--user", "staff",
                       people_csv(tmp_path))
    assert code != 0 and len(err.splitlines()) == 1 and "read-only" in err
    assert files_of(read_only.parent) == before  # no -wal, no -shm, no change


def test_a_wrong_password_on_a_read_only_database_is_refused(capsys, read_only: Path,
                                                             monkeypatch) -> None:
    monkeypatch.setenv("RJDESK_PASSWORD", "wrong")
    code, _, err = run(capsys, "classes", "--db", read_only, "--user", "staff")
    assert code == 2 and "password" in err.lower() and len(err.splitlines()) == 1
