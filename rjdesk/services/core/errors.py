"""The one family of refusals every service raises: a field and a sentence a clerk understands.

The GUI shows ``message`` at the widget named by ``field`` (or in a box when ``field`` is empty);
the CLI prints it and exits non-zero. A refusal always means nothing was written.
"""

from __future__ import annotations


class Refused(Exception):
    """A user action was refused; nothing was changed."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class InvalidInput(Refused):
    """A value entered is wrong."""


class NotAllowed(Refused):
    """The signed-in user's role or site does not allow this."""


class NotFound(Refused):
    """The record asked for does not exist (or is not visible to this user)."""


class AlreadyExists(Refused):
    """A record with the same natural key exists; the message names it."""


class SignInFailed(Refused):
    """Wrong user name or password, or the account cannot sign in now."""


class Errors(InvalidInput):
    """Several fields are wrong at once; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        first_field, first_message = next(iter(errors.items()))
        super().__init__(first_message, first_field)
        self.errors = dict(errors)
