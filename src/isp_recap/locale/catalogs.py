"""The label catalogs: the memo's labels ("Host", "Q&A", "Note", ...) from gettext catalogs, and the
catalogs' life cycle as pybabel and sphinx-intl run it: extract, update, compile, check.

    locales/isp_recap.pot                  the template: every label the code asks for
    locales/LANG/LC_MESSAGES/isp_recap.po  one catalog per language (English is the source language)
    locales/LANG/LC_MESSAGES/isp_recap.mo  compiled catalogs, for gettext tools (the memo reads the PO)

A memo's labels are read from the PO files (`load_labels`; no compile step is needed to build a
memo); a malformed catalog is an error with its file and line, never a silent fallback. Every PO
file, for a build or for `isp-recap locales`, is read by `_read_po`: bounded, regular files only
(`fsio.read_input`), then the one strict PO reader (`posyntax`). Nothing is printed here.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
import struct
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, IspRecapError
from ..fsio import InputRefused, confined_path, read_input, read_input_bytes, write_atomic
from ..resources import PACKAGE, locales_dir
from .posyntax import parse_po

DOMAIN = "isp_recap"
MAX_PO_BYTES = 2 * 1024 * 1024

def N_(msgid: str) -> str:
    """Mark a label for extraction into the catalogs without translating it here (gettext_noop)."""
    return msgid


@dataclass(frozen=True)
class Labels:
    """The translated labels of one language."""

    language: str
    messages: dict[str, str] = field(default_factory=dict)
    source: Path | None = None

    def __call__(self, msgid: str, **values: object) -> str:
        """The translation of `msgid` (or `msgid` itself), with `{name}` placeholders filled in."""
        text = self.messages.get(msgid) or msgid
        if not values:
            return text
        if placeholders(text) != placeholders(msgid):
            # A translator's broken or extra placeholder ("{year.__class__}" reads attributes of the
            # value) must neither stop a build nor run: `locales check` reports it, the label is English.
            text = msgid
        try:
            return text.format_map(values)
        except (KeyError, IndexError, ValueError, AttributeError, TypeError):
            return msgid.format_map(values)


def catalog_path(language: str, root: Path | None = None) -> Path:
    """Where the PO catalog of `language` lives."""
    return (root or locales_dir()) / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_labels(language: str, root: Path | None = None) -> Labels:
    """Labels for `language` from `root` (default: the project's `locales/`)."""
    path = catalog_path(language, root)
    _confined(path, root)
    if not path.is_file():
        if language == "en":
            return Labels("en")
        raise IspRecapError([Diagnostic(str(path), 0, 0, "missing-catalog",
                                        f"no label catalog for language {language!r}",
                                        hint=f"create it with `isp-recap locales init {language}`")])
    stat = path.stat()
    return _load(str(path), language, stat.st_mtime_ns, stat.st_size)


def _confined(path: Path, root: Path | None) -> None:
    """Refuse a catalog under `root` that links to a file outside it (it would be read, and quoted)."""
    if root is not None and path.exists():
        try:
            confined_path(path, "catalog", root)
        except InputRefused as exc:
            raise IspRecapError([Diagnostic(str(path), 0, 0, exc.code, exc.message)]) from None


def catalog_bytes(language: str, root: Path | None = None) -> bytes:
    """The bytes of a language's catalog (b"" if it has none), read bounded; for fingerprints."""
    path = catalog_path(language, root)
    _confined(path, root)
    if not path.exists():
        return b""
    return read_input(path, "catalog", MAX_PO_BYTES, root=root)


@lru_cache(maxsize=32)
def _load(path: str, language: str, _mtime: int, size: int) -> Labels:
    # Bounded, and a regular file still (it may have been swapped for a FIFO since the stat); then the
    # one strict PO reader, the same `locales check` uses (duplicates, truncated lines, plural forms).
    messages: dict[str, str] = {}
    for message in _read_po(Path(path)):
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            messages[message.id] = message.string
    return Labels(language, messages, Path(path))


def placeholders(text: str) -> set[str]:
    """The `{name}` placeholders in a message."""
    names = set()
    try:
        for _, name, _, _ in string.Formatter().parse(text):
            if name is not None:
                names.add(name)
    except ValueError:
        names.add("<malformed>")
    return names


# -- the catalogs' life cycle (`isp-recap locales`) ------------------------------------------------

#: The language the labels are written in: its catalog's msgstr stay empty (the msgid is the label).
SOURCE_LANGUAGE = "en"
#: Label calls in the code besides gettext's usual names: `N_` marks, the builder's `label` helpers.
EXTRA_KEYWORDS = {"label": None, "label_with": None}
MAX_MO_BYTES = 4 * 1024 * 1024
PROJECT = "isp-recap"
BUGS_ADDRESS = "info@ISPMyanmar.com"

_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\-+]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa]")


def template_path(root: Path | None = None) -> Path:
    """Where the template (POT) lives."""
    return (root or locales_dir()) / f"{DOMAIN}.pot"


def languages(root: Path | None = None) -> list[str]:
    """The languages that have a PO catalog, sorted."""
    root = root or locales_dir()
    return sorted(p.parent.parent.name for p in root.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def _read_po(path: Path, locale: str | None = None, root: Path | None = None) -> Any:
    """A PO file as a Babel catalog; raises `IspRecapError` with `file:line` when it is malformed.

    With `root` (the locales folder), a catalog that is a symlink to a file outside it is refused: a
    catalog from outside must not make the tool read, and echo in its messages, any file it points at.
    """
    shown = str(path)
    # Bounded, and only a regular file: a FIFO would block, /dev/zero would never end.
    raw = read_input(path, "catalog", MAX_PO_BYTES, root=root)
    return parse_po(raw, shown, locale=locale)


def _write_po(path: Path, catalog: Any, width: int) -> None:
    from babel.messages.pofile import write_po

    out = io.BytesIO()
    write_po(out, catalog, width=width, sort_output=True, omit_header=False, ignore_obsolete=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, out.getvalue())


def _signature(catalog: Any) -> list[tuple[Any, ...]]:
    """What a catalog says, without its dates: to tell whether rewriting it would change anything."""
    items: list[tuple[Any, ...]] = [(m.id, m.context, m.string or "", tuple(sorted(m.flags)), tuple(m.auto_comments),
              tuple(m.user_comments), tuple(m.locations)) for m in catalog if m.id]
    items += [("obsolete", m.id, m.context, m.string) for m in catalog.obsolete.values()]
    return sorted(items, key=repr)


# -- extract -------------------------------------------------------------------------------------------


@dataclass
class ExtractResult:
    """The template after extraction: its messages, and what changed."""

    path: Path
    messages: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    written: bool = False
    #: The template on disk differs from what the code asks for (messages, comments or flags).
    stale: bool = False


def extract_template(source_dir: Path | None = None, root: Path | None = None) -> Any:
    """A catalog of every label the code asks for (methods from `locales/babel.cfg`)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = root or locales_dir()
    source_dir = source_dir or PACKAGE
    cfg = root / "babel.cfg"
    if cfg.is_file():
        with cfg.open(encoding="utf-8") as handle:
            method_map, options_map = parse_mapping_cfg(handle, str(cfg))  # type: ignore[no-untyped-call]
    else:
        method_map, options_map = [("**.py", "python")], {"**.py": {}}
    catalog = Catalog(project=PROJECT, version=_version(), msgid_bugs_address=BUGS_ADDRESS,
                      copyright_holder=f"{PROJECT} developers", charset="utf-8", fuzzy=True)
    keywords = {**DEFAULT_KEYWORDS, **EXTRA_KEYWORDS}
    for filename, lineno, message, comments, context in extract_from_dir(
            str(source_dir), method_map, options_map, keywords=keywords, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _version() -> str:
    from .. import __version__

    return __version__


def _without_locations(catalog: Any) -> Any:
    # The template lists no source lines: they would change with every edit of the code.
    for message in catalog:
        message.locations = []
    return catalog


def extract(source_dir: Path | None = None, root: Path | None = None, check_only: bool = False) -> ExtractResult:
    """Extract the labels into `isp_recap.pot`; rewrite it only if a message changed."""
    root = root or locales_dir()
    path = template_path(root)
    new = _without_locations(extract_template(source_dir, root))
    old_ids: set[Any] = set()
    if path.is_file():
        old = _read_po(path)
        old_ids = {(m.id, m.context) for m in old if m.id}
        changed = _signature(old) != _signature(new)
    else:
        changed = True
    new_ids = {(m.id, m.context) for m in new if m.id}
    result = ExtractResult(path, len(new_ids), sorted(str(i[0]) for i in new_ids - old_ids),
                           sorted(str(i[0]) for i in old_ids - new_ids), stale=changed)
    if changed and not check_only:
        _write_po(path, new, width=76)
        result.written = True
    return result


# -- update, init ----------------------------------------------------------------------------------------


@dataclass
class UpdateResult:
    """One language after `update`."""

    language: str
    path: Path
    added: int = 0
    obsolete: int = 0
    fuzzy: int = 0
    written: bool = False


def update(root: Path | None = None, langs: list[str] | None = None) -> list[UpdateResult]:
    """Bring every catalog in line with the template: new labels added, fuzzy matches, old ones obsolete."""
    root = root or locales_dir()
    template = _read_po(template_path(root))
    results = []
    for language in langs or languages(root):
        path = catalog_path(language, root)
        catalog = _read_po(path, locale=language)
        before = _signature(catalog)
        had = {(m.id, m.context) for m in catalog if m.id}
        fuzzy_before = {(m.id, m.context) for m in catalog if m.id and m.fuzzy}
        catalog.update(template, update_header_comment=False, update_creation_date=False)
        now = {(m.id, m.context) for m in catalog if m.id}
        result = UpdateResult(language, path, added=len(now - had), obsolete=len(catalog.obsolete),
                              fuzzy=len({(m.id, m.context) for m in catalog if m.id and m.fuzzy} - fuzzy_before))
        if _signature(catalog) != before:
            _write_po(path, catalog, width=0)
            result.written = True
        results.append(result)
    return results


def init(language: str, root: Path | None = None) -> Path:
    """Start the catalog of a new language from the template. Refuses to overwrite one."""
    from babel import Locale, UnknownLocaleError

    root = root or locales_dir()
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError) as exc:
        raise IspRecapError([Diagnostic(language, 0, 0, "unknown-language",
                                        f"{language!r} is not a language Babel knows ({exc})")]) from None
    path = catalog_path(language, root)
    if path.exists():
        raise IspRecapError([Diagnostic(str(path), 0, 0, "exists",
                                        "this language already has a catalog; use `isp-recap locales update`")])
    catalog = _read_po(template_path(root), locale=str(locale))
    catalog.locale = locale
    catalog.fuzzy = False
    catalog.revision_date = dt.datetime.now(dt.UTC)
    catalog.language_team = f"{locale.english_name} <{BUGS_ADDRESS}>"
    _write_po(path, catalog, width=0)
    return path


# -- stats, compile ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """How far a language's catalog is: translated, fuzzy and missing messages (of the template's)."""

    language: str
    total: int
    translated: int
    fuzzy: int
    missing: int
    source: bool = False

    @property
    def percent(self) -> float:
        """Share translated, 0..100."""
        return 100.0 * self.translated / self.total if self.total else 100.0


def stats(root: Path | None = None) -> list[Stats]:
    """Per language, how many of the template's labels are translated, fuzzy or missing."""
    root = root or locales_dir()
    template = _read_po(template_path(root))
    wanted = {(m.id, m.context) for m in template if m.id}
    out = []
    for language in languages(root):
        catalog = _read_po(catalog_path(language, root))
        if language == SOURCE_LANGUAGE:
            out.append(Stats(language, len(wanted), len(wanted), 0, 0, source=True))
            continue
        have = {(m.id, m.context): m for m in catalog if m.id}
        translated = fuzzy = 0
        for key in wanted:
            m = have.get(key)
            if m is None or not _has_string(m):
                continue
            if m.fuzzy:
                fuzzy += 1
            else:
                translated += 1
        out.append(Stats(language, len(wanted), translated, fuzzy, len(wanted) - translated - fuzzy))
    return out


def _has_string(message: Any) -> bool:
    s = message.string
    return all(s) if isinstance(s, (list, tuple)) else bool(s)


@dataclass(frozen=True)
class CompileResult:
    """One compiled catalog."""

    language: str
    path: Path
    messages: int
    fuzzy_skipped: int


def compile_catalogs(root: Path | None = None, use_fuzzy: bool = False) -> list[CompileResult]:
    """Write `isp_recap.mo` beside each PO. Refuses (raises) if a catalog has errors `check` reports."""
    from babel.messages.mofile import write_mo

    root = root or locales_dir()
    problems = [d for d in check(root, complete=False) if d.severity == "error"]
    if problems:
        raise IspRecapError(problems)
    results = []
    for language in languages(root):
        path = catalog_path(language, root)
        catalog = _read_po(path, locale=language)
        out = io.BytesIO()
        write_mo(out, catalog, use_fuzzy=use_fuzzy)
        target = path.with_suffix(".mo")
        write_atomic(target, out.getvalue())
        fuzzy = sum(1 for m in catalog if m.id and m.fuzzy)
        messages = sum(1 for m in catalog if m.id and _has_string(m) and (use_fuzzy or not m.fuzzy))
        results.append(CompileResult(language, target, messages, 0 if use_fuzzy else fuzzy))
    return results


# -- check -----------------------------------------------------------------------------------------------


def printf_specs(text: str) -> list[str]:
    """printf-style placeholders (`%s`, `%(name)s`, `%d`), sorted; `%%` is a literal percent sign."""
    return sorted(_PRINTF.findall(text.replace("%%", "")))


# Each kind of placeholder, with the hint shown when a translation does not keep it.
_PLACEHOLDER_KINDS: tuple[tuple[Callable[[str], Collection[str]], str], ...] = (
    (placeholders, "keep every {name} exactly as in the msgid"),
    (printf_specs, "keep every %s / %(name)s exactly as in the msgid"),
)


def _strings(message: Any) -> list[str]:
    s = message.string
    return [x for x in s if x] if isinstance(s, (list, tuple)) else ([s] if s else [])


def _ids(message: Any) -> list[str]:
    return list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]


_NPLURALS = re.compile(rb'^"Plural-Forms:[ \t]*nplurals[ \t]*=[ \t]*(\d+)', re.MULTILINE)


def plural_forms_check(raw: bytes, shown: str, language: str) -> list[Diagnostic]:
    """The catalog's `nplurals` against the number of plural forms CLDR gives its language (Babel's table):
    Burmese has one (`nplurals=1; plural=0;`), English two. A wrong count makes gettext pick a form the
    translator never wrote. A language CLDR does not know, or a catalog without the header, is not checked.
    """
    from babel.core import UnknownLocaleError
    from babel.messages.plurals import get_plural

    m = _NPLURALS.search(raw)
    if m is None:
        return []
    try:
        cldr = get_plural(language)
    except (UnknownLocaleError, ValueError):
        return []
    declared = int(m.group(1))
    if declared == cldr.num_plurals:
        return []
    line = raw.count(b"\n", 0, m.start()) + 1
    from babel import Locale

    name = Locale.parse(language).english_name or language
    forms = "form" if cldr.num_plurals == 1 else "forms"
    return [Diagnostic(shown, line, 2, "plural-forms",
                       f"the catalog declares nplurals={declared}, but {name} has {cldr.num_plurals} plural {forms} "
                       f"(CLDR)", hint=f"set the header to \"Plural-Forms: {cldr.plural_forms}\\n\"")]


def check_catalog(path: Path, language: str, template: Any | None, complete: bool = True,
                  root: Path | None = None) -> list[Diagnostic]:
    """Problems in one PO catalog: malformed, missing, fuzzy, placeholders that differ, out of date.

    With `complete=False` only the problems that make the catalog wrong (not merely unfinished) count.
    """
    shown = str(path)
    try:
        raw = read_input(path, "catalog", MAX_PO_BYTES, root=root)
        catalog = parse_po(raw, shown, locale=language)
    except IspRecapError as exc:
        return list(exc.diagnostics)
    diags: list[Diagnostic] = plural_forms_check(raw, shown, language)
    source = language == SOURCE_LANGUAGE
    for message in catalog:
        if not message.id:
            continue
        line = int(message.lineno or 0)
        label = _ids(message)[0]
        short = label if len(label) <= 50 else label[:47] + "..."
        strings = _strings(message)
        if complete and not source and not strings:
            diags.append(Diagnostic(shown, line, 0, "missing", f"{short!r} has no translation",
                                    hint="translate it (Poedit, Weblate) or in the PO file"))
        if complete and message.fuzzy and strings:
            diags.append(Diagnostic(shown, line, 0, "fuzzy", f"the translation of {short!r} is fuzzy",
                                    hint="review it and remove the fuzzy flag"))
        msgid_text = _ids(message)[-1]
        for text in strings:
            for extract, hint in _PLACEHOLDER_KINDS:
                want, got = extract(msgid_text), extract(text)
                if want != got:
                    diags.append(Diagnostic(shown, line, 0, "placeholder",
                                            f"{short!r}: placeholders {_fmt(set(want))} in the source but "
                                            f"{_fmt(set(got))} in the translation", hint=hint))
    for message, errors in catalog.check():
        for error in errors:
            diags.append(Diagnostic(shown, int(message.lineno or 0), 0, "format", str(error)))
    if template is not None:
        have = {(m.id, m.context) for m in catalog if m.id}
        missing = [m for m in template if m.id and (m.id, m.context) not in have]
        pot = str(template_path(path.parent.parent.parent))
        for m in missing:
            # Pointed at the template's line: the catalog has no line for what it lacks.
            diags.append(Diagnostic(pot, int(m.lineno or 0), 0, "not-updated" if complete else "missing",
                                    f"{_ids(m)[0]!r} is not in {shown} yet",
                                    severity="error" if complete else "warning",
                                    hint="run `isp-recap locales update`"))
    diags += _check_mo(path.with_suffix(".mo"), path, root)
    return diags


def _fmt(names: set[str]) -> str:
    return ", ".join(sorted(names)) if names else "none"


def _check_mo(mo: Path, po: Path, root: Path | None = None) -> list[Diagnostic]:
    """A compiled catalog must be readable (a truncated .mo makes Babel raise struct.error)."""
    from babel.messages.mofile import read_mo

    if not mo.is_file():
        return []
    shown = str(mo)
    try:
        data = read_input_bytes(mo, "compiled-catalog", MAX_MO_BYTES, root=root)
    except InputRefused as exc:
        return [Diagnostic(shown, 0, 0, exc.code, exc.message)]
    try:
        read_mo(io.BytesIO(data))
    except (struct.error, IndexError) as exc:
        return [_invalid_mo(shown, "it is truncated or its tables point outside it", exc)]
    except OSError as exc:  # Babel's "Bad magic number"
        return [_invalid_mo(shown, "it is not a compiled gettext catalog (wrong magic number)", exc)]
    except (ValueError, UnicodeDecodeError, LookupError) as exc:
        return [_invalid_mo(shown, "its header or strings cannot be decoded", exc)]
    if mo.stat().st_mtime < po.stat().st_mtime:
        return [Diagnostic(shown, 0, 0, "stale-mo", "the compiled catalog is older than its PO file",
                           severity="warning", hint="run `isp-recap locales compile`")]
    return []


def _invalid_mo(shown: str, why: str, exc: BaseException) -> Diagnostic:
    return Diagnostic(shown, 0, 0, "invalid-mo", f"the compiled catalog is malformed: {why}",
                      hint="run `isp-recap locales compile` again")


def check(root: Path | None = None, complete: bool = True) -> list[Diagnostic]:
    """Check the template and every catalog; see `check_catalog`."""
    root = root or locales_dir()
    diags: list[Diagnostic] = []
    template = None
    try:
        template = _read_po(template_path(root), root=root)
    except IspRecapError as exc:
        diags += exc.diagnostics
    for language in languages(root):
        diags += check_catalog(catalog_path(language, root), language, template, complete, root=root)
    return diags


def iter_catalog_files(root: Path | None = None) -> Iterator[Path]:
    """The template and every PO catalog."""
    root = root or locales_dir()
    yield template_path(root)
    for language in languages(root):
        yield catalog_path(language, root)
