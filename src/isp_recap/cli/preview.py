"""`isp-recap preview`: the HTML edition on 127.0.0.1 with live reload (the command is in preview/command.py)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `preview` (its module imports only Typer)."""
    from ..preview.command import preview_command

    app.command(name="preview")(preview_command)
