"""Themes: an organisation's logo, colours, fonts, page, stylesheets and template partials.

`load_theme(folder)` reads and checks a theme folder (`theme.yaml` beside optional `memo.css`,
`memo.<lang>.css`, `templates/<block>.html.j2`, fonts and images); `build_document(..., theme=...)`
puts what an edition needs of it into the Document; the writers lay it out.
"""

from .load import LoadedTheme, load_theme

__all__ = ["LoadedTheme", "load_theme"]
