"""The `locales`, `translate` and `check` commands (translators' side of isp-recap).

Registered on the main app by `register(app)`. Babel, ICU and HarfBuzz are imported inside the
commands, so `isp-recap --help` stays fast.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

EXIT_FINDINGS = 1
EXIT_INPUT = 2
#: Diagnostics that mean a catalog could not be read at all (exit 2), not that a check failed (exit 1).
UNREADABLE_CATALOG = {"invalid-po", "invalid-mo", "file-too-large", "file-not-found", "unreadable"}

locales_app = typer.Typer(help="Label catalogs in locales/: extract, update, compile, stats, check, init.",
                          no_args_is_help=True)
translate_app = typer.Typer(help="Exchange an event's text with translators (PO or XLIFF 2.0).",
                            no_args_is_help=True)

LocalesOption = Annotated[Path | None, typer.Option("--locales", help="The locales folder (default: the project's).",
                                                    show_default=False)]


def _print_diagnostics(diagnostics: list[Any]) -> None:
    for d in diagnostics:
        typer.echo(d.format(), err=True)


def _input_error(exc: Any) -> typer.Exit:
    _print_diagnostics(list(exc.diagnostics))
    return typer.Exit(EXIT_INPUT)


# -- locales ---------------------------------------------------------------------------------------------


@locales_app.command("extract")
def locales_extract(
    locales: LocalesOption = None,
    check_only: Annotated[bool, typer.Option("--check", help="Exit 1 if the template is out of date.")] = False,
) -> None:
    """Collect the labels the code uses into locales/isp_recap.pot."""
    from .locale.catalogs import extract
    from .source.diagnostics import IspRecapError

    try:
        result = extract(root=locales, check_only=check_only)
    except IspRecapError as exc:
        raise _input_error(exc) from None
    changes = f"+{len(result.added)} new, -{len(result.removed)} removed"
    for msgid in result.added:
        typer.echo(f"  + {msgid}")
    for msgid in result.removed:
        typer.echo(f"  - {msgid}")
    if check_only:
        stale = bool(result.added or result.removed) or _template_differs(result)
        typer.echo(f"{result.path}: {'out of date' if stale else 'up to date'} ({result.messages} messages)")
        if stale:
            raise typer.Exit(EXIT_FINDINGS)
        return
    state = "wrote" if result.written else "up to date:"
    typer.echo(f"{state} {result.path} ({result.messages} messages; {changes})")


def _template_differs(result: Any) -> bool:
    from .locale.catalogs import _read_po, _signature, _without_locations, extract_template

    return bool(_signature(_read_po(result.path)) != _signature(_without_locations(extract_template(
        root=result.path.parent))))


@locales_app.command("update")
def locales_update(locales: LocalesOption = None) -> None:
    """Bring every language's catalog in line with the template."""
    from .locale.catalogs import update
    from .source.diagnostics import IspRecapError

    try:
        results = update(locales)
    except IspRecapError as exc:
        raise _input_error(exc) from None
    for r in results:
        state = "updated" if r.written else "up to date"
        typer.echo(f"{r.language}: {state} {r.path} (+{r.added} new, {r.fuzzy} fuzzy, {r.obsolete} obsolete)")


@locales_app.command("compile")
def locales_compile(
    locales: LocalesOption = None,
    use_fuzzy: Annotated[bool, typer.Option("--use-fuzzy", help="Include fuzzy translations.")] = False,
) -> None:
    """Compile each catalog to a .mo file beside it."""
    from .locale.catalogs import compile_catalogs
    from .source.diagnostics import IspRecapError

    try:
        results = compile_catalogs(locales, use_fuzzy=use_fuzzy)
    except IspRecapError as exc:
        _print_diagnostics(list(exc.diagnostics))
        raise typer.Exit(EXIT_FINDINGS) from None
    for r in results:
        skipped = f", {r.fuzzy_skipped} fuzzy left out" if r.fuzzy_skipped else ""
        typer.echo(f"{r.language}: wrote {r.path} ({r.messages} messages{skipped})")


@locales_app.command("stats")
def locales_stats(locales: LocalesOption = None) -> None:
    """Per language: translated, fuzzy and missing labels."""
    from .locale.catalogs import stats
    from .source.diagnostics import IspRecapError

    try:
        rows = stats(locales)
    except IspRecapError as exc:
        raise _input_error(exc) from None
    typer.echo(f"{'language':<10}{'translated':>12}{'fuzzy':>8}{'missing':>9}{'done':>8}")
    for s in rows:
        note = "  (source language)" if s.source else ""
        typer.echo(f"{s.language:<10}{s.translated:>12}{s.fuzzy:>8}{s.missing:>9}{s.percent:>7.0f}%{note}")


@locales_app.command("check")
def locales_check(locales: LocalesOption = None) -> None:
    """Fail on missing or fuzzy labels, placeholders that differ, and malformed PO/MO files."""
    from .locale.catalogs import check, iter_catalog_files

    diags = check(locales)
    _print_diagnostics(diags)
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
    from .locale.catalogs import init
    from .source.diagnostics import IspRecapError

    try:
        path = init(language, locales)
    except IspRecapError as exc:
        raise _input_error(exc) from None
    typer.echo(f"wrote {path}")


# -- translate ---------------------------------------------------------------------------------------------


class ExchangeFormat(str, Enum):
    """Formats of the files exchanged with translators."""

    po = "po"
    xliff = "xliff"


class Only(str, Enum):
    """Which texts to export."""

    all = "all"
    todo = "todo"


@translate_app.command("export")
def translate_export(
    event: Annotated[Path, typer.Argument(help="The event file.", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write ('-' for standard output).",
                                         show_default=False)],
    fmt: Annotated[ExchangeFormat, typer.Option("--format", "-f", help="po (Poedit, Weblate) or xliff (CAT tools).")
                   ] = ExchangeFormat.po,
    only: Annotated[Only, typer.Option("--only", help="all texts, or todo: missing and draft ones.")] = Only.all,
) -> None:
    """Write one unit per bilingual text: id, English, Burmese, status and context."""
    from .fsio import write_atomic
    from .source.diagnostics import IspRecapError
    from .source.loader import load_event_with_positions
    from .translate.units import units_of

    try:
        memo, positions = load_event_with_positions(event)
    except IspRecapError as exc:
        raise _input_error(exc) from None
    units = units_of(memo, positions)
    if only is Only.todo:
        units = [u for u in units if not u.target or u.status == "draft"]
    out_path = None if str(output) == "-" else output
    if fmt is ExchangeFormat.po:
        from .translate.exchange_po import export_po

        data = export_po(memo, units, event, out_path)
    else:
        from .translate.exchange_xliff import export_xliff

        data = export_xliff(memo, units, event, out_path)
    if out_path is None:
        sys.stdout.buffer.write(data)
        return
    write_atomic(out_path, data)
    todo = sum(1 for u in units if not u.target)
    drafts = sum(1 for u in units if u.target and u.status == "draft")
    typer.echo(f"wrote {out_path}: {len(units)} units ({todo} untranslated, {drafts} draft)")


@translate_app.command("import")
def translate_import(
    file: Annotated[Path, typer.Argument(help="A PO or XLIFF file from translators.", show_default=False)],
    into: Annotated[Path | None, typer.Option("--into", help="The event file (default: the one the file names).",
                                              show_default=False)] = None,
    partial: Annotated[bool, typer.Option("--partial", help="Apply what can be applied even if some units are "
                                                            "refused.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")] = False,
) -> None:
    """Merge translations and statuses back into the event, leaving everything else as it is."""
    from .source.diagnostics import IspRecapError
    from .translate.importer import import_file

    try:
        report = import_file(file, into, partial=partial, dry_run=dry_run)
    except IspRecapError as exc:
        raise _input_error(exc) from None
    typer.echo(f"{file} -> {report.event}")
    for change in report.changes:
        what = []
        if change.target is not None:
            what.append("Burmese")
        if change.status is not None:
            what.append(f"status {change.status}")
        typer.echo(f"  {report.event}:{change.line}: {change.id}: {' and '.join(what)}")
    _print_diagnostics(report.refused)
    summary = (f"{len(report.changes)} texts change ({report.targets_changed} translations, "
               f"{report.statuses_changed} statuses), {report.unchanged} unchanged, {len(report.refused)} refused")
    if report.written:
        typer.echo(f"{summary}; wrote {report.event}")
    elif not report.changes:
        typer.echo(f"{summary}; nothing to write")
    elif dry_run:
        typer.echo(f"{summary}; nothing written (--dry-run)")
    else:
        typer.echo(f"{summary}; nothing written: fix the refused units or use --partial", err=True)
    if report.refused:
        raise typer.Exit(EXIT_FINDINGS)


# -- check --------------------------------------------------------------------------------------------------


class OutputFormat(str, Enum):
    """How `check` prints its findings."""

    table = "table"
    json = "json"
    lines = "lines"


def check(
    events: Annotated[list[Path] | None, typer.Argument(help="Event files.", show_default=False)] = None,
    glossary: Annotated[Path | None, typer.Option("--glossary", help="Glossary file (default: glossary.yaml beside "
                                                                     "the event).", show_default=False)] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table, json, or lines (PATH:LINE:COL: ...).")
                   ] = OutputFormat.table,
    fix: Annotated[bool, typer.Option("--fix", help="Convert Zawgyi text to Unicode in the file.")] = False,
    select: Annotated[list[str] | None, typer.Option("--select", help="Run only this check (repeatable).",
                                                     show_default=False)] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip this check (repeatable).",
                                                     show_default=False)] = None,
    list_checks: Annotated[bool, typer.Option("--list", help="List the checks and exit.")] = False,
) -> None:
    """Check translations: missing, numbers, Zawgyi, broken syllables, look-alikes, glossary and more.

    Exit 1 on errors, 0 on warnings only, 2 when an event cannot be read.
    """
    from .translate.checks import RULES

    if list_checks:
        for rule in RULES:
            fixable = " (--fix)" if rule.fixable else ""
            typer.echo(f"{rule.code:<22}{rule.severity:<9}{rule.summary}{fixable}")
        return
    if not events:
        typer.echo("error: give at least one event file", err=True)
        raise typer.Exit(EXIT_INPUT)
    reports = []
    failed_input = False
    for event in events:
        try:
            reports.append(_check_one(event, glossary, select, ignore or [], fix))
        except _InputFailure as exc:
            _print_diagnostics(exc.diagnostics)
            failed_input = True
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(EXIT_INPUT) from None
    _print_reports(reports, fmt)
    if failed_input:
        raise typer.Exit(EXIT_INPUT)
    if any(d.severity == "error" for r in reports for d in r["findings"]):
        raise typer.Exit(EXIT_FINDINGS)


class _InputFailure(Exception):
    def __init__(self, diagnostics: list[Any]):
        super().__init__("input")
        self.diagnostics = diagnostics


def _check_one(event: Path, glossary_path: Path | None, select: list[str] | None, ignore: list[str],
               fix: bool) -> dict[str, Any]:
    from .source.diagnostics import IspRecapError, sort_diagnostics
    from .source.loader import load_event_with_positions
    from .translate.checks import collect
    from .translate.glossary import find_glossary

    try:
        glossary = find_glossary(event, glossary_path)
        memo, positions = load_event_with_positions(event)
    except IspRecapError as exc:
        raise _InputFailure(list(exc.diagnostics)) from None
    results = collect(memo, positions, str(event), glossary, select, ignore)
    fixed = 0
    if fix:
        fixed = _apply_fixes(event, results)
        if fixed:
            memo, positions = load_event_with_positions(event)
            results = collect(memo, positions, str(event), glossary, select, ignore)
    from .model.walk import iter_texts

    return {"path": str(event), "texts": sum(1 for _ in iter_texts(memo)), "glossary": glossary.path,
            "fixed": fixed, "findings": sort_diagnostics(r.diagnostic for r in results)}


def _apply_fixes(event: Path, results: list[Any]) -> int:
    from .fsio import write_atomic
    from .source.diagnostics import IspRecapError
    from .source.loader import parse_event
    from .source.roundtrip import EditError, ValueEdit, edit_values

    edits = {r.loc: ValueEdit(r.loc, r.fix) for r in results if r.fix is not None and r.loc is not None}
    if not edits:
        return 0
    raw = event.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = edit_values(raw.decode("utf-8-sig"), list(edits.values()), str(event))
        new_raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
        parse_event(new_raw, str(event))
    except (EditError, IspRecapError) as exc:
        typer.echo(f"{event}: error[cannot-fix]: {exc}", err=True)
        return 0
    write_atomic(event, new_raw)
    typer.echo(f"{event}: fixed {len(edits)} values (Zawgyi converted to Unicode)", err=True)
    return len(edits)


def _print_reports(reports: list[dict[str, Any]], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        out = {"files": [{**{k: v for k, v in r.items() if k != "findings"},
                          "findings": [_as_json(d) for d in r["findings"]]} for r in reports],
               "errors": sum(1 for r in reports for d in r["findings"] if d.severity == "error"),
               "warnings": sum(1 for r in reports for d in r["findings"] if d.severity == "warning")}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for r in reports:
        findings = r["findings"]
        if fmt is OutputFormat.lines:
            for d in findings:
                typer.echo(d.format())
        elif findings:
            typer.echo(r["path"])
            code_width = max(len(d.code) for d in findings)
            for d in findings:
                where = f"{d.line}:{d.col}" if d.line else "-"
                typer.echo(f"  {where:<9} {d.severity:<8} {d.code:<{code_width}}  {d.message}")
                if d.hint:
                    typer.echo(f"  {'':<9} {'':<8} {'':<{code_width}}  hint: {d.hint}")
        errors = sum(1 for d in findings if d.severity == "error")
        warnings = len(findings) - errors
        glossary = f", glossary {r['glossary']}" if r["glossary"] else ""
        typer.echo(f"{r['path']}: {errors} errors, {warnings} warnings in {r['texts']} texts{glossary}",
                   err=fmt is OutputFormat.lines)


def _as_json(d: Any) -> dict[str, Any]:
    return {"path": d.path, "line": d.line, "col": d.col, "severity": d.severity, "code": d.code,
            "message": d.message, "hint": d.hint}


def register(app: typer.Typer) -> None:
    """Add `locales`, `translate` and `check` to the main command."""
    app.add_typer(locales_app, name="locales")
    app.add_typer(translate_app, name="translate")
    app.command("check")(check)
