"""`isp-recap new FOLDER`: a new event folder, so that an installed package has a starting point.

Writes a commented `event.yaml` that validates as it is (every value a placeholder to replace), the
JSON Schema beside it (named by the `yaml-language-server` line, so editors complete and check keys
without the repository), and an empty glossary. Refuses to overwrite anything.
"""

from __future__ import annotations

from pathlib import Path

SCHEMA_FILE = "event.schema.json"

STARTER_EVENT = """\
# yaml-language-server: $schema=event.schema.json
# An isp-recap event: one panel, from which the English, Burmese and bilingual memos are built.
#   isp-recap validate event.yaml     every mistake as FILE:LINE:COL
#   isp-recap build event.yaml        out/<folder>/memo.{en,my,bilingual}.{pdf,docx,html}
# Every text has an English (`en`) and a Burmese (`my`) side; a missing `my` is a translation still
# to do (`isp-recap check` lists them; Burmese editions wait for them). Inline markup: **strong**,
# *emphasis*, [links](https://example.org). Replace every value below.
format: 1
translation_status: draft   # draft, reviewed or approved: the default of every text

organisation:
  name: {en: Your organisation}
  website: https://example.org

event:
  series: {en: Your event series}
  episode: 1
  title: {en: The title of the panel}
  date: 2026-01-31          # YYYY-MM-DD

# Everyone who speaks: a short id (lowercase, digits, hyphens), the name, the role
# (host, lead_panelist, co_panelist or speaker), optionally position and department.
people:
  - id: host
    name: {en: The host's name}
    role: host
  - id: panelist
    name: {en: The panelist's name}
    role: lead_panelist

# The panel in order: turns (speaker + paragraphs), section labels, data cards.
programme:
  - turn:
      speaker: host
      paragraphs:
        - en: The host's opening words.
  - turn:
      speaker: panelist
      paragraphs:
        - en: What the panelist said, one paragraph per item.

# Audience questions: source pre_submitted, chat, raised_hand, email or other; answers by the people above.
qa: []
"""

STARTER_GLOSSARY = """\
# Glossary for the Burmese translation of this event; `isp-recap check` reads it (beside event.yaml).
# terms: English term -> the Burmese every translation must use (a list gives accepted alternatives).
# allow: Latin words and phrases that may stay as they are in Burmese text.
terms: {}
allow: []
"""


def new_event_folder(folder: Path) -> list[Path]:
    """Write a starting event folder; raise `IspRecapError` if any of its files exists."""
    from .scaffold import write_new_files
    from .schema import event_schema_text

    return write_new_files(folder, {"event.yaml": STARTER_EVENT, SCHEMA_FILE: event_schema_text(),
                                    "glossary.yaml": STARTER_GLOSSARY})
