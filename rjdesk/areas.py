"""The program areas, listed once: each layer finds an area's pieces under its own name.

An area is a package in every layer it has: ``rjdesk.services.icvc``, ``rjdesk.ui.icvc``,
``rjdesk.cli.icvc``, ``rjdesk.printing.icvc``, ``rjdesk.demo.icvc`` … Each layer's registry asks
:func:`packages` for the areas it has and reads what they declare there (pages, commands,
documents, self-test checks, hooks). Adding an area is one line here and new folders with the
same names; no shared file changes.

An entry with a dot names a package outside ``rjdesk`` whose layers are its sub-packages
(``tests.fake_area`` → ``tests.fake_area.ui`` …): the tests register an area that way.
This module imports nothing of the program, so any layer may ask it.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

#: In the order the program shows them: the people first, then each program.
AREAS: list[str] = ["people", "volunteers", "icvc", "reparative", "boards", "admin", "syncing"]


def module_name(area: str, layer: str) -> str:
    return f"{area}.{layer}" if "." in area else f"rjdesk.{layer}.{area}"


def packages(layer: str) -> list[ModuleType]:
    """The areas' packages in one layer (``"ui"``, ``"cli"`` …), imported, in AREAS order;
    an area with nothing in that layer is passed over."""
    found = []
    for area in AREAS:
        name = module_name(area, layer)
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            found.append(importlib.import_module(name))
    return found
