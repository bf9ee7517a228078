"""The installer bundle: built once with ``build_installer.spec``, then used as IT and staff would.

A frozen program breaks in ways a checkout never shows (a form, a font, a migration script, a Qt
plugin, a module imported by name inside a library left out), so the bundle must run its own
self-test, print with its own command-line tool and open an older database.

The bundle tests are marked ``frozen`` and ``slow`` (a build and an xz archive: minutes);
``-m "not frozen"`` leaves them out. They need PyInstaller (``pip install -e '.[build]'``) and
are skipped without it; PyInstaller needs ``objdump`` (Debian package ``binutils``), without
which they are skipped too — except where ``RJDESK_REQUIRE_BUILD`` is set (CI). The spec's
filter is checked without a build, in a second. Sizes are checked here; how long the build, the
archive and the self-test take is a figure of bench/README.md, not a test: a loaded machine
would fail it for nothing.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tarfile
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build_installer.spec"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
MB = 1_000_000
FOLDER_LIMIT = 190 * MB  # 178 MB before the dashboard's QtCharts (3.3 MB) and 0.1.0's areas
ARCHIVE_LIMIT = 75 * MB  # the .tar.xz IT copies to a Linux workstation
EXE = ".exe" if sys.platform == "win32" else ""


@dataclass(frozen=True)
class Bundle:
    folder: Path
    head: str  # the newest schema revision in the checkout the bundle was built from


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    """The one-folder build, made once for this module in a temporary folder."""
    from rjdesk.store.migrate import head_revision

    pytest.importorskip("PyInstaller", reason="the build needs pip install -e '.[build]'")
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        # A machine set up with only what running RJ Desk needs may lack it; CI installs it and
        # sets RJDESK_REQUIRE_BUILD, so there the build is never passed over.
        if os.environ.get("RJDESK_REQUIRE_BUILD"):
            pytest.fail("PyInstaller needs objdump: apt-get install binutils")
        pytest.skip("the build needs objdump (Debian package binutils)")
    work = tmp_path_factory.mktemp("installer")
    head = head_revision()  # read before building: a revision added meanwhile is not in it
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-4000:]
    folder = work / "dist" / f"{PROJECT['name']}-{PROJECT['version']}"
    assert (folder / f"rjdesk{EXE}").is_file() and (folder / f"rjdesk-cli{EXE}").is_file()
    return Bundle(folder, head)


@pytest.fixture(scope="module")
def bundle(built: Bundle) -> Path:
    return built.folder


def frozen_env(home: Path, **extra: str) -> dict[str, str]:
    """As on a server without a display: the self-test must choose offscreen by itself."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH")}
    return {**env, "RJDESK_HOME": str(home), **extra}


def run(folder: Path, tool: str, *args: str | Path, env: dict[str, str],
        timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(folder / f"{tool}{EXE}"), *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=env)


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def xz_archive(folder: Path, archive: Path) -> None:
    """``tar cJf``, as the README tells IT (xz on every core); Python's tarfile without tar."""
    if shutil.which("tar"):
        subprocess.run(["tar", "cJf", str(archive), "-C", str(folder.parent), folder.name],
                       check=True, timeout=600, env={**os.environ, "XZ_OPT": "-6 -T0"})
    else:
        with tarfile.open(archive, "w:xz", preset=6) as tar:
            tar.add(folder, arcname=folder.name)


@pytest.mark.frozen
@pytest.mark.slow
def test_the_folder_and_its_archive_are_within_the_targets(bundle, tmp_path, record_property):
    size = folder_size(bundle)
    assert size <= FOLDER_LIMIT, f"the folder is {size / MB:.0f} MB"
    archive = tmp_path / f"{bundle.name}-linux.tar.xz"
    xz_archive(bundle, archive)
    measured = {"folder_mb": size / MB, "tar_xz_mb": archive.stat().st_size / MB}
    if shutil.which("zip"):  # for comparison only: a Windows build is zipped on Windows
        as_zip = tmp_path / f"{bundle.name}.zip"
        subprocess.run(["zip", "-qry", str(as_zip), bundle.name], cwd=bundle.parent, check=True,
                       timeout=600)
        measured["zip_mb"] = as_zip.stat().st_size / MB
    for name, value in measured.items():
        record_property(name, round(value, 1))
    print("\n" + ", ".join(f"{k} {v:.1f}" for k, v in measured.items()))
    assert archive.stat().st_size <= ARCHIVE_LIMIT, \
        f"the .tar.xz is {archive.stat().st_size / MB:.0f} MB"
    with tarfile.open(archive) as tar:
        assert f"{bundle.name}/rjdesk{EXE}" in tar.getnames()


@pytest.mark.frozen
@pytest.mark.slow
def test_the_frozen_program_passes_its_self_test_offscreen(bundle, tmp_path):
    result = run(bundle, "rjdesk", "--self-test", env=frozen_env(tmp_path), timeout=120)
    lines = result.stdout.splitlines()
    assert result.returncode == 0 and lines[-1] == "self-test: ok", result.stdout + result.stderr
    assert "(frozen) on offscreen" in lines[0]
    assert not [line for line in lines[1:-1] if not line.startswith("ok   ")]
    assert "self-test: ok" in (tmp_path / "logs" / "rjdesk.log").read_text(encoding="utf-8")


@pytest.mark.frozen
@pytest.mark.slow
def test_both_programs_say_the_version_of_the_build(bundle, tmp_path):
    env = frozen_env(tmp_path)
    assert run(bundle, "rjdesk", "--version", env=env).stdout.strip() == \
        f"RJ Desk {PROJECT['version']}"
    assert run(bundle, "rjdesk-cli", "--version", env=env).stdout.strip() == \
        f"rjdesk-cli {PROJECT['version']}"


@pytest.mark.frozen
@pytest.mark.slow
@pytest.mark.pdf_tools
def test_the_frozen_command_line_prints_a_people_list(bundle, tmp_path, reader):
    from rjdesk.ui.shell.self_test_checks import font_problems

    env = frozen_env(tmp_path, RJDESK_PASSWORD="demo")
    db, out = tmp_path / "demo.sqlite3", tmp_path / "people.pdf"
    made = run(bundle, "rjdesk-cli", "demo", "--db", db, "--scale", "1", env=env)
    assert made.returncode == 0, made.stderr
    printed = run(bundle, "rjdesk-cli", "print", "people", "--db", db, "--user", "staff",
                  "--site", "JCCC", "-o", out, env=env)
    assert printed.returncode == 0, printed.stderr
    pages = reader.page_count(out)
    assert pages > 1 and f"{pages} pages" in printed.stdout
    assert font_problems(out.read_bytes()) == []
    scanned = reader.barcodes(out, tmp_path)
    assert len(scanned) >= 10 and all(code.startswith("CODE-128:") for code in scanned)


@pytest.mark.frozen
@pytest.mark.slow
@pytest.mark.pdf_tools
def test_the_frozen_command_line_prints_a_class_sign_in_sheet(bundle, tmp_path, reader):
    env = frozen_env(tmp_path, RJDESK_PASSWORD="fixture-password")
    db, out = tmp_path / "fixture.sqlite3", tmp_path / "roster.pdf"
    shutil.copy(ROOT / "tests" / "fixtures" / "schemas" / "0002.sqlite3", db)
    listed = run(bundle, "rjdesk-cli", "classes", "--db", db, "--user", "admin", env=env)
    assert listed.returncode == 0, listed.stderr
    class_id = listed.stdout.split("\t", 1)[0]
    printed = run(bundle, "rjdesk-cli", "print", "roster", "--db", db, "--user", "admin",
                  "--class", class_id, "--session", "1", "-o", out, env=env)
    assert printed.returncode == 0, printed.stderr
    assert "CODE-128:7654321" in reader.barcodes(out, tmp_path)
    assert "ICVC fixture class" in "".join(reader.pages_text(out))


FIXTURES = sorted((ROOT / "tests" / "fixtures" / "schemas").glob("*.sqlite3"))


@pytest.mark.frozen
@pytest.mark.slow
@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_a_database_of_an_earlier_schema_opens_in_the_frozen_build(built, tmp_path, fixture):
    from rjdesk.store.migrate import stored_revision

    copy = tmp_path / "ws" / "rjdesk.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(fixture, copy)
    revision = stored_revision(copy)
    result = run(built.folder, "rjdesk-cli", "check", "--db", copy, env=frozen_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "integrity: ok" in result.stdout
    assert f"schema: {built.head}" in result.stdout
    backups = sorted((copy.parent / "backups").glob("*.sqlite3"))
    if revision != built.head:
        assert len(backups) == 1 and f"schema-{revision}" in backups[0].name
    else:
        assert backups == []


@pytest.mark.frozen
@pytest.mark.slow
def test_the_frozen_program_refuses_a_second_copy(bundle, tmp_path):
    """The message box waits for a click; what counts is the refusal written before it."""
    from PySide6.QtCore import QLockFile

    database = tmp_path / "rjdesk.sqlite3"
    lock = QLockFile(str(tmp_path.resolve() / "rjdesk.sqlite3.lock"))  # as the program names it
    assert lock.tryLock(0)
    proc = subprocess.Popen([str(bundle / f"rjdesk{EXE}"), "--db", str(database)],
                            stderr=subprocess.PIPE, text=True,
                            env=frozen_env(tmp_path, QT_QPA_PLATFORM="offscreen"))
    watchdog = threading.Timer(60, proc.kill)
    watchdog.start()
    try:
        said = ""
        assert proc.stderr is not None
        for line in proc.stderr:
            if "already open" in line:
                said = line
                break
    finally:
        proc.kill()
        proc.wait()
        watchdog.cancel()
        lock.unlock()
    assert said.startswith(f"RJ Desk is already open on this database ({database}, process "
                           f"{os.getpid()}")
    assert not database.exists()


# -- the spec's filter, without building ----------------------------------------------------------

SPEC_HELPERS = {"QT_BINDINGS", "QT_LIBS", "QT_PLUGINS", "qt_module_of", "plugin_kept", "keep"}


@pytest.fixture(scope="module")
def spec() -> dict:
    """The spec's constants and filter functions, taken out of it without running PyInstaller
    (the spec itself is executed by PyInstaller with Analysis, EXE … injected)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    wanted = [node for node in tree.body if
              (isinstance(node, ast.FunctionDef) and node.name in SPEC_HELPERS) or
              (isinstance(node, ast.Assign) and any(
                  isinstance(t, ast.Name) and t.id in SPEC_HELPERS for t in node.targets))]
    names: dict = {"os": os, "re": re, "sys": sys, "Path": Path}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(SPEC), "exec"), names)  # noqa: S102
    assert SPEC_HELPERS <= names.keys()
    return names


def imported_qt_modules() -> set[str]:
    """Every PySide6 module RJ Desk imports (QtCore -> "Core")."""
    found: set[str] = set()
    for path in (ROOT / "rjdesk").rglob("*.py"):
        found.update(re.findall(r"^\s*(?:from|import) PySide6\.Qt(\w+)",
                                path.read_text(encoding="utf-8"), re.MULTILINE))
    return found


def test_the_spec_keeps_every_qt_binding_rjdesk_imports(spec):
    missing = imported_qt_modules() - spec["QT_BINDINGS"]
    assert not missing, f"add {sorted(missing)} to QT_BINDINGS in build_installer.spec"
    for module in imported_qt_modules():
        assert spec["keep"]((f"PySide6/Qt{module}.abi3.so", "", "EXTENSION"))
        assert spec["keep"]((f"PySide6/Qt/lib/libQt6{module}.so.6", "", "BINARY"))
        assert spec["keep"]((f"PySide6/Qt6{module}.dll", "", "BINARY"))


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("readelf") is None,
                    reason="reads ELF dependencies with readelf")
def test_the_spec_keeps_the_qt_libraries_the_bindings_link_to(spec):
    import PySide6

    folder = Path(PySide6.__file__).parent
    for module in imported_qt_modules():
        binding = folder / f"Qt{module}.abi3.so"
        needed = re.findall(r"\[(libQt6\w+\.so\.6)\]", subprocess.run(
            ["readelf", "-d", str(binding)], capture_output=True, text=True).stdout)
        for lib in needed:
            assert spec["keep"]((f"PySide6/Qt/lib/{lib}", "", "BINARY")), (binding.name, lib)


def test_the_spec_leaves_out_what_rjdesk_does_not_use(spec):
    keep = spec["keep"]
    assert not keep(("PySide6/Qt/lib/libQt6Quick.so.6", "", "BINARY"))
    assert not keep(("PySide6/QtQml.abi3.so", "", "EXTENSION"))
    assert not keep(("libQt6Quick.so.6", "PySide6/Qt/lib/libQt6Quick.so.6", "SYMLINK"))
    assert keep(("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"))
    assert keep(("PySide6/Qt/plugins/platforms/libqxcb.so", "", "BINARY"))
    assert keep(("PySide6/Qt/plugins/platforms/libqoffscreen.so", "", "BINARY"))
    assert keep(("PySide6/Qt/plugins/imageformats/libqsvg.so", "", "BINARY"))
    assert not keep(("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "", "BINARY"))
    assert not keep(("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "", "BINARY"))
    assert keep(("PySide6/Qt/translations/qtbase_en.qm", "", "DATA"))
    assert not keep(("PySide6/Qt/translations/qtbase_de.qm", "", "DATA"))
    assert keep(("reportlab/fonts/Vera.ttf", "", "DATA"))
