"""A fast path for loading event files: libyaml's C parser, positions only when something is wrong.

ruamel.yaml's pure-Python scanner and parser are most of the cost of loading an event (measured: 2.0 s
of 2.25 s for a 600-page event, 0.1 s for the sample; `bench/run.py`). When the C extension
(`ruamel.yaml.clib`) is installed, this module parses with it instead and hands its events to
ruamel's *Python* composer: the C composer recurses without limit and crashes the process on deeply
nested input (measured: a segmentation fault at 100,000 nested `[`), while the Python one enforces
`MAX_DEPTH`. The nodes then go through the same checks as always (`yaml_tree._walk`: tags, duplicate
keys, alias and text budgets, escapes).

libyaml implements YAML 1.1 and ruamel YAML 1.2, and they disagree on corner cases (explicit `?` keys,
tabs, U+2028 as a line break, anchor names, block-scalar headers, `...` markers). Text that contains
any of those constructs is left to the pure parser (`dialect_risk`); a fuzz test checks that, for
everything else, both give the same values. Any error, and any problem found in the values, also
sends the file down the pure path, so every diagnostic is exactly what it was before this module.

Positions (line and column of each value) are only needed when something is wrong: the fast path
returns `LazyPositions`, which re-reads the text with the positioned pure parser on first use.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Diagnostic
from .yaml_tree import (
    MAX_DEPTH,
    Positions,
    _Budget,
    _counting_composer,
    _TooBig,
    _TooManyComposed,
    _walk,
    check_expansion,
    load_tree,
    too_many_events,
)

#: Characters on which libyaml (YAML 1.1) and ruamel.yaml (YAML 1.2) may read the same text
#: differently, anywhere in it: tabs, U+2028/U+2029/U+0085 (line breaks in 1.1 only), a byte-order
#: mark inside the text (`_raw_risk` adds a `...` document-end marker).
_RAW_RISK_CHARACTERS = "\t\u2028\u2029\x85\ufeff"
#: ... and outside quoted scalars: an indicator (`? & * ! | > % @ ``) where a node may start.
_INDICATOR_RISK = re.compile(r"(?:^|[\s\[{,])[?&*!|>%@`]", re.MULTILINE)
#: Lines whose value is one whole quoted scalar (`  - en: "..."`, `    '...'`): the scalar is blanked
#: before looking for indicators, since markup such as `**bold**` inside quotes is text to both parsers.
#: Nothing else is blanked (a quote inside a plain scalar or a flow collection is not a scalar's
#: start); a multi-line scalar's content is scanned too, which can only send more files down the
#: pure path.
_QUOTED_LINE = re.compile(r"""^([ ]*(?:-[ ]+)*(?:[A-Za-z_][A-Za-z0-9_-]*:[ ]+)?)"""
                          r"""("(?:[^"\\\n]|\\[^\n])*"|'(?:[^'\n]|'')*')[ ]*$""", re.MULTILINE)


_INDICATOR = re.compile(r"[?&*!|>%@`]")
#: An anchor or alias whose name both dialects read alike (libyaml allows only these characters).
_SIMPLE_ANCHOR = re.compile(r"[&*][A-Za-z0-9_-]+(?=[\s,\]}]|$)")


def _raw_risk(text: str) -> bool:
    """A character of `_RAW_RISK_CHARACTERS`, or a line starting with `...`: substring searches, which
    scan megabytes in milliseconds (this also runs on the bombs, `only_simple_anchors`)."""
    return any(c in text for c in _RAW_RISK_CHARACTERS) or text.startswith("...") or "\n..." in text


def dialect_risk(text: str) -> bool:
    """True if libyaml and ruamel.yaml might read `text` differently (then only the pure parser runs)."""
    return _raw_risk(text) or bool(_INDICATOR_RISK.search(_QUOTED_LINE.sub(r'\1""', text)))


def only_simple_anchors(text: str) -> bool:
    """True if `text`'s only construct on which the dialects may differ is anchors and aliases with plain
    names (`&a1`, `*intro`), which libyaml and ruamel.yaml read alike."""
    # `dialect_risk`'s conditions, the indicators found by a plain character scan (fast on megabytes).
    if _raw_risk(text):
        return False
    blanked = _QUOTED_LINE.sub(r'\1""', text)
    for m in _INDICATOR.finditer(blanked):
        at = m.start()
        if at and not (blanked[at - 1].isspace() or blanked[at - 1] in "[{,"):
            continue  # not where a node may start (as `_INDICATOR_RISK`: after \s, [, { or ,)
        if blanked[at] not in "&*" or not _SIMPLE_ANCHOR.match(blanked, at):
            return False
    return True


class LazyPositions(Positions):
    """Positions computed by the pure parser the first time anything asks for them."""

    def __init__(self, path: str, text: str) -> None:  # no dataclass fields yet: see __getattr__
        self._source = (path, text)

    def __getattr__(self, name: str) -> Any:
        # Called only for attributes not set yet: `values` and `keys` before the first load.
        if name not in ("values", "keys", "styles"):
            raise AttributeError(name)
        path, text = self.__dict__["_source"]
        _, positions, _ = load_tree(path, text)
        self.values, self.keys, self.styles = positions.values, positions.keys, positions.styles
        return self.__dict__[name]


def c_parser_available() -> bool:
    """True when ruamel.yaml's C extension is installed."""
    try:
        import _ruamel_yaml  # noqa: F401
    except ImportError:
        return False
    return True


def compose_fast(text: str) -> Any:
    """The node tree of `text` through libyaml's parser and ruamel's Python composer, or None.

    None means "use the pure parser": the C extension is missing, the text has a construct on which
    the two YAML dialects may differ, or parsing failed (the pure parser then words the error).
    """
    if too_many_events(text) is not None or dialect_risk(text):  # the count first: it is the cheaper on big files
        return None
    return _compose_c(text)


def compose_for_refusal(text: str) -> Any:
    """The node tree of a text with anchors, through libyaml, to size its expansion before the pure parser
    reads it (`yaml_tree.load_tree`); None when that cannot be trusted to read as the pure parser does.

    Files with anchors never take the fast path (`dialect_risk`), so an alias bomb made of many lines (a
    3,000-anchor chain, megabytes of text under one alias) cost the pure parser's ~40 us a value before
    `check_expansion` refused it. With plain anchor names the two parsers build the same graph, so the
    expansion can be sized on libyaml's; whatever it does not refuse is read by the pure parser as before.
    """
    if ("&" not in text and "*" not in text) or not only_simple_anchors(text):
        return None
    return _compose_c(text)


def _compose_c(text: str) -> Any:
    try:
        from _ruamel_yaml import CParser
    except ImportError:
        return None
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.resolver import VersionedResolver

    class Loader:
        """What ruamel's Composer reads from its loader: parser, resolver, depth limit."""

        max_depth = MAX_DEPTH

        def __init__(self) -> None:
            self._parser = CParser(text)
            self._resolver = VersionedResolver(loadumper=self)
            # Counting, so a file of a million tiny values stops after MAX_COMPOSED (see yaml_tree).
            self._composer = _counting_composer()(loader=self)

    loader = Loader()
    try:
        return loader._composer.get_single_node()
    except (YAMLError, RecursionError, ValueError, TypeError, _TooManyComposed):
        return None
    finally:
        loader._parser.dispose()


def load_tree_fast(path: str, text: str) -> tuple[Any, Positions] | None:
    """Plain values of `text` without reading positions, or None if the pure path must be taken.

    The values are exactly what `yaml_tree.load_tree` gives; None whenever it would report anything.
    """
    root = compose_fast(text)
    if root is None:
        return None
    if check_expansion(root, path) is not None:
        return None  # the pure path words and places the refusal
    diags: list[Diagnostic] = []
    try:
        # Positions recorded here are thrown away: the C parser's marks for some empty values differ
        # from the pure parser's, and diagnostics must not depend on which parser ran.
        value = _walk(root, (), path, Positions(), diags, _Budget(text))
    except _TooBig:
        return None
    if diags:
        return None
    return value, LazyPositions(path, text)
