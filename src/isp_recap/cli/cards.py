"""`isp-recap cards`: each data card as share images (the command is in share/command.py)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `cards` (its module imports only Typer)."""
    from ..share.command import cards_command

    app.command(name="cards")(cards_command)
