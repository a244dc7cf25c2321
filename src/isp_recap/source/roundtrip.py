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
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, IspRecapError
from .yaml_tree import MAX_BYTES, MAX_DEPTH, load_tree, parse_yaml

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
    text = parse_yaml(path, raw).text
    from ruamel.yaml.error import YAMLError

    indent = guess_indent(text)
    try:
        data = roundtrip_yaml(indent).load(text)
    except (YAMLError, RecursionError) as exc:  # load_tree accepted it, so this is unexpected
        raise IspRecapError([Diagnostic(path, 0, 0, "yaml-syntax", " ".join(str(exc).split()))]) from None
    return RoundTripDocument(path=path, data=data, text=text, indent=indent)


def read_roundtrip(path: str | Path) -> RoundTripDocument:
    """Read a YAML file for editing (at most `MAX_BYTES`). Raises `IspRecapError`."""
    from ..fsio import read_input

    return load_roundtrip(read_input(path, "event", MAX_BYTES), str(path))


def dump_roundtrip(doc: RoundTripDocument | Any, indent: Indent | None = None) -> str:
    """The YAML text of a document (or of a bare tree, in the project's indentation)."""
    if isinstance(doc, RoundTripDocument):
        data, indent = doc.data, indent or doc.indent
    else:
        data = doc
    out = io.StringIO()
    roundtrip_yaml(indent).dump(data, out)
    return out.getvalue()


# --- Editing values in place ------------------------------------------------------------------------
#
# `dump_roundtrip` re-emits the whole document, so anything ruamel.yaml does not keep exactly (spacing
# inside `{ ... }`, escapes in quoted strings, folded plain scalars) could change far from the edit.
# A translator's import must leave every byte outside the changed values alone, so `edit_values`
# splices new scalars into the text at the positions ruamel.yaml's round-trip composer reports, then
# reads the result back and refuses it unless exactly the intended values changed.


@dataclass(frozen=True)
class ValueEdit:
    """Set the string at `loc` (a key path like `("programme", 3, "turn", "paragraphs", 0, "my")`).

    When the key does not exist yet it is added to its mapping, after the first key of `after`
    that the mapping has (else after its last key), in the style of the file.
    """

    loc: tuple[str | int, ...]
    value: str
    after: tuple[str, ...] = ()
    #: Write the value unquoted when YAML allows it (keywords like `status: reviewed`).
    plain: bool = False


class EditError(ValueError):
    """An edit that cannot be made safely (the path is not a string in a mapping, or is aliased)."""


def edit_values(text: str, edits: list[ValueEdit] | tuple[ValueEdit, ...], path: str = "<yaml>") -> str:
    """YAML `text` with the values of `edits` set, every other byte unchanged.

    Quoting of a changed value follows the value it replaces (or the value it is added after); a value
    that cannot be written in that style is double-quoted. Raises `EditError` if an edit is impossible,
    `IspRecapError` if `text` is not YAML the safe loader accepts.
    """
    if not edits:
        return text
    before, _pos, diags = load_tree(path, text)
    if before is None or any(d.severity == "error" for d in diags):
        raise IspRecapError(diags)
    from ruamel.yaml.nodes import MappingNode, ScalarNode

    root = roundtrip_yaml().compose(text)
    index: dict[tuple[str | int, ...], Any] = {}
    shared: set[tuple[str | int, ...]] = set()
    _index_nodes(root, (), index, shared, {})
    newline = "\r\n" if "\r\n" in text else "\n"
    splices: list[tuple[int, int, str]] = []
    for edit in edits:
        if not edit.loc or not isinstance(edit.loc[-1], str):
            raise EditError(f"{_dotted(edit.loc)}: only values of mapping keys can be set")
        parent_loc, key = edit.loc[:-1], edit.loc[-1]
        parent = index.get(parent_loc)
        if not isinstance(parent, MappingNode):
            raise EditError(f"{_dotted(parent_loc)} is not a mapping in the file")
        if parent_loc in shared:
            raise EditError(f"{_dotted(parent_loc)} is written once and used twice (an alias); edit it by hand")
        entries = [(k, v) for k, v in parent.value if isinstance(k, ScalarNode)]
        current_key, current = next(((k, v) for k, v in entries if k.value == key), (None, None))
        if current is not None:
            if not isinstance(current, ScalarNode):
                raise EditError(f"{_dotted(edit.loc)} is not a single value")
            start, end = current.start_mark.index, current.end_mark.index
            if start == end and current_key is not None:
                # An empty value (`my:`) is marked where the next token starts; write it after the colon.
                colon = text.index(":", current_key.end_mark.index) + 1
                rendered = _render(edit.value, None, bool(parent.flow_style), text, None, newline)
                splices.append((colon, colon, " " + rendered))
                continue
            style = None if edit.plain else current.style
            rendered = _render(edit.value, style, bool(parent.flow_style), text, current, newline)
            if current.style in ("|", ">"):
                # A block scalar's span runs to the next line: keep its line break and trailing blank
                # lines where they were, whatever style the new value is written in.
                original = text[start:end]
                stripped = original.rstrip(" \n\r")
                end = start + len(stripped)
            splices.append((start, end, rendered))
            continue
        anchor_key, anchor = next(((k, v) for name in edit.after for k, v in entries if k.value == name),
                                  entries[-1])
        style = anchor.style if isinstance(anchor, ScalarNode) else '"'
        style = None if edit.plain else style
        if parent.flow_style:
            rendered = _render(edit.value, style, True, text, None, newline)
            at = anchor.end_mark.index
            splices.append((at, at, f", {key}: {rendered}"))
        else:
            indent = " " * anchor_key.start_mark.column
            rendered = _render(edit.value, style if style not in ("|", ">") else '"', False, text, None, newline)
            value_text = text[anchor.start_mark.index:anchor.end_mark.index]
            last = anchor.start_mark.index + len(value_text.rstrip(" \r\n"))
            nl = text.find("\n", last)
            line = f"{indent}{key}: {rendered}{newline}"
            if nl == -1:
                splices.append((len(text), len(text), newline + line.removesuffix(newline)))
            else:
                splices.append((nl + 1, nl + 1, line))
    splices.sort(key=lambda s: (s[0], s[1]))
    for (s1, e1, _), (s2, _e2, _) in itertools.pairwise(splices):
        if s2 < e1 or (s1 == s2 and e1 != s1):
            raise EditError("two edits change the same value")
    out = text
    for start, end, new in reversed(splices):
        out = out[:start] + new + out[end:]
    _verify(path, before, out, edits)
    return out


def _dotted(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in loc) or "the document"


def _index_nodes(node: Any, loc: tuple[str | int, ...], index: dict[tuple[str | int, ...], Any],
                 shared: set[tuple[str | int, ...]], seen: dict[int, tuple[str | int, ...]]) -> None:
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    index[loc] = node
    if id(node) in seen:  # an alias: the same node reached by a second path
        shared.add(loc)
        shared.add(seen[id(node)])
    seen.setdefault(id(node), loc)
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                _index_nodes(value, (*loc, _key_value(key)), index, shared, seen)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _index_nodes(item, (*loc, i), index, shared, seen)


def _key_value(key: Any) -> str | int:
    value = key.value
    if key.tag.endswith(":int") and re.fullmatch(r"[-+]?[0-9_]+", value):
        return int(value.replace("_", ""))
    return str(value)


def _double_quoted(value: str) -> str:
    import json

    # JSON strings are YAML double-quoted scalars; U+2028/9 and C1 controls are escaped as well
    # because YAML 1.1 readers treat some of them as line breaks.
    quoted = json.dumps(value, ensure_ascii=False)
    return re.sub(r"[\u0080-\u009f\u2028\u2029\ufeff]", lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _reads_back(candidate: str, value: str, flow: bool) -> bool:
    """True if `candidate`, written as a mapping value, reads back as exactly the string `value`."""
    probe = f"{{k: {candidate}}}\n" if flow else f"k: {candidate}\n"
    data, _pos, diags = load_tree("<probe>", probe)
    return not diags and isinstance(data, dict) and list(data) == ["k"] and data["k"] == value \
        and isinstance(data["k"], str)


def _render(value: str, style: str | None, flow: bool, text: str, node: Any, newline: str) -> str:
    """`value` as a YAML scalar, in `style` when it can be written that way, else double-quoted."""
    if style is None and "\n" not in value and _reads_back(value, value, flow):
        return value
    if style == "'" and "\n" not in value and not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]", value):
        candidate = "'" + value.replace("'", "''") + "'"
        if _reads_back(candidate, value, flow):
            return candidate
    if style in ("|", ">") and node is not None and not flow:
        block = _render_block(value, style, text, node, newline)
        if block is not None:
            return block
    return _double_quoted(value)


def _render_block(value: str, style: str, text: str, node: Any, newline: str) -> str | None:
    body = value[:-1] if value.endswith("\n") else value
    lines = body.split("\n")
    if not body or body.endswith("\n") or lines[0].startswith((" ", "\t")) \
            or re.search(r"[\r\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]", value):
        return None
    original = text[node.start_mark.index:node.end_mark.index]
    content = re.search(r"\n( +)\S", original)
    indent = content.group(1) if content else " " * (node.start_mark.column + 2)
    chomp = "" if value.endswith("\n") else "-"
    header = (">" if style == ">" and len(lines) == 1 else "|") + chomp
    return header + newline + newline.join(indent + line if line else "" for line in lines)


def _verify(path: str, before: Any, after_text: str, edits: list[ValueEdit] | tuple[ValueEdit, ...]) -> None:
    """Refuse the edited text unless it reads back as `before` with exactly `edits` applied."""
    import copy

    expected = copy.deepcopy(before)
    for edit in edits:
        target = expected
        for part in edit.loc[:-1]:
            target = target[part]
        target[edit.loc[-1]] = edit.value
    after, _pos, diags = load_tree(path, after_text)
    if any(d.severity == "error" for d in diags) or after != expected:
        raise EditError("the edited file would not read back as intended; nothing was changed "
                        "(please report this with the file)")
