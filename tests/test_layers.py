"""Layers point one way (DESIGN §3): only rjdesk/ui (and the start-up) import Qt; ui never
imports SQLAlchemy. Checked on the source, so a violation fails before anything runs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "rjdesk"
QT_ALLOWED = {"app.py", "__main__.py"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_the_package_has_modules_in_every_layer():
    layers = {p.relative_to(PACKAGE).parts[0] for p in _modules()
              if len(p.relative_to(PACKAGE).parts) > 1 and p.name != "__init__.py"}
    assert {"domain", "store", "services", "printing", "ui"} <= layers


def test_nothing_outside_ui_imports_qt():
    def may_use_qt(rel: Path) -> bool:
        return (len(rel.parts) > 1 and rel.parts[0] == "ui") or \
            (len(rel.parts) == 1 and rel.name in QT_ALLOWED)

    offenders = [str(p.relative_to(PACKAGE)) for p in _modules()
                 if not may_use_qt(p.relative_to(PACKAGE)) and "PySide6" in _imports(p)]
    assert offenders == []


def test_ui_never_imports_sqlalchemy():
    bad = [str(p.relative_to(PACKAGE)) for p in (PACKAGE / "ui").rglob("*.py")
           if "sqlalchemy" in _imports(p)]
    assert bad == []


def test_every_permission_has_a_refusal_sentence():
    from rjdesk.domain.core.permissions import Permission
    from rjdesk.services.core.context import _WHAT

    assert set(_WHAT) == set(Permission)
