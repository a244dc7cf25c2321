"""The `isp-recap preview` command (registered by the CLI). Only Typer is imported at module level."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from ..cli.output import locales_folder

if TYPE_CHECKING:
    from ..document.nodes import Edition

EXIT_INPUT = 2
EDITION_NAMES = ("en", "my", "bilingual")


def preview_command(
    event: Annotated[Path, typer.Argument(help="The event file (event.yaml).", show_default=False, readable=False)],
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (default: a free one, printed).",
                                      min=0, max=65535)] = 0,
    lang: Annotated[str, typer.Option("--lang", help="Edition shown first: en, my or bilingual.")] = "en",
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Do not open a browser.")] = False,
    locales: Annotated[Path | None, typer.Option(
        "--locales", help="Label catalogs folder (default: the project's locales/).", callback=locales_folder,
        readable=False)] = None,
) -> None:
    """Serve the HTML edition on 127.0.0.1 and rebuild it on every save (Ctrl-C stops)."""
    if lang not in EDITION_NAMES:
        typer.echo(f"error: --lang must be one of {', '.join(EDITION_NAMES)}; got {lang!r}", err=True)
        raise typer.Exit(EXIT_INPUT)
    raise typer.Exit(run_preview(event, port, lang, open_browser=not no_browser, locales=locales))


def run_preview(event: Path, port: int, edition: str, *, open_browser: bool, locales: Path | None) -> int:
    """Serve until Ctrl-C (or SIGTERM); the exit status. Input errors do not stop the preview: they are
    shown in the page until fixed."""
    import signal
    import threading

    from ..diagnostics import IspRecapError
    from ..fsio import read_input
    from .server import PreviewServer
    from .session import PreviewSession
    from .watcher import watch

    try:  # refused before serving: a FIFO, a device, a folder, a link out of its folder, a missing file
        read_input(event, "event")
    except IspRecapError as exc:
        for diagnostic in exc.diagnostics:
            typer.echo(diagnostic.format(), err=True)
        return EXIT_INPUT
    session = PreviewSession(event, locales)
    shown = cast("Edition", edition)  # checked by the caller
    session.active.add(shown)
    session.refresh()
    try:
        server = PreviewServer(session, port, shown)
    except OSError as exc:
        typer.echo(f"error: cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}", err=True)
        return EXIT_INPUT

    def report(changed: bool, seconds: float) -> None:
        if changed:
            problems = sum(1 for e in session.active for d in session.page(e)[1])
            state = f"{problems} problem(s), shown in the page" if problems else "page updated"
            typer.echo(f"rebuilt in {seconds * 1000:.0f} ms: {state}")

    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(session, stop, report), name="preview-watch", daemon=True)
    watcher.start()
    threading.Thread(target=session.warm, name="preview-warm", daemon=True).start()
    previous = signal.signal(signal.SIGTERM, _interrupt)
    typer.echo(f"previewing {event} at {server.url} (Ctrl-C to stop)")
    if open_browser:
        import webbrowser

        from .page import page_url

        webbrowser.open(server.url.rstrip("/") + page_url(edition))
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        session.stop()
        server.server_close()
        watcher.join(timeout=2)
    typer.echo("preview stopped", err=True)
    return 0


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt
