"""The JSON Schema of event files, generated from the models (never written by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_ID = "https://github.com/isp-myanmar/isp-recap/schemas/event.schema.json"


def event_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for `event.yaml`, for editors' completion and validation."""
    from .model import Memo

    schema = Memo.model_json_schema(mode="validation")
    schema.pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "isp-recap event", **schema}


def event_schema_text() -> str:
    """The schema as the exact text stored in `schemas/event.schema.json`."""
    return json.dumps(event_schema(), indent=2, ensure_ascii=False) + "\n"


def check_schema_file(path: str | Path) -> bool:
    """Whether the schema file at `path` is what `event_schema_text` says (a missing file is not).

    Raises `IspRecapError` when `path` is there but not a readable regular file.
    """
    from .fsio import read_input

    path = Path(path)
    if not path.exists():
        return False
    return read_input(path, "schema") == event_schema_text().encode("utf-8")


def write_schema_file(path: str | Path) -> None:
    """Write the schema to `path` atomically, making its folder; `IspRecapError` if it cannot be written."""
    from .diagnostics import Diagnostic, IspRecapError
    from .fsio import file_in_the_way, write_atomic

    path = Path(path)
    blocked = file_in_the_way(path.parent)
    if blocked is not None:
        raise IspRecapError([Diagnostic(str(path), 0, 0, "cannot-write",
                                        f"cannot write the schema: {blocked} is a file, not a folder")])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, event_schema_text())
    except OSError as exc:
        raise IspRecapError([Diagnostic(str(path), 0, 0, "cannot-write",
                                        f"cannot write the schema: {exc.strerror or exc}")]) from None
