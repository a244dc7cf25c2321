"""Event files in, validated `Memo` out; every mistake becomes a positioned diagnostic."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, IspRecapError
from ..model import Memo
from ..model.chart import SHAPE_ERROR
from ..model.text import TEXT_EMPTY
from .chart_checks import check_charts
from .yaml_tree import MAX_BYTES, Loc, Positions, decode, load_tree

_TYPE_NAMES = {
    "string_type": "a text string", "int_type": "a whole number", "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)", "list_type": "a list", "model_type": "a mapping of keys",
    "dict_type": "a mapping", "float_type": "a number", "model_attributes_type": "a mapping of keys",
}


def load_event(path: str | Path) -> Memo:
    """Read and validate an event file.

    Returns the `Memo`, or raises `IspRecapError` carrying every diagnostic found.
    """
    return load_event_with_positions(path)[0]


def load_event_with_positions(path: str | Path) -> tuple[Memo, Positions]:
    """Like `load_event`, and also where each value is in the file (for later findings)."""
    from ..fsio import read_input

    path = Path(path)
    raw = read_input(path, "event", MAX_BYTES)  # bounded, regular files only, no link out of its folder
    return _parse(raw, str(path), path.resolve().parent)


def parse_event_with_positions(raw: bytes, path: str | Path) -> tuple[Memo, Positions]:
    """`load_event_with_positions` of bytes already read from `path` (images resolve beside it)."""
    path = Path(path)
    return _parse(raw, str(path), path.resolve().parent)


def parse_event(source: bytes | str, path: str = "<event>", base_dir: Path | None = None) -> Memo:
    """Validate event YAML given as bytes or text; `path` is only used in diagnostics.

    With `base_dir`, data-card images are checked too (inside that folder, PNG or JPEG).
    """
    return _parse(source, path, base_dir)[0]


def _parse(source: bytes | str, path: str, base_dir: Path | None) -> tuple[Memo, Positions]:
    raw = source.encode("utf-8") if isinstance(source, str) else source
    text, diags = decode(path, raw)
    if text is None:
        raise IspRecapError(diags)
    if not diags:
        fast = _parse_fast(text, path, base_dir)
        if fast is not None:
            return fast
    data, positions, tree_diags = load_tree(path, text)
    diags += tree_diags
    if data is None:
        raise IspRecapError(diags)
    if not isinstance(data, dict):
        raise IspRecapError([*diags, Diagnostic(path, *positions.of_value(()), "wrong-type",
                                                 "an event file is a mapping of keys (format:, event:, ...)")])
    try:
        memo = Memo.model_validate(data)
    except ValidationError as exc:
        diags += _model_diagnostics(path, exc, positions, {(d.line, d.col) for d in diags})
        diags += _cross_references(path, data, positions)
        diags += check_charts(path, data, positions)
        if base_dir is not None:  # an image's path is independent of the other mistakes: report it too
            from .assets import check_image_refs, image_refs

            diags += check_image_refs(image_refs(data), base_dir, positions, path)
        raise IspRecapError(diags) from None
    diags += _cross_references(path, data, positions)
    if base_dir is not None:
        from .assets import check_images

        diags += check_images(memo, base_dir, positions, path)
    if any(d.severity == "error" for d in diags):
        raise IspRecapError(diags)
    return memo, positions


def _parse_fast(text: str, path: str, base_dir: Path | None) -> tuple[Memo, Positions] | None:
    """The Memo through the C parser (see `fastyaml`), or None when anything needs a diagnostic.

    Positions are computed only if someone asks for them. On any problem the caller starts again on
    the positioned path, so the fast path never words or places a diagnostic itself.
    """
    from .fastyaml import load_tree_fast

    loaded = load_tree_fast(path, text)
    if loaded is None or not isinstance(loaded[0], dict):
        return None
    data, positions = loaded
    try:
        memo = Memo.model_validate(data)
    except ValidationError:
        return None
    if _cross_references(path, data, positions):
        return None
    if base_dir is not None:
        from .assets import check_images

        if any(d.severity == "error" for d in check_images(memo, base_dir, positions, path)):
            return None
    return memo, positions


def _model_diagnostics(path: str, exc: ValidationError, positions: Positions,
                       already: set[tuple[int, int]], root: type[BaseModel] = Memo) -> list[Diagnostic]:
    """pydantic's errors as positioned diagnostics, without echoes of one mistake.

    `root` is the model the file was validated as (an event's `Memo`, a theme's `Theme`).
    """
    errors = exc.errors(include_url=False)
    # A misspelt key also makes the real one "missing": report only the misspelling.
    misspelt = set()
    for err in errors:
        if err["type"] == "extra_forbidden":
            loc = tuple(err["loc"])
            for close in difflib.get_close_matches(str(loc[-1]), _field_names(loc[:-1], root), n=1, cutoff=0.6):
                misspelt.add((*loc[:-1], close))
    out = []
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "missing" and loc in misspelt:
            continue
        if err["type"] == SHAPE_ERROR:  # check_charts reports it at the value at fault
            continue
        d = _diagnostic(path, err, positions, root)
        if (d.line, d.col) in already:  # the YAML layer already explained this value
            continue
        out.append(d)
    return out


def _diagnostic(path: str, err: Any, positions: Positions, root: type[BaseModel] = Memo) -> Diagnostic:
    loc: Loc = tuple(err["loc"])
    kind: str = err["type"]
    where = ".".join(str(p) for p in loc) or "the file"
    if kind == "extra_forbidden":
        line, col = positions.of_key(loc)
        name = str(loc[-1])
        allowed = _field_names(loc[:-1], root)
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        message = f"unknown key {name!r}"
        message += f"; did you mean {close[0]!r}?" if close else f"; expected one of: {', '.join(allowed)}"
        return Diagnostic(path, line, col, "unknown-key", message)
    if kind == "missing":
        line, col = positions.of_key(loc[:-1]) if loc[:-1] else (1, 1)
        return Diagnostic(path, line, col, "missing-field", f"{where} is required but missing")
    if kind == TEXT_EMPTY:  # a text with neither language: the key of the text is at fault
        line, col = positions.of_key(loc) if loc else (1, 1)
        return Diagnostic(path, line, col, "missing-field", f"{where} needs en (English) or my (Burmese) text")
    line, col = positions.of_value(loc)
    value = err.get("input")
    if kind in _TYPE_NAMES:
        got = _describe(value)
        return Diagnostic(path, line, col, "wrong-type", f"{where} must be {_TYPE_NAMES[kind]}, not {got}")
    if kind == "finite_number":  # YAML's .inf and .nan
        return Diagnostic(path, line, col, "invalid-value", f"{where} must be a finite number, not {value}")
    if kind in ("literal_error", "enum"):
        expected = str(err.get("ctx", {}).get("expected", ""))
        choices = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
        close = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.6) if isinstance(value, str) else []
        return Diagnostic(path, line, col, "invalid-value",
                          f"{where} is {_describe(value)}; "
                          + (f"did you mean {close[0]!r}? (expected {expected})" if close else f"expected {expected}"))
    if kind == "string_pattern_mismatch":
        return Diagnostic(path, line, col, "invalid-value", f"{where}: {_describe(value)} {_pattern_hint(loc)}")
    if kind in ("string_too_long", "too_long"):
        return Diagnostic(path, line, col, "too-long", f"{where} is too long: {err['msg'].lower()}")
    if kind in ("string_too_short", "too_short"):
        return Diagnostic(path, line, col, "empty", f"{where} must not be empty")
    message = str(err["msg"]).removeprefix("Value error, ")
    return Diagnostic(path, line, col, "invalid-value", f"{where}: {message}")


def _pattern_hint(loc: Loc) -> str:
    last = str(loc[-1])
    if last in ("id", "speaker"):
        return "is not a valid id: use lowercase letters, digits and hyphens, like 'nan-lwin'"
    if last in ("website", "url"):
        return "is not a web address starting with http:// or https://"
    if last == "email":
        return "is not an e-mail address"
    if last == "phone":
        return "is not a phone number: digits, spaces, +, - and parentheses, like '+95 1 234 567'"
    if last == "date":
        return "is not a year and month like 2025-07"
    if last == "at":
        return "is not a time in the recording like 00:12:31.200"
    if last == "as_of":
        return "is not a date like 2024, 2024-12 or 2024-12-31"
    return "has the wrong form"


def _describe(value: Any) -> str:
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {short!r}"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "empty"
    return f"a {type(value).__name__}"


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _models_in(typing.get_args(annotation)[0])
        return
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            yield from _models_in(arg)


def _field_names(loc: Loc, root: type[BaseModel] = Memo) -> list[str]:
    """The keys the model allows at `loc` (for "did you mean")."""
    model: type[BaseModel] = root
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        found = list(_models_in(field.annotation)) if field else []
        if not found:
            return []
        model = found[0]
    return list(model.model_fields)


def _cross_references(path: str, data: dict[str, Any], positions: Positions) -> list[Diagnostic]:
    """Speakers that are not declared, and ids used twice."""
    diags: list[Diagnostic] = []
    people = data.get("people")
    declared: dict[str, Loc] = {}
    ids: dict[str, Loc] = {}

    def note_id(value: Any, loc: Loc, kind: str, table: dict[str, Loc]) -> None:
        if not isinstance(value, str):
            return
        if value in table:
            first = positions.of_value(table[value])
            diags.append(Diagnostic(path, *positions.of_value(loc), "duplicate-id",
                                    f"{kind} id {value!r} is already used at line {first[0]}"))
        else:
            table[value] = loc

    if isinstance(people, list):
        for i, person in enumerate(people):
            if isinstance(person, dict):
                note_id(person.get("id"), ("people", i, "id"), "person", declared)

    def check_speaker(turn: Any, loc: Loc) -> None:
        if not isinstance(turn, dict) or not isinstance(turn.get("speaker"), str):
            return
        speaker = turn["speaker"]
        if speaker not in declared:
            close = difflib.get_close_matches(speaker, list(declared), n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else "declare them under people:"
            diags.append(Diagnostic(path, *positions.of_value((*loc, "speaker")), "unknown-speaker",
                                    f"speaker {speaker!r} is not declared in people; {hint}"))

    def check_question(q: Any, loc: Loc) -> None:
        if not isinstance(q, dict):
            return
        note_id(q.get("id"), (*loc, "id"), "question", ids)
        answers = q.get("answers")
        if isinstance(answers, list):
            for j, answer in enumerate(answers):
                check_speaker(answer, (*loc, "answers", j))

    for section, kinds in (("programme", ("turn", "data_card")), ("qa", ("turn", "question"))):
        items = data.get(section)
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            if "turn" in kinds:
                check_speaker(item.get("turn"), (section, i, "turn"))
            card = item.get("data_card")
            if isinstance(card, dict):
                note_id(card.get("id"), (section, i, "data_card", "id"), "data card", ids)
            if "question" in kinds:
                check_question(item.get("question"), (section, i, "question"))
    closing = data.get("closing")
    if isinstance(closing, list):
        for i, turn in enumerate(closing):
            check_speaker(turn, ("closing", i))
    appendix = data.get("appendix")
    if isinstance(appendix, dict) and isinstance(appendix.get("questions"), list):
        for i, q in enumerate(appendix["questions"]):
            check_question(q, ("appendix", "questions", i))
    return diags


def validation_diagnostics(path: str, exc: ValidationError, positions: Positions,
                           root: type[BaseModel]) -> list[Diagnostic]:
    """pydantic's errors for a file validated as `root` (not an event: a theme, say), positioned."""
    return _model_diagnostics(path, exc, positions, set(), root)
