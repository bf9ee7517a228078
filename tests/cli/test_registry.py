"""The command line is put together from the area registry: an area's module in the ``cli``
layer declares its commands, and nothing else names them. Starting it loads only what the
command uses: ``--help`` and ``sites`` never load the database layer, Alembic or Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rjdesk import areas
from rjdesk.cli import main as cli_main
from rjdesk.cli.main import main

HEAVY = ("sqlalchemy", "alembic", "PySide6")
#: Runs the command as ``rjdesk-cli`` would and prints the heavy packages it loaded.
PROBE = """
import runpy, sys
sys.argv = ["rjdesk-cli", *sys.argv[1:]]
try:
    runpy.run_module("rjdesk.cli.main", run_name="__main__")
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))
print("loaded:", ",".join(heavy), file=sys.stderr)
""".replace("HEAVY", repr(HEAVY))


def test_an_area_registered_by_name_brings_its_command(capsys, monkeypatch) -> None:
    monkeypatch.setattr(areas, "AREAS", [*areas.AREAS, "tests.fake_area"])
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "greet" in out and "say hello (a test-only area's command)" in out
    assert main(["greet", "Ada"]) == 0
    assert capsys.readouterr().out == "hello, Ada\n"
    assert main(["greet", "nobody"]) == 3  # its exit status is the command's own


def test_without_the_area_there_is_no_such_command(capsys) -> None:
    assert main(["greet", "Ada"]) == 2
    assert "invalid choice: 'greet'" in capsys.readouterr().err


def test_every_area_module_declares_through_register() -> None:
    modules = cli_main.command_modules()
    assert [m.__name__ for m in modules] == [
        "rjdesk.cli.core", "rjdesk.cli.people", "rjdesk.cli.volunteers", "rjdesk.cli.icvc",
        "rjdesk.cli.reparative", "rjdesk.cli.boards", "rjdesk.cli.admin", "rjdesk.cli.syncing"]
    assert all(callable(m.register) for m in modules)


@pytest.mark.parametrize("argv", [["--help"], ["sites"]])
def test_starting_loads_neither_the_database_layer_nor_qt(argv, tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "RJDESK_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], capture_output=True,
                          check=False, text=True, env=env, timeout=60, cwd=Path(__file__).parents[2])
    assert done.stderr.splitlines()[-1] == "loaded: ", done.stderr
    assert done.stdout  # it did its work: the help, or the register's sites
    if argv == ["sites"]:
        assert "JCCC\tJefferson City Correctional Center" in done.stdout.splitlines()


def test_a_role_is_checked_against_the_domain(capsys) -> None:
    assert main(["users", "add", "pat", "--role", "janitor"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'janitor'" in err and "administrator" in err
