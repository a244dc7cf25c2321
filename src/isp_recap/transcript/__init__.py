"""Transcript import: subtitles (WebVTT, SRT), typed transcripts (text, DOCX) -> event YAML.

Readers turn a file into `cues.Cue`s; `speakers` matches names to declared people; `paragraphs`
groups cues into turns; `align` pairs English and Burmese subtitles; `merge` writes the turns into
an event. `importer.run_import` runs the whole way; `command` is the `isp-recap import` command.
Nothing heavy is imported here, so the CLI can register the command cheaply.
"""
