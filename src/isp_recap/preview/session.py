"""One event being previewed: its inputs, the pages built from them, and what a change invalidates.

An edition's page depends on the event file, its data-card images and the label catalogs of the
edition's languages; the glossary is checked but printed nowhere. `refresh` re-reads every input,
compares digests with the last reading and rebuilds only the pages of editions whose inputs changed
(the English page is not rebuilt when only the Burmese catalog changed, nothing when a file was
merely touched). Pages are built in memory; nothing is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..build import BuildOptions, preflight, render_output
from ..diagnostics import Diagnostic, IspRecapError, sort_diagnostics
from ..document.nodes import Document, Edition
from ..fsio import read_limited
from ..model import Memo
from ..source.assets import MAX_IMAGE_BYTES
from ..source.yaml_tree import MAX_BYTES, Positions

EDITIONS: tuple[Edition, ...] = ("en", "my", "bilingual")
LANGUAGES_OF: dict[str, tuple[str, ...]] = {"en": ("en",), "my": ("my",), "bilingual": ("en", "my")}


@dataclass
class Built:
    """One edition built from one state of the inputs: its document and page, or what stopped it."""

    key: str
    doc: Document | None = None
    html: str | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    pdf: bytes | None = None


@dataclass
class Inputs:
    """What one reading of the inputs found."""

    digests: dict[str, str] = field(default_factory=dict)
    errors: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, bytes] = field(default_factory=dict)  # shown path -> bytes, to quote lines from
    memo: Memo | None = None
    positions: Positions | None = None


class PreviewSession:
    """The state of one preview. Thread-safe: the watcher refreshes while the server reads pages."""

    def __init__(self, event: Path, locales: Path | None = None) -> None:
        self.event = event
        self.base_dir = event.resolve().parent
        self.locales = locales
        #: Bumped whenever what a page shows may have changed; the server's event stream waits on it.
        self.version = 0
        self.changed = threading.Condition()
        self.stopping = False
        #: Editions a browser has asked for: rebuilt as soon as an input changes, before the reload.
        self.active: set[Edition] = set()
        self._lock = threading.RLock()  # one build at a time; held only while HTML is built
        self._pdf_lock = threading.Lock()
        self._inputs = Inputs()
        self._built: dict[Edition, Built] = {}
        self._last_good: dict[Edition, str] = {}

    # -- reading the inputs -----------------------------------------------------------------------

    def glossary_path(self) -> Path:
        """The glossary beside the event file (it may not exist)."""
        from ..translate.glossary import GLOSSARY_NAME

        return self.event.parent / GLOSSARY_NAME

    def catalog_file(self, language: str) -> Path:
        """The label catalog of `language` that the preview reads."""
        from ..locale.catalogs import catalog_path

        return catalog_path(language, self.locales)

    def image_paths(self) -> list[str]:
        """The data-card images the current event names, as written (relative to its folder)."""
        return self._images_of(self._inputs.memo)

    def watched_files(self) -> set[Path]:
        """Every file whose change can change a page or a diagnostic (absolute paths)."""
        files = {self.event, self.glossary_path(), *(self.catalog_file(lang) for lang in ("en", "my"))}
        files |= {self.base_dir / rel for rel in self.image_paths()}
        return {Path(p).absolute() for p in files}

    def _read(self) -> Inputs:
        from ..locale.catalogs import catalog_bytes, load_labels
        from ..source.assets import AssetError, resolve_inside
        from ..source.loader import load_event_with_positions
        from ..translate.glossary import find_glossary

        found = Inputs()
        shown = str(self.event)
        try:
            raw = read_limited(self.event, MAX_BYTES)
            found.sources[shown] = raw
            found.digests["event"] = _digest(raw)
        except OSError:
            pass  # the loader below says what is wrong with it
        try:
            found.memo, found.positions = load_event_with_positions(self.event)
        except IspRecapError as exc:
            found.errors += exc.diagnostics
        for rel in self._images_of(found.memo):
            try:
                data = read_limited(resolve_inside(self.base_dir, rel), MAX_IMAGE_BYTES)
                found.digests[f"image:{rel}"] = _digest(data)
            except (AssetError, OSError) as exc:  # the loader has checked it; it changed since
                found.errors.append(Diagnostic(shown, 0, 0, "bad-image", f"{rel}: {exc}"))
        for lang in ("en", "my"):
            try:
                data = catalog_bytes(lang, self.locales)
                found.sources[str(self.catalog_file(lang))] = data
                found.digests[f"catalog:{lang}"] = _digest(data)
                load_labels(lang, self.locales)  # its errors matter only to editions in `lang`
            except IspRecapError as exc:
                found.digests[f"catalog:{lang}"] = "error:" + _digest("\n".join(map(str, exc.diagnostics)).encode())
        glossary = self.glossary_path()
        if glossary.is_file():
            with contextlib.suppress(OSError):  # the glossary reader says what is wrong with it
                found.sources[str(glossary)] = read_limited(glossary, MAX_BYTES)
            found.digests["glossary"] = _digest(found.sources.get(str(glossary), b""))
            try:
                find_glossary(self.event)
            except IspRecapError as exc:
                found.errors += exc.diagnostics
        found.errors = sort_diagnostics(found.errors)
        return found

    @staticmethod
    def _images_of(memo: Memo | None) -> list[str]:
        if memo is None:
            return []
        return [str(item.data_card.image) for item in memo.programme if item.data_card and item.data_card.image]

    def _key(self, edition: Edition, inputs: Inputs) -> str:
        parts = [inputs.digests.get("event", "")]
        parts += [f"{k}={v}" for k, v in sorted(inputs.digests.items()) if k.startswith("image:")]
        parts += [inputs.digests.get(f"catalog:{lang}", "") for lang in LANGUAGES_OF[edition]]
        return _digest("\n".join(parts).encode())

    # -- rebuilding -------------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Re-read the inputs; rebuild what changed for the editions being watched. True if anything
        a page shows changed (the browsers are then told to reload)."""
        with self._lock:
            before = self._inputs
            found = self._read()
            if found.digests == before.digests and found.errors == before.errors and self.version:
                return False
            old_keys = {e: self._key(e, before) for e in EDITIONS}
            self._inputs = found
            changed = found.errors != before.errors or any(self._key(e, found) != old_keys[e] for e in EDITIONS)
            for edition in sorted(self.active):
                self._build(edition)
        if changed or not self.version:
            with self.changed:
                self.version += 1
                self.changed.notify_all()
        return changed

    def _build(self, edition: Edition) -> Built:
        """The edition for the current inputs (cached while they stay the same). Holds `_lock`."""
        from ..document.builder import build_document

        inputs = self._inputs
        key = self._key(edition, inputs)
        cached = self._built.get(edition)
        if cached is not None and cached.key == key:
            return cached
        built = Built(key)
        if inputs.memo is not None and inputs.positions is not None:
            options = _options(edition)
            try:
                problems = [d for d in preflight(inputs.memo, inputs.positions, str(self.event), options)
                            if d.severity == "error"]
                if problems:
                    raise IspRecapError(problems)
                built.doc = build_document(inputs.memo, edition, base_dir=self.base_dir, locales=self.locales)
                built.html = render_output(built.doc, "html", options).decode("utf-8")
            except IspRecapError as exc:
                built = Built(key, diagnostics=tuple(exc.diagnostics))
        self._built[edition] = built
        return built

    def page(self, edition: Edition) -> tuple[str | None, list[Diagnostic], str | None, int]:
        """(HTML edition or None, every problem, the last good page of this edition, version)."""
        with self._lock:
            self.active.add(edition)
            version = self.version
            built = self._build(edition)
            problems = sort_diagnostics([*self._inputs.errors, *built.diagnostics])
            if built.html is not None and not problems:
                self._last_good[edition] = built.html
                return built.html, [], None, version
            return None, problems, self._last_good.get(edition), version

    def pdf(self, edition: Edition) -> tuple[bytes | None, list[Diagnostic]]:
        """The PDF edition, rendered on demand and kept until an input of it changes."""
        with self._lock:
            built = self._build(edition)
            problems = sort_diagnostics([*self._inputs.errors, *built.diagnostics])
            if problems or built.doc is None:
                return None, problems or [Diagnostic(str(self.event), 0, 0, "invalid-event", "cannot be built")]
        with self._pdf_lock:  # seconds of work: outside `_lock`, so live reload goes on meanwhile
            if built.pdf is None:
                built.pdf = render_output(built.doc, "pdf", _options(edition))
            return built.pdf, []

    def image(self, relative: str) -> tuple[bytes, str] | None:
        """A data-card image the event names (exactly as written there), after every check; else None."""
        from ..source.assets import AssetError, read_image

        with self._lock:
            if relative not in self.image_paths():
                return None
        try:
            image = read_image(self.base_dir, relative)  # the one reader of an event's images
        except (AssetError, OSError):
            return None
        return image.data, image.mime

    def source_line(self, path: str, line: int) -> str | None:
        """Line `line` (1-based) of an input as last read, for quoting in the error overlay."""
        with self._lock:
            data = self._inputs.sources.get(path)
        if data is None or line < 1:
            return None
        lines = data.decode("utf-8", errors="replace").splitlines()
        return lines[line - 1] if line <= len(lines) else None

    def warm(self) -> None:
        """Build every edition once (fonts subset, templates compiled) so a language switch is quick."""
        for edition in EDITIONS:
            if self.stopping:
                return
            with self._lock:
                self._build(edition)

    def wait(self, seen: int, timeout: float) -> int | None:
        """The version once it is not `seen` any more (or still `seen` after `timeout` seconds); None
        once the preview is stopping."""
        with self.changed:
            self.changed.wait_for(lambda: self.stopping or self.version != seen, timeout=timeout)
            return None if self.stopping else self.version

    def stop(self) -> None:
        """Wake every waiting event stream so the server can close."""
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


def _options(edition: Edition) -> BuildOptions:
    return BuildOptions(languages=LANGUAGES_OF[edition], formats=("html", "pdf"),
                        bilingual=edition == "bilingual", separate=edition != "bilingual")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
