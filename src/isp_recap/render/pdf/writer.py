"""Document -> PDF through WeasyPrint: the print HTML, a confined URL fetcher, ActualText on text.

WeasyPrint is imported inside `render_pdf` so that importing the package (and the CLI) stays fast.
"""

from __future__ import annotations

import logging

from ...document.nodes import Document
from ..assets import VIRTUAL_ROOT, asset_url, figures
from ..fonts import FONTS
from ..html import render_html, stylesheets
from .tagging import DEFAULT_STANDARD

LOGGER = logging.getLogger("isp_recap.render")


def render_pdf(doc: Document, standard: str = DEFAULT_STANDARD, *, extra_css: str = "") -> bytes:
    """Render `doc` as an A4 PDF and return its bytes.

    `standard` is one of `tagging.STANDARDS`: `"ua-1"` (tagged PDF/UA-1, the default), `"a-3b"`
    (PDF/A-3b), `"ua-1,a-3b"` (both) or `"none"` (untagged); see `render.pdf.tagging` for what is
    tagged and how. Any other value raises `ValueError`.

    Fonts are the bundled Noto fonts (embedded and subset); only the package's assets and the
    Document's figures can be fetched (see `render.pdf.fetcher`); every text box carries `/ActualText`
    so Burmese text extracts as written (see `render.pdf.actualtext`). The output has no timestamps
    or random identifiers beyond what the Document holds: the same Document gives the same bytes.

    `extra_css` is appended to the print stylesheets (share cards: their own page size).

    Raises `actualtext.HookPointChanged` if the installed WeasyPrint is not the one the hook was written for.
    """
    from .weasy import import_weasyprint

    import_weasyprint()  # first, so that no library search runs programs (see render.pdf.weasy)
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    from .actualtext import actual_text
    from .fetcher import url_fetcher
    from .hyphenation import marked_words, never_hyphenate
    from .tagging import add_metadata, tagging, write_options

    options = write_options(standard)

    html = render_html(doc, for_print=True, extra_css=extra_css)
    fetcher = url_fetcher(figures(doc))
    font_config = FontConfiguration()
    try:
        with actual_text(), tagging(doc.lang), never_hyphenate(marked_words(doc)):
            document = HTML(string=html, base_url=VIRTUAL_ROOT, url_fetcher=fetcher).render(
                font_config=font_config)
            add_metadata(document, options)
            data: bytes = document.write_pdf(
                # No /ID from random or time data (PDF/A's is a hash of the objects); WeasyPrint writes
                # no dates but the Document's.
                pdf_identifier=options.identifier,
                pdf_variant=options.variant,
                pdf_tags=options.tags,
            )
    finally:
        remove_font_files(font_config)
    if fetcher.refused:
        LOGGER.warning("refused %d resource(s) while rendering: %s", len(fetcher.refused),
                       ", ".join(fetcher.refused[:5]))
    # A bundled font or stylesheet that did not load would not stop WeasyPrint: it would quietly
    # draw with whatever the system has (DejaVu on a fresh machine). Fail instead.
    expected = {VIRTUAL_ROOT + asset_url("fonts", f.file) for f in FONTS}
    expected |= {VIRTUAL_ROOT + asset_url("templates", name) for name in stylesheets(doc)}
    missing = sorted(expected - set(fetcher.served))
    if missing:
        raise RuntimeError(f"bundled assets were not loaded: {', '.join(missing)}")
    return data


def remove_font_files(font_config: object) -> None:
    """Remove the folder where WeasyPrint copied the `@font-face` fonts of one render.

    WeasyPrint removes it in `FontConfiguration.__del__`, that is when the collector gets to the
    configuration, which sits in reference cycles; a process that ends first (the collector runs
    seldom while rendering, `build.fewer_collections`) leaves the folder in the temporary directory.
    The fonts are embedded once `write_pdf` has returned, so the folder goes now. `_folder` is
    WeasyPrint 70's name (pinned, like the hooks); under another name nothing is removed here and
    `__del__` still does it later.
    """
    import shutil

    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        font_config._folder = None  # type: ignore[attr-defined]  # nothing left for __del__ to remove
