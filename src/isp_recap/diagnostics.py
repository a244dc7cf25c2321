"""Diagnostics: what went wrong, where, in the `PATH:LINE:COL: error[code]: message` form.

This module imports nothing but the standard library, so any layer (locale/, render/, document/, the
CLI) can report a finding without loading the loader, pydantic and the models.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

#: error: the input is wrong; warning: probably a mistake; note: information (e.g. an untranslated text).
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding about a source file. `line` and `col` are 1-based; 0 means "no position"."""

    #: The file the finding is about, as the user named it (or `<event>` for text given directly).
    path: str
    #: 1-based line, 0 when the finding is about the whole file.
    line: int
    #: 1-based column, 0 when only the line is known.
    col: int
    #: A stable short name of the kind of finding (`unknown-speaker`, `wrong-type`, ...).
    code: str
    #: What is wrong, in a sentence.
    message: str
    #: `error`, `warning` or `note` (see `Severity`).
    severity: Severity = "error"
    #: How to fix it, when there is a likely fix.
    hint: str | None = None

    def format(self) -> str:
        """The compiler-style line: `PATH:LINE:COL: error[code]: message`."""
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col}" if self.col else f":{self.line}"
        text = f"{where}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics in file order, duplicates removed."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.col, d.code, d.message))


class IspRecapError(Exception):
    """Raised when an input is wrong; carries every diagnostic found, not just the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sort_diagnostics(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics) or "invalid input")

    @property
    def errors(self) -> list[Diagnostic]:
        """Only the diagnostics of severity error."""
        return [d for d in self.diagnostics if d.severity == "error"]


#: What the system refused, by errno: the user's machine said no, not a bug in isp-recap. (code, hint)
_PERMISSION = ("cannot-access", "check the permissions of this path and of its folders")
_REFUSED: dict[int, tuple[str, str | None]] = {
    errno.EACCES: _PERMISSION, errno.EPERM: _PERMISSION, errno.EROFS: ("read-only", None),
    errno.ENOSPC: ("disk-full", None), errno.EDQUOT: ("disk-full", None)}


def access_diagnostic(exc: BaseException) -> Diagnostic | None:
    """The diagnostic for an OS refusal of a named path (permission, read-only or full disk), else None.

    Inputs are read through `fsio`, which words its own refusals; this catches the rest (a file inside
    an unreadable locales folder, an output folder nobody may write, a full disk), wherever it surfaces,
    so no such case can end as an internal error.
    """
    if not isinstance(exc, OSError) or exc.errno not in _REFUSED or not exc.filename:
        return None
    code, hint = _REFUSED[exc.errno]
    return Diagnostic(str(exc.filename), 0, 0, code, exc.strerror or "refused by the system", hint=hint)
