"""Editing YAML files in place: round-trip load and dump that keep comments, key order and quoting.

Tools that change an event file a person maintains (transcript import, translation import) load it
with `read_roundtrip`, change the returned tree (`ruamel.yaml` `CommentedMap`/`CommentedSeq`, which
behave like dicts and lists) and write it back with `dump_roundtrip`. Comments, key order, quoting
and the file's indentation survive; a file that is loaded and dumped unchanged comes back byte for
byte when it uses one consistent indentation.

The text is first read by the safe positioned loader (`yaml_tree.load_tree`), so everything that
loader refuses (unknown tags, alias bombs, deep nesting, duplicate keys, oversized files) is refused
here too, as diagnostics, before the round-trip parser sees it.

    doc = read_roundtrip("event.yaml")
    doc.data["programme"].append(item)
    write_atomic("event.yaml", dump_roundtrip(doc))
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, IspRecapError
from .yaml_tree import MAX_BYTES, MAX_DEPTH, decode, load_tree

#: Lines are never folded on output: a long paragraph stays on one line, as people write them.
WIDTH = 1_000_000

_KEY_LINE = re.compile(r"^( *)[^\s#-][^:#]*:\s*(#.*)?$")
_SEQ_ITEM = re.compile(r"^( *)- ")
_CONTENT = re.compile(r"^( *)\S")


@dataclass(frozen=True)
class Indent:
    """Block indentation of a YAML file, in ruamel.yaml's terms.

    `mapping` is the indent of a nested mapping, `sequence` the indent of a sequence item's content,
    `offset` the indent of the dash within it. The project's style (`key:` / `  - item`) is 2, 4, 2.
    """

    mapping: int = 2
    sequence: int = 4
    offset: int = 2


@dataclass
class RoundTripDocument:
    """A YAML document loaded for editing: the tree, the text it came from, and its indentation."""

    path: str
    data: Any
    text: str
    indent: Indent


def guess_indent(text: str) -> Indent:
    """The indentation a file uses (the project's default where the file does not show it)."""
    mapping: int | None = None
    offset: int | None = None
    lines = text.splitlines()
    for i, line in enumerate(lines[:-1]):
        key = _KEY_LINE.match(line)
        if not key:
            continue
        following = next((n for n in lines[i + 1:] if n.strip() and not n.lstrip().startswith("#")), None)
        if following is None:
            continue
        base = len(key.group(1))
        seq = _SEQ_ITEM.match(following)
        content = _CONTENT.match(following)
        if seq and offset is None and len(seq.group(1)) >= base:
            offset = len(seq.group(1)) - base
        elif not seq and content and mapping is None and len(content.group(1)) > base:
            mapping = len(content.group(1)) - base
        if mapping is not None and offset is not None:
            break
    default = Indent()
    mapping = mapping or default.mapping
    offset = default.offset if offset is None else offset
    return Indent(mapping=mapping, sequence=offset + 2, offset=offset)


def roundtrip_yaml(indent: Indent | None = None) -> Any:
    """A configured `ruamel.yaml.YAML` in round-trip mode (`typ='rt'`)."""
    from ruamel.yaml import YAML

    indent = indent or Indent()
    yaml = YAML(typ="rt")
    yaml.indent(mapping=indent.mapping, sequence=indent.sequence, offset=indent.offset)
    yaml.width = WIDTH
    yaml.preserve_quotes = True
    yaml.max_depth = MAX_DEPTH
    yaml.allow_unicode = True
    return yaml


def load_roundtrip(source: str | bytes, path: str = "<yaml>") -> RoundTripDocument:
    """Parse YAML text for editing. Raises `IspRecapError` with positioned diagnostics."""
    raw = source.encode("utf-8") if isinstance(source, str) else source
    text, diags = decode(path, raw)
    if text is None:
        raise IspRecapError(diags)
    _plain, _positions, tree_diags = load_tree(path, text)
    diags += tree_diags
    if any(d.severity == "error" for d in diags):
        raise IspRecapError(diags)
    from ruamel.yaml.error import YAMLError

    indent = guess_indent(text)
    try:
        data = roundtrip_yaml(indent).load(text)
    except (YAMLError, RecursionError) as exc:  # load_tree accepted it, so this is unexpected
        raise IspRecapError([Diagnostic(path, 0, 0, "yaml-syntax", " ".join(str(exc).split()))]) from None
    return RoundTripDocument(path=path, data=data, text=text, indent=indent)


def read_roundtrip(path: str | Path) -> RoundTripDocument:
    """Read a YAML file for editing (at most `MAX_BYTES`). Raises `IspRecapError`."""
    path = Path(path)
    shown = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise IspRecapError([Diagnostic(shown, 0, 0, "file-too-large",
                                            f"the file is larger than {MAX_BYTES:,} bytes")])
        raw = path.read_bytes()
    except IsADirectoryError:
        raise IspRecapError([Diagnostic(shown, 0, 0, "not-a-file", "this is a folder, not a file")]) from None
    except FileNotFoundError:
        raise IspRecapError([Diagnostic(shown, 0, 0, "file-not-found", "no such file")]) from None
    except OSError as exc:
        raise IspRecapError([Diagnostic(shown, 0, 0, "unreadable", exc.strerror or "cannot read")]) from None
    return load_roundtrip(raw, shown)


def dump_roundtrip(doc: RoundTripDocument | Any, indent: Indent | None = None) -> str:
    """The YAML text of a document (or of a bare tree, in the project's indentation)."""
    if isinstance(doc, RoundTripDocument):
        data, indent = doc.data, indent or doc.indent
    else:
        data = doc
    out = io.StringIO()
    roundtrip_yaml(indent).dump(data, out)
    return out.getvalue()
