"""The `isp-recap` console script: `--help` and `validate` without importing Typer and Rich.

They are the commands run most often, by people and by editors on every save, and Typer with Rich
costs about 130 ms of the 270 ms `--help` took. This module answers `isp-recap --help` (plainly, from
the table below, which a test keeps equal to the Typer app's commands) and `isp-recap validate
FILE... [-q]` (the same function as the Typer command, so the same output and exit status); any other
command line, including `isp-recap validate --help`, goes to the Typer app in `cli` unchanged.
"""

from __future__ import annotations

import os
import sys

SUMMARY = "Build paired Burmese and English recap memos (PDF, DOCX, HTML) from an event file."
#: (name, one-line help) of each command, in the order `cli` registers them (tests/test_startup.py
#: fails when a command is added to the Typer app and not here).
COMMANDS = (
    ("new", "Start an event folder: a commented event.yaml, its schema for editors, a glossary."),
    ("validate", "Check event files; print a summary of each, or every mistake as PATH:LINE:COL."),
    ("build", "Build the memo: English, Burmese and bilingual editions as PDF, DOCX and HTML."),
    ("cards", "Write each data card as a 1080x1080 and a 1200x630 PNG per language, for social media."),
    ("preview", "Serve the HTML edition on 127.0.0.1 and rebuild it on every save (Ctrl-C stops)."),
    ("check", "Check translations: missing, numbers, Zawgyi, broken syllables, look-alikes, glossary and more."),
    ("import", "Import transcripts or subtitles into an event file (or a new skeleton), ready to edit."),
    ("schema", "Write the JSON Schema of event files (generated from the models)."),
    ("locales", "Label catalogs in locales/: extract, update, compile, stats, check, init."),
    ("translate", "Exchange an event's text with translators (PO or XLIFF 2.0)."),
    ("theme", "An organisation's look: logo, colours, fonts, stylesheets, templates."),
)


def help_text() -> str:
    """The top-level help: usage, what the tool does, its options and commands."""
    width = max(len(name) for name, _ in COMMANDS)
    lines = ["Usage: isp-recap [OPTIONS] COMMAND [ARGS]...", "", f"  {SUMMARY}", "", "Options:",
             "  --help  Show this message and exit.", "", "Commands:"]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS]
    lines += ["", "Run `isp-recap COMMAND --help` for the options of a command."]
    return "\n".join(lines)


def validate_arguments(args: list[str]) -> tuple[list[str], bool] | None:
    """(files, quiet) if `args` (after `validate`) are only file names and -q/--quiet; else None."""
    files: list[str] = []
    quiet = False
    for arg in args:
        if arg in ("-q", "--quiet"):
            quiet = True
        elif arg.startswith("-"):
            return None  # --help, an unknown option, `--`: Typer answers those
        else:
            files.append(arg)
    return (files, quiet) if files else None


#: pydantic's values of `PYDANTIC_DISABLE_PLUGINS` that disable every plugin (`pydantic/plugin/_loader.py`).
ALL_PLUGINS_OFF = ("__all__", "1", "true")
#: The module pydantic imports, on building its first validator, to find plugins; it imports
#: `importlib.metadata` (with `email`, `zipfile`, `csv`: about 40 ms here) before reading the switch.
PLUGIN_LOADER = "pydantic.plugin._loader"


def quiet_pydantic_plugins() -> None:
    """Let pydantic load no plugins in this process, unless the user said otherwise.

    The first validator pydantic builds scans every installed distribution's entry points for
    `pydantic` plugins and loads what it finds: an installed but unused logfire alone adds about
    110 ms to every process (pydantic/logfire#2343). isp-recap's commands have no use for them.
    `PYDANTIC_DISABLE_PLUGINS` is pydantic's documented switch; a value the user has set, even empty
    (no plugin disabled), is kept. When every plugin is off, pydantic's loader would only import
    `importlib.metadata` and return no plugins: a stand-in that returns no plugins takes its place, so
    that import is not paid either (tests/test_startup.py checks that pydantic's own loader still has
    the one function pydantic calls, and returns nothing under the same switch).
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in ALL_PLUGINS_OFF and PLUGIN_LOADER not in sys.modules:
        import types

        loader = types.ModuleType(PLUGIN_LOADER, "isp-recap's stand-in: every pydantic plugin is disabled.")
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
        sys.modules[PLUGIN_LOADER] = loader


def main() -> None:
    """Console-script entry point."""
    from .streams import flush_standard_streams, stop_if_closed

    quiet_pydantic_plugins()
    try:
        _dispatch(sys.argv[1:])
    except BrokenPipeError as exc:  # a print to a reader that has gone (`| head`): exit quietly
        stop_if_closed(exc)
        raise
    finally:  # here, not at interpreter exit, so that a closed reader is answered the same way
        flush_standard_streams()


def _dispatch(args: list[str]) -> None:
    if args == ["--help"]:
        print(help_text())
        return
    if args[:1] == ["validate"]:
        parsed = validate_arguments(args[1:])
        if parsed is not None:
            from pathlib import Path

            from .validating import validate_files

            try:
                sys.exit(validate_files([Path(f) for f in parsed[0]], quiet=parsed[1]))
            except KeyboardInterrupt:
                print("interrupted", file=sys.stderr)
                sys.exit(130)
            except Exception as exc:  # a bug: reported as the Typer app reports it (exit 3)
                from .cli.output import internal_error

                internal_error(exc)
    from .cli import main as typer_main

    typer_main()


if __name__ == "__main__":
    main()
