"""`isp-recap locales ...`: the label catalogs in locales/ (extract, update, compile, stats, check, init)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .output import EXIT_FINDINGS, EXIT_INPUT, input_errors, locales_folder, print_diagnostics

#: Diagnostics that mean a catalog could not be read at all (exit 2), not that a check failed (exit 1).
UNREADABLE_CATALOG = {"invalid-po", "invalid-mo", "file-too-large", "file-not-found", "unreadable", "not-a-file",
                      "outside-folder"}

locales_app = typer.Typer(help="Label catalogs in locales/: extract, update, compile, stats, check, init.",
                          no_args_is_help=True)

LocalesOption = Annotated[Path | None, typer.Option("--locales", help="The locales folder (default: the project's).",
                                                    show_default=False, callback=locales_folder, readable=False)]


@locales_app.command("extract")
def locales_extract(
    locales: LocalesOption = None,
    check_only: Annotated[bool, typer.Option("--check", help="Exit 1 if the template is out of date.")] = False,
) -> None:
    """Collect the labels the code uses into locales/isp_recap.pot."""
    from ..locale.catalogs import extract

    with input_errors():
        result = extract(root=locales, check_only=check_only)
    changes = f"+{len(result.added)} new, -{len(result.removed)} removed"
    for msgid in result.added:
        typer.echo(f"  + {msgid}")
    for msgid in result.removed:
        typer.echo(f"  - {msgid}")
    if check_only:
        typer.echo(f"{result.path}: {'out of date' if result.stale else 'up to date'} ({result.messages} messages)")
        if result.stale:
            raise typer.Exit(EXIT_FINDINGS)
        return
    state = "wrote" if result.written else "up to date:"
    typer.echo(f"{state} {result.path} ({result.messages} messages; {changes})")


@locales_app.command("update")
def locales_update(locales: LocalesOption = None) -> None:
    """Bring every language's catalog in line with the template."""
    from ..locale.catalogs import update

    with input_errors():
        results = update(locales)
    for r in results:
        state = "updated" if r.written else "up to date"
        typer.echo(f"{r.language}: {state} {r.path} (+{r.added} new, {r.fuzzy} fuzzy, {r.obsolete} obsolete)")


@locales_app.command("compile")
def locales_compile(
    locales: LocalesOption = None,
    use_fuzzy: Annotated[bool, typer.Option("--use-fuzzy", help="Include fuzzy translations.")] = False,
) -> None:
    """Compile each catalog to a .mo file beside it."""
    from ..diagnostics import IspRecapError
    from ..locale.catalogs import compile_catalogs

    try:
        results = compile_catalogs(locales, use_fuzzy=use_fuzzy)
    except IspRecapError as exc:
        print_diagnostics(exc.diagnostics)
        unreadable = any(d.code in UNREADABLE_CATALOG for d in exc.diagnostics)
        raise typer.Exit(EXIT_INPUT if unreadable else EXIT_FINDINGS) from None
    for r in results:
        skipped = f", {r.fuzzy_skipped} fuzzy left out" if r.fuzzy_skipped else ""
        typer.echo(f"{r.language}: wrote {r.path} ({r.messages} messages{skipped})")


@locales_app.command("stats")
def locales_stats(locales: LocalesOption = None) -> None:
    """Per language: translated, fuzzy and missing labels."""
    from ..locale.catalogs import stats

    with input_errors():
        rows = stats(locales)
    typer.echo(f"{'language':<10}{'translated':>12}{'fuzzy':>8}{'missing':>9}{'done':>8}")
    for s in rows:
        note = "  (source language)" if s.source else ""
        typer.echo(f"{s.language:<10}{s.translated:>12}{s.fuzzy:>8}{s.missing:>9}{s.percent:>7.0f}%{note}")


@locales_app.command("check")
def locales_check(locales: LocalesOption = None) -> None:
    """Fail on missing or fuzzy labels, placeholders that differ, and malformed PO/MO files."""
    from ..locale.catalogs import check, iter_catalog_files

    diags = check(locales)
    print_diagnostics(diags)
    errors = sum(1 for d in diags if d.severity == "error")
    files = len(list(iter_catalog_files(locales)))
    typer.echo(f"{files} catalog files: {errors} errors, {len(diags) - errors} warnings")
    if any(d.severity == "error" and d.code in UNREADABLE_CATALOG for d in diags):
        raise typer.Exit(EXIT_INPUT)  # as `check` does for an event it cannot read
    if errors:
        raise typer.Exit(EXIT_FINDINGS)


@locales_app.command("init")
def locales_init(
    language: Annotated[str, typer.Argument(help="Language code, like th or zh_Hant.")],
    locales: LocalesOption = None,
) -> None:
    """Start a catalog for a new language from the template."""
    from ..locale.catalogs import init

    with input_errors():
        path = init(language, locales)
    typer.echo(f"wrote {path}")


def register(app: typer.Typer) -> None:
    """Add `locales`."""
    app.add_typer(locales_app, name="locales")
