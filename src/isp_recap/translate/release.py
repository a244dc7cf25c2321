"""What stops a release: draft translations and translation-check errors."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic, IspRecapError, sort_diagnostics
from ..model import Memo
from ..model.walk import iter_texts, status_of
from ..source.yaml_tree import Positions


def release_findings(memo: Memo, positions: Positions, path: str | Path,
                     glossary: str | Path | None = None, ignore: tuple[str, ...] = ()) -> list[Diagnostic]:
    """Errors that forbid publishing `memo`: every draft text, and every error of `isp-recap check`.

    Drafts are reported once for the document's `translation_status` (code `draft-in-release`, at
    that key) and once per text that sets `status: draft` itself. The glossary is `glossary` or
    `glossary.yaml` beside the event. A malformed glossary is reported as errors too. Codes in
    `ignore` are left out (a caller that reports missing translations itself passes
    `("missing-translation",)`).
    """
    from .checks import run_checks
    from .glossary import Glossary, find_glossary

    shown = str(path)
    diags: list[Diagnostic] = []
    inherited = [r for r in iter_texts(memo) if r.text.status is None and status_of(r.text, memo) == "draft"]
    if inherited:
        diags.append(Diagnostic(shown, *positions.of_key(("translation_status",)), "draft-in-release",
                                f"{len(inherited)} texts are draft translations (translation_status: draft); "
                                "a release needs reviewed or approved translations",
                                hint="set translation_status: reviewed once the translation is reviewed"))
    for ref in iter_texts(memo):
        if ref.text.status == "draft":
            diags.append(Diagnostic(shown, *positions.of_value((*ref.loc, "status")), "draft-in-release",
                                    f"{ref.id} is a draft translation (status: draft)",
                                    hint="review it and set status: reviewed"))
    try:
        terms = find_glossary(shown, glossary)
    except IspRecapError as exc:
        diags += exc.diagnostics
        terms = Glossary()
    skip = ("draft", *(code for code in ignore if code != "draft-in-release"))
    diags += [d for d in run_checks(memo, positions, shown, terms, ignore=skip) if d.severity == "error"]
    return sort_diagnostics(d for d in diags if d.code not in ignore)
