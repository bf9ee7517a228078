"""What the layers must agree on that no import rule can see. Which layer may import which is
import-linter's contracts in pyproject.toml, run by tests/test_architecture.py."""

from __future__ import annotations


def test_every_permission_has_a_refusal_sentence() -> None:
    """The domain's permissions and the sentences services refuse with are kept apart by layer;
    a permission added without its sentence would refuse a clerk with no words."""
    from rjdesk.domain.core.permissions import Permission
    from rjdesk.services.core.context import _WHAT

    assert set(_WHAT) == set(Permission)
