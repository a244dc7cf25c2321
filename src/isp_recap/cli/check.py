"""`isp-recap check`: translation checks over event files, as a table, JSON or compiler-style lines."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .output import EXIT_FINDINGS, EXIT_INPUT, print_diagnostics, usage_error

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..translate.checkrun import CheckReport


class OutputFormat(StrEnum):
    """How `check` prints its findings."""

    table = "table"
    json = "json"
    lines = "lines"


def check(
    events: Annotated[list[Path] | None,
                      typer.Argument(help="Event files.", show_default=False, readable=False)] = None,
    glossary: Annotated[Path | None, typer.Option("--glossary", help="Glossary file (default: glossary.yaml beside "
                                                                     "the event).", show_default=False,
                                                  readable=False)] = None,
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
    from ..diagnostics import IspRecapError
    from ..translate.checkrun import check_event
    from ..translate.checks import RULES

    if list_checks:
        for rule in RULES:
            fixable = " (--fix)" if rule.fixable else ""
            typer.echo(f"{rule.code:<22}{rule.severity:<9}{rule.summary}{fixable}")
        return
    if not events:
        raise usage_error("give at least one event file")
    reports = []
    failed_input = False
    for event in events:
        try:
            report = check_event(event, glossary, select, ignore or [], fix)
        except IspRecapError as exc:
            print_diagnostics(exc.diagnostics)
            failed_input = True
            continue
        except ValueError as exc:
            raise usage_error(str(exc)) from None
        print_diagnostics(report.fix_notes)
        reports.append(report)
    _print_reports(reports, fmt)
    if failed_input:
        raise typer.Exit(EXIT_INPUT)
    if any(d.severity == "error" for r in reports for d in r.findings):
        raise typer.Exit(EXIT_FINDINGS)


def _print_reports(reports: list[CheckReport], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        out = {"files": [{"path": r.path, "texts": r.texts, "glossary": r.glossary, "fixed": r.fixed,
                          "findings": [_as_json(d) for d in r.findings]} for r in reports],
               "errors": sum(1 for r in reports for d in r.findings if d.severity == "error"),
               "warnings": sum(1 for r in reports for d in r.findings if d.severity == "warning")}
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for r in reports:
        findings = r.findings
        if fmt is OutputFormat.lines:
            print_diagnostics(findings, err=False)
        elif findings:
            typer.echo(r.path)
            code_width = max(len(d.code) for d in findings)
            for d in findings:
                where = f"{d.line}:{d.col}" if d.line else "-"
                typer.echo(f"  {where:<9} {d.severity:<8} {d.code:<{code_width}}  {d.message}")
                if d.hint:
                    typer.echo(f"  {'':<9} {'':<8} {'':<{code_width}}  hint: {d.hint}")
        errors = sum(1 for d in findings if d.severity == "error")
        warnings = len(findings) - errors
        glossary = f", glossary {r.glossary}" if r.glossary else ""
        typer.echo(f"{r.path}: {errors} errors, {warnings} warnings in {r.texts} texts{glossary}",
                   err=fmt is OutputFormat.lines)


def _as_json(d: Diagnostic) -> dict[str, Any]:
    return {"path": d.path, "line": d.line, "col": d.col, "severity": d.severity, "code": d.code,
            "message": d.message, "hint": d.hint}


def register(app: typer.Typer) -> None:
    """Add `check`."""
    app.command("check")(check)
