"""A theme's look as CSS: colours by role, its fonts, the page, its logo, then its own stylesheets.

Emitted only when the Document carries a theme, after the package's stylesheets (so the same
selectors win by order); without a theme the HTML is exactly the package's.
"""

from __future__ import annotations

import base64

from ...document.theme import DocumentTheme, ThemeImage

#: Where the package's stylesheet (templates/memo.css) uses each colour role: (selectors, property).
#: More specific package rules (a mapping card's kicker, a written answer's bar) keep their own role.
_ROLES: dict[str, tuple[tuple[str, str], ...]] = {
    "primary": (
        # (Links only on screen: in print the package's stylesheet sets `a { color: inherit }`.)
        ("@media screen { a", "color"),
        (".heading, .speaker-role, .card-kicker, .card-body strong, .contact-name", "color"),
        (".cover-band", "background"),
        (".level-1, .contact-name", "border-bottom-color"),
        (".speaker, .bilingual .speaker .pair > *", "border-left-color"),
        (".card", "border-top-color"),
        (".card-data_matters .stat", "border-left-color"),
        (".card-data_matters .stat-number", "color"),
    ),
    "accent": (
        (".cover-band", "border-bottom-color"),
        (".level-1.heading-event, .level-2", "border-top-color"),
        (".turn-written .speaker, .bilingual .turn-written .speaker .pair > *", "border-left-color"),
    ),
    "mapping": (
        (".card-mapping", "border-top-color"),
        (".card-mapping .card-kicker, .card-mapping .card-body strong", "color"),
        (".card-mapping .stat", "border-left-color"),
        (".card-mapping .stat-number", "color"),
    ),
    "card_background": ((".card", "background"),),
    "question_background": ((".question", "background"),),
    "text": (("html, .speaker-name, .card-title", "color"),),
}
#: The package's colours, for the print-only rules that mix two roles (the back page's bands).
_PACKAGE = {"primary": "#8f1d2c", "accent": "#d9a441"}


def theme_css(theme: DocumentTheme, for_print: bool, font_src: dict[tuple[str, int], str]) -> str:
    """The CSS of `theme`; `font_src[(family, weight)]` is the `src:` value of each theme font face."""
    rules: list[str] = []
    for font in theme.fonts:
        rules.append(f'@font-face {{ font-family: "{font.family}"; font-style: normal; font-weight: {font.weight}; '
                     f"src: {font_src[(font.family, font.weight)]}; }}")
    stack = f'"{theme.family("latin") or "Noto Sans"}", "{theme.family("myanmar") or "Noto Sans Myanmar"}"'
    if theme.fonts:
        rules.append(f"html {{ font-family: {stack}; }}")
    for role, uses in _ROLES.items():
        colour = theme.colours.get(role)
        if colour:
            rules += [f"{selectors} {{ {prop}: {colour}; }}" + (" }" if selectors.startswith("@media") else "")
                      for selectors, prop in uses]
    rules.append(".theme-logo { display: block; width: auto; max-width: 100%; }")
    rules.append(".theme-logo-cover { height: 16mm; margin: 9mm 22mm 0 22mm; }")
    rules.append(".theme-logo-back { height: 14mm; margin-bottom: 6mm; }")
    if for_print:
        rules.append(_print_css(theme, stack))
    else:
        rules.append("@media screen { .theme-logo-cover { height: 3.5rem; margin: 1.5rem 1.5rem 0 1.5rem; } }")
    rules += theme.stylesheets
    return "\n".join(rules)


def _print_css(theme: DocumentTheme, stack: str) -> str:
    m = theme.margin_mm
    primary = theme.colours.get("primary", _PACKAGE["primary"])
    accent = theme.colours.get("accent", _PACKAGE["accent"])
    out = [
        "@media print {",
        f"  @page {{ size: {theme.page_size}; margin: {m + 4:g}mm {m:g}mm {m + 2:g}mm {m:g}mm;"
        f" font-family: {stack}; @top-left {{ border-bottom-color: {accent}; }} }}",
        f"  .contact {{ background: linear-gradient(to bottom, #fff 0, #fff 158mm, {accent} 158mm, {accent} 161mm,"
        f" {primary} 161mm, {primary} 100%); }}",
        f"  .contact .contact-name {{ border-bottom-color: {accent}; }}",
        # The back page's white upper part, above the band the contact block sits on.
        "  .contact { position: relative; }",
        "  .theme-logo-back { position: absolute; top: 118mm; left: 22mm; height: 18mm; margin: 0; }",
    ]
    if theme.page_size == "letter":  # the back page fills one page: 279.4 mm less a hair
        out.append("  .contact { height: 278mm; }")
    out.append("}")
    return "\n".join(out)


def image_src(image: ThemeImage) -> str:
    """A theme image as a data: URL (print and web alike: the PDF fetcher decodes data: URLs)."""
    return f"data:{image.mime};base64,{base64.b64encode(image.data).decode('ascii')}"
