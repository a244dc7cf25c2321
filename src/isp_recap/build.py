"""Building every requested output of one event: editions x formats, written atomically at the end."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, IspRecapError
from .document.builder import missing_message, missing_translations
from .document.nodes import Document, Edition
from .fsio import file_in_the_way, read_input, sweep_stale, write_atomic
from .model import Language, Memo
from .render import WRITERS, WriterOptions
from .source.loader import load_event_with_positions
from .source.yaml_tree import MAX_BYTES, Positions

if TYPE_CHECKING:
    from .theme.load import LoadedTheme

#: Output formats, one per writer (`render.WRITERS`).
FORMATS = tuple(WRITERS)
LANGUAGES = ("en", "my")


@dataclass(frozen=True)
class BuildOptions:
    """What to build. Editions are the single-language ones in `languages` plus, optionally, bilingual."""

    #: Languages of the single-language editions: `en`, `my` or both.
    languages: tuple[str, ...] = LANGUAGES
    #: Output formats: any of `pdf`, `docx`, `html`.
    formats: tuple[str, ...] = FORMATS
    #: Build the bilingual edition (`--edition` includes `bilingual`).
    bilingual: bool = True
    #: Build the single-language editions (`--edition` includes `separate`).
    separate: bool = True
    #: `--release`: refuse draft translations and failed checks.
    release: bool = False
    #: An organisation's reference .docx whose styles the DOCX uses (None: the shipped one).
    reference_docx: Path | None = None
    #: A folder of label catalogs (`<lang>/LC_MESSAGES/isp_recap.po`) instead of the package's.
    locales: Path | None = None
    #: Rebuild every output, even those whose inputs have not changed.
    force: bool = False
    #: A theme folder (`theme.yaml` and its files); None: the event's `theme:` key, else the package's look.
    theme: Path | None = None
    #: Processes rendering this event's outputs side by side (`parallel.py`); 1 renders them in turn.
    workers: int = 1
    #: `--pdf-standard` (render.pdf.tagging.STANDARDS): tagged PDF/UA-1 unless told otherwise.
    pdf_standard: str = "ua-1"
    #: Build even when some Burmese would print with a dotted circle (it is refused otherwise).
    allow_shaping_errors: bool = False

    def editions(self) -> list[Edition]:
        """The editions these options ask for, in a fixed order."""
        out: list[Edition] = []
        if self.separate:
            out += [lang for lang in ("en", "my") if lang in self.languages]
        if self.bilingual:
            out.append("bilingual")
        return out


@dataclass
class BuildResult:
    """What one build wrote, and what it found already up to date."""

    #: The event file that was built.
    event: Path
    #: The files written, in the order they were written.
    outputs: list[Path] = field(default_factory=list)
    #: The files left as they were because their inputs had not changed.
    unchanged: list[Path] = field(default_factory=list)
    #: Findings that did not stop the build (what cleaning the reference .docx removed).
    warnings: list[Diagnostic] = field(default_factory=list)


def output_name(edition: str, fmt: str) -> str:
    """`memo.<edition>.<format>`, e.g. memo.my.pdf."""
    return f"memo.{edition}.{fmt}"


def default_output_dir(event: Path) -> Path:
    """`out/<folder of the event file>/`, relative to the current directory."""
    return Path("out") / event.resolve().parent.name


#: The options that build the English edition alone (a bilingual edition needs the Burmese too).
ENGLISH_ONLY = "--lang en --edition separate"
BURMESE_ONLY = "--lang my --edition separate"


def preflight(memo: Memo, positions: Positions, path: str, options: BuildOptions) -> list[Diagnostic]:
    """Problems that stop a build before anything is rendered: missing translations, drafts in a release."""
    diags: list[Diagnostic] = []
    editions = options.editions()
    needs_my = any(e in ("my", "bilingual") for e in editions)
    needs_en = any(e in ("en", "bilingual") for e in editions)
    both: tuple[tuple[Language, bool], ...] = (("en", needs_en), ("my", needs_my))
    wanted = [lang for lang, needed in both if needed]
    for lang in wanted:
        hint = (f"add it, or build only the English edition with {ENGLISH_ONLY}" if lang == "my" else
                f"add it (isp-recap translate export --to en), or build only the Burmese edition with {BURMESE_ONLY}")
        for loc in missing_translations(memo, lang):
            diags.append(Diagnostic(path, *positions.of_key(loc), "missing-translation",
                                    missing_message(loc, lang), hint=hint))
    diags += _image_alt(memo, positions, path, options)
    if needs_my and not options.release:  # (a release runs every translation check, this one included)
        diags += _zawgyi(memo, positions, path)
    if needs_my and not options.allow_shaping_errors:
        diags += _shaping(memo, positions, path)
    if options.release:
        from .translate.release import release_findings

        # Drafts matter only to editions that print the Burmese; missing ones are reported above.
        ignore = ("missing-translation",) if needs_my else ("missing-translation", "draft-in-release")
        diags += release_findings(memo, positions, path, ignore=ignore)
    return diags


def _image_alt(memo: Memo, positions: Positions, path: str, options: BuildOptions) -> list[Diagnostic]:
    """A data card image needs alternative text in every language that is built (PDF/UA, WCAG 1.1.1).
    A missing Burmese `image_alt.my` is already a missing translation; this is the missing `image_alt`."""
    editions = options.editions()
    langs = [lang for lang in ("en", "my") if lang in editions or "bilingual" in editions]
    diags = []
    for i, item in enumerate(memo.programme):
        card = item.data_card
        if card is not None and card.image and card.image_alt is None and langs:
            where = positions.of_key(("programme", i, "data_card", "image"))
            diags.append(Diagnostic(path, *where, "missing-image-alt",
                                    f"the data card image has no alternative text (image_alt) in {', '.join(langs)}",
                                    hint="add image_alt: {en: ..., my: ...} describing what the image shows"))
    return diags


def _zawgyi(memo: Memo, positions: Positions, path: str) -> list[Diagnostic]:
    """Burmese typed in the Zawgyi encoding, a whole field or a phrase pasted into one: printed with a
    Unicode font it is garbled, so no Burmese or bilingual edition is built from it (`isp-recap check
    --fix` converts just those stretches)."""
    from .model.walk import iter_texts
    from .myanmar.zawgyi import zawgyi_spans
    from .translate.checks.script import whole_value, zawgyi_message

    diags = []
    for ref in iter_texts(memo):
        text = ref.text.my
        for span in zawgyi_spans(text) if text else []:
            assert text is not None
            where = (positions.of_value((*ref.loc, "my")) if whole_value(text, span)
                     else positions.of_offset((*ref.loc, "my"), text, span.start))
            diags.append(Diagnostic(path, *where, "zawgyi",
                                    zawgyi_message(text, span),
                                    hint="run `isp-recap check --fix` to convert it to Unicode"))
    return diags


def _shaping(memo: Memo, positions: Positions, path: str) -> list[Diagnostic]:
    """Burmese the shaper would draw with a dotted circle: a build refuses it rather than print it
    garbled (unless `--allow-shaping-errors`)."""
    from .model.walk import iter_texts
    from .myanmar.shaping import malformed_syllables
    from .myanmar.zawgyi import zawgyi_spans

    diags = []
    for ref in iter_texts(memo):
        text = ref.text.my
        if not text or zawgyi_spans(text):  # Zawgyi is reported (and fixed) as such
            continue
        for bad in malformed_syllables(text):
            if not bad.dotted_circle:
                continue
            codes = " ".join(f"U+{ord(c):04X}" for c in bad.cluster)
            diags.append(Diagnostic(path, *positions.of_offset((*ref.loc, "my"), text, bad.offset),
                                    "malformed-syllable",
                                    f"the Burmese at character {bad.offset + 1} ({codes}) would print with a "
                                    "dotted circle: a mark without its letter, or characters in the wrong order",
                                    hint="retype the syllable in Unicode order, or build with "
                                    "--allow-shaping-errors"))
    return diags


#: Allocations between two collections of the youngest generation while an engine renders (Python's
#: default is 700). WeasyPrint's layout allocates millions of short-lived objects and almost no
#: garbage cycles, so the collector ran dozens of full passes over the whole heap per memo. Measured
#: on a 120-page memo: 6-9 % less CPU for 2-3 % more peak memory (bench/results.md).
GC_THRESHOLD_WHILE_RENDERING = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often inside this block (cycles are still collected)."""
    previous = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD_WHILE_RENDERING, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def render_output(doc: Document, fmt: str, options: BuildOptions,
                  reference: Mapping[str, bytes] | None = None) -> bytes:
    """One output (`pdf`, `docx` or `html`) of `doc` as bytes, exactly as `build_event` writes it.

    `reference` is `options.reference_docx` read and cleaned (`read_reference_docx(...).parts`): the
    writers open no file, so the caller reads it, once.
    """
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}")
    with fewer_collections():
        return WRITERS[fmt].write(doc, WriterOptions(reference_docx=reference, pdf_standard=options.pdf_standard))


def build_event(event: Path, out_dir: Path | None = None, options: BuildOptions | None = None,
                progress: Callable[[str], None] | None = None) -> BuildResult:
    """Validate, render every requested output in memory, then write them all atomically.

    Outputs whose inputs (event, images, templates, fonts, catalogs, options) have not changed since
    the last build are kept as they are, unless `options.force`. Raises `IspRecapError` with every
    problem found; on failure, or Ctrl-C (KeyboardInterrupt), nothing is written.
    """
    from . import interrupts

    with interrupts.noted():
        return _build_event(event, out_dir, options, progress)


def _build_event(event: Path, out_dir: Path | None, options: BuildOptions | None,
                 progress: Callable[[str], None] | None) -> BuildResult:
    import json

    from .document.builder import build_document
    from .fingerprint import STATE_FILE, output_fingerprint, read_state
    from .source.assets import card_image_paths, resolve_inside
    from .source.reference_docx import read_reference_docx

    options = options or BuildOptions()
    memo, positions = load_event_with_positions(event)
    out_dir = out_dir or default_output_dir(event)
    blocked = file_in_the_way(out_dir)
    if blocked is not None:  # before rendering anything
        what = "the output folder is a file" if blocked == out_dir else f"{blocked} is a file, not a folder"
        raise IspRecapError([Diagnostic(str(out_dir), 0, 0, "cannot-write",
                                        f"{what}; give a folder with --output")])
    base_dir = event.resolve().parent
    # Bounded and regular-file-only, like the first read: the file may have been swapped meanwhile.
    event_bytes = read_input(event, "event", MAX_BYTES)
    assets = [resolve_inside(base_dir, image) for image in card_image_paths(memo)]
    glossary = event.parent / "glossary.yaml"  # its keep_together terms change the line breaks
    if glossary.is_file():
        assets.append(glossary)
    # Read, checked and cleaned before anything renders; its bytes are in the DOCX fingerprints.
    reference = (read_reference_docx(options.reference_docx)
                 if options.reference_docx is not None and "docx" in options.formats else None)
    theme = event_theme(options.theme, memo.theme, base_dir, positions, str(event))
    state = read_state(out_dir)
    new_state = dict(state)
    targets: list[tuple[Edition, str, Path]] = []
    for edition in options.editions():
        for fmt in options.formats:
            target = out_dir / output_name(edition, fmt)
            new_state[target.name] = output_fingerprint(
                event_bytes, assets, {"edition": edition, "format": fmt, "release": options.release,
                                      **({"theme": theme.digest} if theme else {}),
                                      **({"pdf_standard": options.pdf_standard} if fmt == "pdf" else {})},
                options.locales, reference.data if reference and fmt == "docx" else None)
            targets.append((edition, fmt, target))
    result = BuildResult(event, warnings=list(reference.warnings) if reference else [])
    stale = [t for t in targets if options.force or state.get(t[2].name) != new_state[t[2].name]
             or not t[2].is_file()]
    from .parallel import early_chart_worker, render_outputs

    has_charts = any(item.data_card is not None and item.data_card.chart is not None for item in memo.programme)
    # Forked now, it imports Matplotlib while this process checks the event and builds the Documents.
    with early_chart_worker(len(stale), options.workers, has_charts) as charts:
        # Every output up to date: the build that wrote them passed the preflight on the very same
        # inputs (the fingerprint covers them all), so a no-change rebuild skips it. Not for a release,
        # whose checks also read files the fingerprint does not cover (the glossary).
        if stale or options.release:
            problems = preflight(memo, positions, str(event), options)
            if any(d.severity == "error" for d in problems):
                raise IspRecapError(problems)
        result.unchanged = [t[2] for t in targets if t not in stale]
        docs: dict[Edition, Document] = {}
        keep = keep_together_terms(event)
        for edition, _fmt, _target in stale:
            if edition not in docs:
                docs[edition] = build_document(memo, edition, base_dir=base_dir, locales=options.locales,
                                               theme=theme, keep_together=keep)
        datas = render_outputs([(docs[e], fmt) for e, fmt, _ in stale], options, options.workers, progress,
                               reference.parts if reference else None, charts)
    rendered = [(target, data) for (_e, _f, target), data in zip(stale, datas, strict=True)]
    from .interrupts import check

    check()  # a Ctrl-C that a library swallowed while rendering: still nothing written
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for target, data in rendered:
            sweep_stale(out_dir, target.name)  # what a killed build left behind
            write_atomic(target, data)
            result.outputs.append(target)
        sweep_stale(out_dir, STATE_FILE)
        if new_state != state:
            write_atomic(out_dir / STATE_FILE, json.dumps(new_state, indent=1, sort_keys=True) + "\n")
    except OSError as exc:  # a read-only or full disk: each output is still whole, old or new
        where = exc.filename if isinstance(exc.filename, str) else str(out_dir)
        raise IspRecapError([Diagnostic(where, 0, 0, "cannot-write",
                                        f"cannot write the outputs: {exc.strerror or exc}")]) from None
    return result


def event_theme(explicit: Path | None, named: str | None, base_dir: Path, positions: Positions,
                path: str) -> LoadedTheme | None:
    """The theme of a build: `--theme DIR`, else the event's `theme:` folder (inside the event folder)."""
    from .source.assets import AssetError, resolve_inside
    from .theme import load_theme

    if explicit is not None:
        return load_theme(explicit)
    if named is None:
        return None
    try:
        folder = resolve_inside(base_dir, f"{named.rstrip('/')}/theme.yaml").parent
    except AssetError as exc:
        raise IspRecapError([Diagnostic(path, *positions.of_value(("theme",)), "bad-theme",
                                        f"theme {named!r}: {exc}")]) from None
    return load_theme(folder)

def keep_together_terms(event: Path) -> tuple[str, ...]:
    """Burmese the glossary beside the event says a line must not break inside (none without one)."""
    from .translate.glossary import find_glossary

    return find_glossary(event).protected_terms()


def parse_list(value: str, allowed: Sequence[str], what: str) -> tuple[str, ...]:
    """Parse a comma-separated option, refusing unknown items."""
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise ValueError(f"{what} must be a comma-separated list of {', '.join(allowed)}; got {value!r}")
    return items
