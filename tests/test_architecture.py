"""The rules of the code are checked by tools made for them (DESIGN §3, STYLE.md habit 12):
import-linter's contracts, ruff and mypy, each configured once in pyproject.toml. Running them in
the suite makes a wrong arrow, a lint fault or a type fault fail CI like any other test, and
each case names the one contract or package that broke."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONTRACTS: list[str] = [c["id"] for c in CONFIG["tool"]["importlinter"]["contracts"]]
#: The ground ruff and mypy hold clean: mypy's files, which ruff's include names too.
CHECKED: list[str] = CONFIG["tool"]["mypy"]["files"]


def _tool(name: str) -> str:
    """The tool installed beside the interpreter running the tests (the project's venv)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[test]'")
    return found


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(cwd), "NO_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def _lint_imports(cwd: Path, contract: str) -> subprocess.CompletedProcess[str]:
    return _run([_tool("lint-imports"), "--no-cache", "--no-logo", "--contract", contract], cwd)


# --- import contracts ---------------------------------------------------------------------------

@pytest.mark.parametrize("contract", CONTRACTS)
def test_the_import_contract_holds(contract: str) -> None:
    result = _lint_imports(ROOT, contract)
    assert result.returncode == 0, result.stdout + result.stderr


#: One forbidden import per contract: (contract, new module, its import, what lint-imports names).
WRONG_ARROWS = [
    ("layers", "rjdesk/store/wrong_arrow.py", "from rjdesk.sync import share",
     "rjdesk.store.wrong_arrow -> rjdesk.sync.share"),
    ("layers", "rjdesk/printing/wrong_arrow.py", "from rjdesk.services.core import errors",
     "rjdesk.printing.wrong_arrow -> rjdesk.services.core.errors"),
    ("domain-alone", "rjdesk/domain/wrong_arrow.py", "from rjdesk import paths",
     "rjdesk.domain.wrong_arrow -> rjdesk.paths"),
    ("faces-through-services", "rjdesk/ui/wrong_arrow.py", "from rjdesk.store import digest",
     "rjdesk.ui.wrong_arrow -> rjdesk.store.digest"),
    ("demo-through-services", "rjdesk/demo/wrong_arrow.py", "from rjdesk.sync import changes",
     "rjdesk.demo.wrong_arrow -> rjdesk.sync.changes"),
    ("areas", "rjdesk/services/people/wrong_arrow.py", "from rjdesk.services import icvc",
     "rjdesk.services.people.wrong_arrow -> rjdesk.services.icvc"),
    ("qt-in-ui", "rjdesk/services/core/wrong_arrow.py", "from PySide6 import QtCore",
     "rjdesk.services.core.wrong_arrow -> PySide6"),
    ("no-sqlalchemy-in-ui", "rjdesk/ui/common/wrong_arrow.py", "import sqlalchemy",
     "rjdesk.ui.common.wrong_arrow -> sqlalchemy"),
]


@pytest.fixture(scope="module")
def copy_of_the_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package and its contracts in a temporary folder, to add a wrong import to."""
    root = tmp_path_factory.mktemp("architecture")
    shutil.copytree(ROOT / "rjdesk", root / "rjdesk",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_every_contract_is_shown_to_catch_a_wrong_import() -> None:
    assert {contract for contract, *_ in WRONG_ARROWS} == set(CONTRACTS)


@pytest.mark.parametrize(("contract", "module", "line", "named"), WRONG_ARROWS,
                         ids=[f"{c}:{m}" for c, m, *_ in WRONG_ARROWS])
def test_a_wrong_import_breaks_its_contract(copy_of_the_package: Path, contract: str,
                                            module: str, line: str, named: str) -> None:
    added = copy_of_the_package / module
    added.write_text(f'"""A wrong arrow, made on purpose."""\n\n{line}\n', encoding="utf-8")
    try:
        result = _lint_imports(copy_of_the_package, contract)
    finally:
        added.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    # The copy is what was checked, and the failure is this import's (not one already there).
    assert named in result.stdout, result.stdout


# --- lint and types -----------------------------------------------------------------------------

def _by_part(findings: list[str]) -> dict[str, list[str]]:
    """Findings (``path:line: …``) sorted under the checked package or module they are in."""
    parts: dict[str, list[str]] = {part: [] for part in CHECKED}
    for finding in findings:
        path = finding.split(":", 1)[0].replace("\\", "/")
        part = next((p for p in CHECKED if path == p or path.startswith(p.rstrip("/") + "/")),
                    None)
        parts.setdefault(part or "elsewhere", []).append(finding)
    return parts


@pytest.fixture(scope="module")
def ruff_findings() -> dict[str, list[str]]:
    result = _run([_tool("ruff"), "check", "--no-fix", "--output-format", "concise"], ROOT)
    assert result.returncode in (0, 1), result.stderr  # 2: ruff itself failed
    return _by_part([ln for ln in result.stdout.splitlines() if re.match(r"^\S+:\d+:\d+: ", ln)])


@pytest.fixture(scope="module")
def mypy_findings() -> dict[str, list[str]]:
    result = _run([_tool("mypy"), "--no-error-summary", "--show-error-codes"], ROOT)
    assert result.returncode in (0, 1), result.stdout + result.stderr  # 2: mypy itself failed
    return _by_part([ln for ln in result.stdout.splitlines() if re.match(r"^\S+:\d+: error:", ln)])


@pytest.mark.parametrize("part", [*CHECKED, "elsewhere"])
def test_ruff_finds_nothing(ruff_findings: dict[str, list[str]], part: str) -> None:
    assert ruff_findings.get(part, []) == []


@pytest.mark.parametrize("part", [*CHECKED, "elsewhere"])
def test_mypy_finds_nothing(mypy_findings: dict[str, list[str]], part: str) -> None:
    assert mypy_findings.get(part, []) == []


#: A comment silencing ruff (noqa, with its codes) or mypy (type-ignore, with its codes), and
#: what follows it: the reason.
SILENCED = re.compile(r"#\s*(?:noqa\b(?::\s*[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)?|"
                      r"type:\s*ignore\b(?:\[[^\]]*\])?)(?P<why>.*)$")
TOP_LEVEL = sorted(p.name for p in (ROOT / "rjdesk").iterdir()
                   if p.suffix == ".py" or (p / "__init__.py").exists())


def _modules(top: str) -> list[Path]:
    """The Python files of one top-level package (or the one module) of rjdesk."""
    found = ROOT / "rjdesk" / top
    return sorted(found.rglob("*.py")) if found.is_dir() else [found]


@pytest.mark.parametrize("top", TOP_LEVEL)
def test_every_silenced_finding_says_why(top: str) -> None:
    """No tool asks this: a `noqa` or `type: ignore` left in the code says why, after it."""
    bare = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
            for path in _modules(top)
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if (m := SILENCED.search(line)) and not m["why"].strip(" -—:#")]
    assert bare == []


MAX_LINES = 400


@pytest.mark.parametrize("top", TOP_LEVEL)
def test_no_module_outgrows_one_reader(top: str) -> None:
    """No tool asks this either: a module past 400 lines is split by responsibility (STYLE.md)."""
    long = {str(path.relative_to(ROOT)): n for path in _modules(top)
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_ruff_and_mypy_hold_the_same_ground() -> None:
    """What is linted is what is type-checked: one list of the layers held clean."""
    globs = CONFIG["tool"]["ruff"]["include"]
    assert sorted(g.removesuffix("/**/*.py") for g in globs) == sorted(CHECKED)
