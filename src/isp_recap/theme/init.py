"""`isp-recap theme init DIR`: a commented starting theme that looks exactly like the package."""

from __future__ import annotations

from pathlib import Path

#: The package's own palette (templates/memo.css), so that a new theme starts from the default look.
STARTING_THEME = """\
# An isp-recap theme: what your organisation may change about the memo's look.
# Build with it:  isp-recap build event.yaml --theme THIS-FOLDER
# or name it in the event file:  theme: path/to/this-folder   (inside the event's folder)
# Every key but `format` and `name` is optional; one left out keeps the package's look.
# The full description, with a worked example, is docs/themes.md.
format: isp-recap/theme 1
name: My organisation

# A PNG, JPEG or SVG (shapes only: convert text to paths) in this folder, shown on the cover
# and the back page. Per language:
#   logo: {en: logo.png, my: logo.my.png}
# logo: logo.png

colours:              # "#rrggbb"; these are the package's own
  primary: "#8f1d2c"          # cover band, headings, rules, links
  accent: "#d9a441"           # the rule under the cover band, written answers
  mapping: "#2f6f5e"          # data cards of the mapping series
  card_background: "#f5f0e8"  # data-card boxes
  question_background: "#edf1f4"
  text: "#1f1f1f"

# Typefaces per script: TrueType/OpenType files in this folder whose licence allows embedding
# (OS/2 fsType); the Burmese face must cover the Myanmar letters. Left out: Noto Sans / Noto Sans Myanmar.
# fonts:
#   myanmar:
#     family: Padauk
#     regular: fonts/Padauk-Regular.ttf
#     bold: fonts/Padauk-Bold.ttf

page:
  size: A4            # or letter
  margin_mm: 20       # left and right; top and bottom follow

# Also read from this folder when present:
#   memo.css, memo.en.css, memo.my.css   added after the package's stylesheet (url() to files here only)
#   templates/cover.html.j2, turn, card, question, contact   a block drawn your way (sandboxed Jinja2;
#       `default` holds the package's rendering of the block, `block` the block, `seg(segment)` a text)
"""

STARTING_CSS = """\
/* Added after the package's stylesheet, for every edition (memo.en.css / memo.my.css: one language).
 * url() may name PNG, JPEG, TTF or OTF files of this folder only; @import is not allowed. */
"""


def init_theme(folder: Path) -> list[Path]:
    """Write a starting theme into `folder` (created if missing); refuse to overwrite anything."""
    from ..scaffold import write_new_files

    return write_new_files(folder, {"theme.yaml": STARTING_THEME, "memo.css": STARTING_CSS})
