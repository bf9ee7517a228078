"""The test-only area's one command: it proves the command line finds an area through
``rjdesk.areas`` alone, with nothing of the area written into rjdesk/cli."""

from __future__ import annotations

from rjdesk.cli.kit import Commands, Kit


def cmd_greet(kit: Kit) -> int:
    print(f"hello, {kit.args.name}")
    return 0 if kit.args.name != "nobody" else 3


def register(commands: Commands) -> None:
    p = commands.add("greet", cmd_greet, "say hello (a test-only area's command)", db=False)
    p.add_argument("name", metavar="NAME")
