"""Theme folders in, a checked `LoadedTheme` (every file read, bounded and verified) out.

A theme is untrusted input like an event: every file it names must lie inside the theme folder
(symlinks resolved), fonts must allow embedding and cover what they must print, stylesheets may point
only at files of the theme folder, and templates are compiled in Jinja2's sandbox. Everything is read
here, once; the builder and the writers only see bytes and text.
"""

from __future__ import annotations

import base64
import difflib
import io
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from ..diagnostics import Diagnostic, IspRecapError
from ..document.theme import ThemeFont, ThemeImage, ThemeTemplate
from ..source.assets import AssetError, read_image, resolve_inside
from ..source.yaml_tree import Loc, Positions, decode, load_tree
from .model import FontFaces, PerLanguageFile, Theme

THEME_FILE = "theme.yaml"
MAX_THEME_YAML = 256 * 1024
MAX_CSS = 512 * 1024
MAX_TEMPLATE = 128 * 1024
MAX_FONT = 16 * 1024 * 1024
MAX_CSS_RESOURCE = 8 * 1024 * 1024
MAX_SVG = 2 * 1024 * 1024  # a logo's drawing; more is not a logo

#: The blocks a theme may draw with its own template (`templates/<name>.html.j2`).
PARTIALS = ("cover", "turn", "card", "question", "contact")
#: What a stylesheet's url() may name, by suffix, and the MIME type it is served as.
CSS_RESOURCES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                 ".ttf": "font/ttf", ".otf": "font/otf"}


@dataclass(frozen=True)
class LoadedTheme:
    """A theme with every file read and checked."""

    #: The theme folder.
    folder: Path
    #: The checked `theme.yaml`.
    theme: Theme
    #: The logo of each language; the `en` one is also the bilingual edition's.
    logos: dict[str, ThemeImage]
    #: Every face of the theme's typefaces, checked for embedding permission and coverage.
    fonts: tuple[ThemeFont, ...]
    #: Stylesheets: `""` for memo.css, `en`/`my` for memo.<lang>.css; their url()s made data: URLs.
    css: dict[str, str]
    #: Template partials by the kind of block they replace.
    templates: dict[str, ThemeTemplate] = field(default_factory=dict)

    @property
    def digest(self) -> str:
        """A fingerprint of everything the theme gives the writers (for incremental builds)."""
        import hashlib

        h = hashlib.sha256(self.theme.model_dump_json().encode())
        for image in self.logos.values():
            h.update(image.data)
        for font in self.fonts:
            h.update(font.data)
        for key in sorted(self.css):
            h.update(key.encode() + b"\0" + self.css[key].encode())
        for name in sorted(self.templates):
            h.update(name.encode() + b"\0" + self.templates[name].source.encode())
        return h.hexdigest()


def load_theme(folder: str | Path) -> LoadedTheme:
    """Read and check the theme in `folder`; raise `IspRecapError` with every problem found."""
    from ..fsio import FileTooLarge, NotARegularFile, read_limited

    base = Path(folder)
    yaml_path = base / THEME_FILE
    shown = str(yaml_path)
    try:
        if not base.is_dir():
            raise IspRecapError([Diagnostic(str(base), 0, 0, "not-a-theme", "a theme is a folder holding theme.yaml")])
        resolve_inside(base, THEME_FILE)  # theme.yaml itself may not be a symlink out of the folder
        raw = read_limited(yaml_path, MAX_THEME_YAML)
    except AssetError as exc:
        raise IspRecapError([Diagnostic(shown, 0, 0, "bad-theme-file", str(exc))]) from None
    except FileTooLarge:
        raise IspRecapError([Diagnostic(shown, 0, 0, "file-too-large",
                                        f"the file is larger than {MAX_THEME_YAML:,} bytes")]) from None
    except (NotARegularFile, IsADirectoryError):
        raise IspRecapError([Diagnostic(shown, 0, 0, "not-a-file", "theme.yaml is not a regular file")]) from None
    except FileNotFoundError:
        raise IspRecapError([Diagnostic(shown, 0, 0, "file-not-found", "no theme.yaml in the theme folder")]) from None
    except OSError as exc:
        raise IspRecapError([Diagnostic(shown, 0, 0, "unreadable", exc.strerror or "cannot read")]) from None
    theme, positions = _validate(shown, raw)
    diags: list[Diagnostic] = []
    logos = _logos(base, theme, positions, shown, diags)
    fonts = _fonts(base, theme, positions, shown, diags)
    css = _stylesheets(base, diags)
    templates = _templates(base, diags)
    if any(d.severity == "error" for d in diags):
        raise IspRecapError(diags)
    return LoadedTheme(base, theme, logos, fonts, css, templates)


def _validate(shown: str, raw: bytes) -> tuple[Theme, Positions]:
    from ..source.loader import validation_diagnostics

    text, diags = decode(shown, raw)
    if text is None:
        raise IspRecapError(diags)
    data, positions, tree_diags = load_tree(shown, text)
    diags += tree_diags
    if data is None or diags:
        raise IspRecapError(diags)
    if not isinstance(data, dict):
        raise IspRecapError([Diagnostic(shown, *positions.of_value(()), "wrong-type",
                                        "theme.yaml is a mapping of keys (format:, name:, colours:, ...)")])
    try:
        return Theme.model_validate(data), positions
    except ValidationError as exc:
        raise IspRecapError(validation_diagnostics(shown, exc, positions, Theme)) from None


def _file(base: Path, relative: str, loc: Loc, positions: Positions, shown: str,
          diags: list[Diagnostic], code: str) -> Path | None:
    try:
        return resolve_inside(base, relative)
    except AssetError as exc:
        diags.append(Diagnostic(shown, *positions.of_value(loc), code, f"{relative!r}: {exc}"))
        return None


def _logos(base: Path, theme: Theme, positions: Positions, shown: str,
           diags: list[Diagnostic]) -> dict[str, ThemeImage]:
    if theme.logo is None:
        return {}
    refs: dict[str, tuple[str, Loc]]
    if isinstance(theme.logo, PerLanguageFile):
        refs = {"en": (theme.logo.en, ("logo", "en"))}
        if theme.logo.my:
            refs["my"] = (theme.logo.my, ("logo", "my"))
    else:
        refs = {"en": (theme.logo, ("logo",))}
    out: dict[str, ThemeImage] = {}
    for lang, (relative, loc) in refs.items():
        if PurePosixPath(relative).suffix.lower() == ".svg":
            svg_logo = _svg_logo(base, relative, loc, positions, shown, diags)
            if svg_logo is not None:
                out[lang] = svg_logo
            continue
        try:  # the one image reader: confined, bounded, PNG or JPEG decoded whole
            image = read_image(base, relative)
        except AssetError as exc:
            diags.append(Diagnostic(shown, *positions.of_value(loc), "bad-logo", f"{relative!r}: {exc}"))
            continue
        out[lang] = ThemeImage(image.data, image.mime, image.width, image.height)
    if "en" in out and "my" not in out:
        out["my"] = out["en"]
    return out


def _svg_logo(base: Path, relative: str, loc: Loc, positions: Positions, shown: str,
              diags: list[Diagnostic]) -> ThemeImage | None:
    """An SVG logo, sanitised (`svg.sanitise_svg`), with the PNG Word gets drawn from it.

    A file that cannot be read is an error at the `logo:` line of theme.yaml; what the SVG may not hold
    is an error at its own line and column in the SVG file.
    """
    from ..fsio import InputRefused, read_input_bytes
    from .svg import SvgError, rasterise, sanitise_svg

    try:
        data = read_input_bytes(resolve_inside(base, relative), "image", MAX_SVG, root=base)
    except (AssetError, InputRefused) as exc:
        message = exc.message if isinstance(exc, InputRefused) else str(exc)
        diags.append(Diagnostic(shown, *positions.of_value(loc), "bad-logo", f"{relative!r}: {message}"))
        return None
    try:
        clean = sanitise_svg(data)
    except SvgError as exc:
        diags.append(Diagnostic(str(base / relative), exc.line, exc.column, "unsafe-svg", exc.message))
        return None
    png = rasterise(clean)
    from PIL import Image

    with Image.open(io.BytesIO(png)) as drawn:
        width, height = drawn.size
    return ThemeImage(clean.data, "image/svg+xml", width, height, raster=png)


#: OS/2 fsType bits (OpenType spec, OS/2 table): what a font's licence lets a document do with it.
_FS_RESTRICTED = 0x0002  # may not be embedded at all
_FS_NO_SUBSETTING = 0x0100  # may be embedded only whole; the writers subset
_FS_BITMAP_ONLY = 0x0200  # only bitmaps may be embedded
#: What each script's face must at least draw: Latin letters and digits; Burmese consonants and marks.
_MUST_COVER = {
    "latin": "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    "myanmar": "ကခဂဃငစဆဇဈညဋဌဍဎဏတထဒဓနပဖဗဘမယရလဝသဟဠအါာိီုူေဲံ့း်္ျြွှ၀၁၂၃၄၅၆၇၈၉၊။",
}


def _fonts(base: Path, theme: Theme, positions: Positions, shown: str,
           diags: list[Diagnostic]) -> tuple[ThemeFont, ...]:
    out: list[ThemeFont] = []
    for script in ("latin", "myanmar"):
        faces: FontFaces | None = getattr(theme.fonts, script)
        if faces is None:
            continue
        for weight, key in ((400, "regular"), (700, "bold")):
            relative = getattr(faces, key)
            if relative is None:
                continue
            loc: Loc = ("fonts", script, key)
            path = _file(base, relative, loc, positions, shown, diags, "bad-font")
            if path is None:
                continue
            problem, font = _check_font(path, script)
            if problem:
                diags.append(Diagnostic(shown, *positions.of_value(loc), "bad-font", f"{relative!r}: {problem}"))
                continue
            assert font is not None
            out.append(ThemeFont(script, faces.family, weight, font[0], relative, font[1]))
    return tuple(out)


def _check_font(path: Path, script: str) -> tuple[str, tuple[bytes, frozenset[int]] | None]:
    import io

    from fontTools.ttLib import TTFont, TTLibError

    from ..fsio import read_limited

    try:
        data = read_limited(path, MAX_FONT)
    except OSError as exc:
        return exc.strerror or "cannot read the file", None
    if data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return "not a TrueType or OpenType font file (.ttf or .otf)", None
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
        cmap = frozenset(font.getBestCmap() or {})
    except (TTLibError, KeyError, ValueError, AssertionError, struct.error, IndexError):
        return "the font file is corrupt or truncated", None
    if fs_type & _FS_RESTRICTED:
        return "the font's licence forbids embedding it (OS/2 fsType: restricted)", None
    if fs_type & _FS_BITMAP_ONLY:
        return "the font's licence allows embedding bitmaps only (OS/2 fsType)", None
    if fs_type & _FS_NO_SUBSETTING:
        return "the font's licence forbids subsetting it (OS/2 fsType), and PDF and DOCX embed subsets", None
    missing = [c for c in _MUST_COVER[script] if ord(c) not in cmap]
    if missing:
        shown = "".join(missing[:12])
        return f"the font has no glyph for {len(missing)} characters it must print ({shown})", None
    return "", (data, cmap)


def _stylesheets(base: Path, diags: list[Diagnostic]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, name in (("", "memo.css"), ("en", "memo.en.css"), ("my", "memo.my.css")):
        path = base / name
        if not path.exists() and not path.is_symlink():
            continue
        text = _read_text(base, name, MAX_CSS, diags)
        if text is not None:
            out[key] = confine_css(base, name, text, diags)
    return out


def _read_text(base: Path, relative: str, limit: int, diags: list[Diagnostic]) -> str | None:
    from ..fsio import read_limited

    shown = str(base / relative)
    try:
        raw = read_limited(resolve_inside(base, relative), limit)
    except AssetError as exc:
        diags.append(Diagnostic(shown, 0, 0, "bad-theme-file", str(exc)))
        return None
    except OSError as exc:
        diags.append(Diagnostic(shown, 0, 0, "bad-theme-file", exc.strerror or "cannot read the file"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        diags.append(Diagnostic(shown, 0, 0, "bad-encoding", f"not UTF-8 (byte {exc.start})"))
        return None


def confine_css(base: Path, name: str, text: str, diags: list[Diagnostic]) -> str:
    """`text` with every url() replaced by a data: URL of a file inside `base`; anything else is an error.

    Refused, each with its line and column: `@import` (a stylesheet may pull in nothing), a url() that is
    absolute, has a scheme (http:, file:, data:, ...) or leads outside the theme folder, and files of a
    kind a stylesheet has no use for. `@font-face` is allowed with such url()s: its file is the theme's own.
    """
    import tinycss2  # type: ignore[import-untyped]  # WeasyPrint's CSS tokenizer; no type hints

    shown = str(base / name)
    pieces: list[str] = []

    def bad(token: object, message: str) -> None:
        line = getattr(token, "source_line", 0)
        col = getattr(token, "source_column", 0)
        diags.append(Diagnostic(shown, line, col, "unsafe-css", message))

    def walk(tokens: list[object]) -> None:
        for token in tokens:
            kind = getattr(token, "type", "")
            if kind == "at-keyword" and str(getattr(token, "lower_value", "")) == "import":
                bad(token, "@import is not allowed in a theme stylesheet; put the rules in memo.css")
            if kind == "url" or (kind == "function" and getattr(token, "lower_name", "") == "url"):
                target = _url_value(token)
                replaced = _inline_url(base, target, bad, token) if target is not None else None
                if replaced is None:
                    pieces.append("url()")
                    continue
                pieces.append(f'url("{replaced}")')
                continue
            if kind == "function" and getattr(token, "lower_name", "") in ("image-set", "image", "src"):
                pieces.append(f"{getattr(token, 'name', '')}(")
                walk(list(getattr(token, "arguments", [])))
                pieces.append(")")
                continue
            if kind in ("() block", "[] block", "{} block"):
                opener = kind[0]
                pieces.append(opener)
                walk(list(getattr(token, "content", [])))
                pieces.append({"(": ")", "[": "]", "{": "}"}[opener])
                continue
            if kind == "error":
                bad(token, f"CSS syntax error: {getattr(token, 'message', 'invalid')}")
            pieces.append(tinycss2.serialize([token]))

    walk(tinycss2.parse_component_value_list(text, skip_comments=True))
    # "</" can never close the <style> element the web page inlines this into.
    return "".join(pieces).replace("</", "<\\/")


def _url_value(token: object) -> str | None:
    if getattr(token, "type", "") == "url":
        return str(getattr(token, "value", ""))
    args = [a for a in getattr(token, "arguments", []) if getattr(a, "type", "") != "whitespace"]
    if len(args) == 1 and getattr(args[0], "type", "") == "string":
        return str(getattr(args[0], "value", ""))
    return None


def _inline_url(base: Path, target: str, report: Callable[[object, str], None], token: object) -> str | None:
    if not target or ":" in target.split("/", 1)[0] or target.startswith(("/", "\\", "~")):
        report(token, f"url({target!r}) must name a file inside the theme folder by a relative path")
        return None
    suffix = PurePosixPath(target).suffix.lower()
    if suffix not in CSS_RESOURCES:
        report(token, f"url({target!r}): a theme stylesheet may use {', '.join(CSS_RESOURCES)} files only")
        return None
    from ..fsio import read_limited

    try:
        if suffix in (".png", ".jpg", ".jpeg"):
            data = read_image(base, target).data
        else:
            data = read_limited(resolve_inside(base, target), MAX_CSS_RESOURCE)
    except AssetError as exc:
        report(token, f"url({target!r}): {exc}")
        return None
    except OSError as exc:
        report(token, f"url({target!r}): {exc.strerror or 'cannot read the file'}")
        return None
    return f"data:{CSS_RESOURCES[suffix]};base64,{base64.b64encode(data).decode('ascii')}"


def _templates(base: Path, diags: list[Diagnostic]) -> dict[str, ThemeTemplate]:
    folder = base / "templates"
    if not folder.is_dir() or folder.is_symlink():
        if folder.is_symlink():
            diags.append(Diagnostic(str(folder), 0, 0, "bad-theme-file", "templates/ may not be a symlink"))
        return {}
    out: dict[str, ThemeTemplate] = {}
    for entry in sorted(folder.iterdir()):
        name = entry.name.removesuffix(".html.j2")
        shown = str(entry)
        if not entry.name.endswith(".html.j2") or name not in PARTIALS:
            close = difflib.get_close_matches(name, PARTIALS, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}.html.j2?" if close else f"; expected one of: {', '.join(PARTIALS)}"
            diags.append(Diagnostic(shown, 0, 0, "unknown-template",
                                    f"{entry.name!r} is not a template a theme can override{hint}"))
            continue
        source = _read_text(base, f"templates/{entry.name}", MAX_TEMPLATE, diags)
        if source is None:
            continue
        from .sandbox import compile_error

        problem = compile_error(source, shown)
        if problem is not None:
            diags.append(problem)
            continue
        out[name] = ThemeTemplate(name, shown, source)
    return out
