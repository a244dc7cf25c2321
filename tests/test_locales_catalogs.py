"""The label catalogs' cycle: extract, update, compile, stats, check, init (on copies of locales/)."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from isp_recap.cli import app
from isp_recap.diagnostics import IspRecapError
from isp_recap.locale import catalogs

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
runner = CliRunner()


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    """A copy of the project's locales/ that a test may change."""
    target = tmp_path / "locales"
    shutil.copytree(LOCALES, target, ignore=shutil.ignore_patterns("*.mo"))
    return target


def _po(root: Path, lang: str) -> Path:
    return root / lang / "LC_MESSAGES" / "isp_recap.po"


def test_template_is_up_to_date_with_the_code() -> None:
    result = catalogs.extract(root=LOCALES, check_only=True)
    assert (result.added, result.removed) == ([], []), "run `isp-recap locales extract`"
    cli = runner.invoke(app, ["locales", "extract", "--check"])
    assert cli.exit_code == 0, cli.output


def test_project_catalogs_check_clean_and_complete() -> None:
    assert [d.format() for d in catalogs.check(LOCALES) if d.severity == "error"] == []
    rows = {s.language: s for s in catalogs.stats(LOCALES)}
    assert rows["my"].missing == 0 and rows["my"].fuzzy == 0 and rows["my"].translated == rows["my"].total
    assert rows["en"].source


def test_stats_and_check_commands(locales: Path) -> None:
    result = runner.invoke(app, ["locales", "stats", "--locales", str(locales)])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].split() == ["language", "translated", "fuzzy", "missing", "done"]
    total = str({s.language: s for s in catalogs.stats(locales)}["my"].total)
    assert any(line.split()[:4] == ["my", total, "0", "0"] for line in result.stdout.splitlines()), result.stdout
    assert runner.invoke(app, ["locales", "check", "--locales", str(locales)]).exit_code == 0


def test_init_new_language_then_missing_fails_check(locales: Path) -> None:
    result = runner.invoke(app, ["locales", "init", "th", "--locales", str(locales)])
    assert result.exit_code == 0, result.output
    th = _po(locales, "th")
    assert th.is_file() and 'Language: th' in th.read_text(encoding="utf-8")
    assert runner.invoke(app, ["locales", "init", "th", "--locales", str(locales)]).exit_code == 2
    assert runner.invoke(app, ["locales", "init", "xx-nonsense-zz", "--locales", str(locales)]).exit_code == 2
    stats = {s.language: s for s in catalogs.stats(locales)}
    assert (stats["th"].translated, stats["th"].fuzzy, stats["th"].missing) == (0, 0, stats["my"].total)
    result = runner.invoke(app, ["locales", "check", "--locales", str(locales)])
    assert result.exit_code == 1
    assert f"{th}:21: error[missing]: 'Appendix Questions' has no translation" in result.output


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_brace_placeholder_mismatch(locales: Path) -> None:
    po = _po(locales, "my")
    _replace(po, 'msgstr "အပိုင်း {number}"', 'msgstr "အပိုင်း {num}"')
    diags = [d for d in catalogs.check(locales) if d.code == "placeholder"]
    assert len(diags) == 1
    assert diags[0].line == _line_of(po, 'msgid "Episode {number}"')
    assert "number" in diags[0].message and "num" in diags[0].message


def test_printf_placeholder_mismatch(locales: Path) -> None:
    po = _po(locales, "my")
    text = po.read_text(encoding="utf-8") + '\nmsgid "Saved %(count)d files to %s"\nmsgstr "ဖိုင် %(count)d ခု"\n'
    po.write_text(text, encoding="utf-8")
    diags = [d for d in catalogs.check(locales) if d.code == "placeholder"]
    assert [d.line for d in diags] == [_line_of(po, "Saved %(count)d")]
    assert "%s" in diags[0].message


def test_fuzzy_entry_fails(locales: Path) -> None:
    po = _po(locales, "my")
    _replace(po, 'msgid "Host"', '#, fuzzy\nmsgid "Host"')
    result = runner.invoke(app, ["locales", "check", "--locales", str(locales)])
    assert result.exit_code == 1
    line = _line_of(po, 'msgid "Host"')
    assert f"{po}:{line}: error[fuzzy]" in result.output
    stats = {s.language: s for s in catalogs.stats(locales)}
    assert (stats["my"].fuzzy, stats["my"].translated) == (1, stats["my"].total - 1)


@pytest.mark.parametrize(("old", "new", "needle"), [
    ('msgstr "အစီအစဉ်တင်ဆက်သူ"', 'msgstr "အစီအစဉ်တင်ဆက်သူ', "အစီအစဉ်တင်ဆက်သူ"),
    ('msgid "Host"', 'msgid Host', "msgid Host"),
    ('msgid "Host"', 'msgid "Host"\nsomething else', "something else"),
])
def test_malformed_po_reported_with_line(locales: Path, old: str, new: str, needle: str) -> None:
    po = _po(locales, "my")
    _replace(po, old, new)
    diags = catalogs.check(locales)
    assert [(d.code, d.line) for d in diags] == [("invalid-po", _line_of(po, needle))]
    result = runner.invoke(app, ["locales", "check", "--locales", str(locales)])
    assert result.exit_code == 2  # a catalog that cannot be read is bad input (issue 5), not a finding


def test_oversized_po_is_refused(locales: Path) -> None:
    po = _po(locales, "my")
    po.write_bytes(po.read_bytes() + b"#" * (3 * 1024 * 1024))
    [d] = catalogs.check(locales)
    assert d.code == "file-too-large"


def test_compile_matches_msgfmt_and_passes_msgfmt_check(locales: Path, tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext (msgfmt) is not installed")
    result = runner.invoke(app, ["locales", "compile", "--locales", str(locales)])
    assert result.exit_code == 0, result.output
    for lang in ("en", "my"):
        po = _po(locales, lang)
        reference = tmp_path / f"{lang}.mo"
        run = subprocess.run([msgfmt, "--check", "-o", str(reference), str(po)], capture_output=True, text=True,
                             check=False)
        assert run.returncode == 0, run.stderr
        with po.with_suffix(".mo").open("rb") as ours, reference.open("rb") as theirs:
            mine = dict(gettext.GNUTranslations(ours)._catalog)  # type: ignore[attr-defined]
            gnu = dict(gettext.GNUTranslations(theirs)._catalog)  # type: ignore[attr-defined]
        # Every translation is the same; the header entry ("") is Babel's rewrite of the PO header.
        assert mine.pop("") and gnu.pop("")
        assert mine == gnu
        # msgfmt reads our compiled catalog back (msgunfmt) as a valid catalog too.
        unfmt = shutil.which("msgunfmt")
        if unfmt and mine:  # (msgunfmt prints nothing for a header-only catalog such as English)
            text = subprocess.run([unfmt, str(po.with_suffix(".mo"))], capture_output=True, check=True).stdout
            run = subprocess.run([msgfmt, "--check", "-o", "/dev/null", "-"], input=text, capture_output=True,
                                 check=False)
            assert run.returncode == 0, run.stderr
    assert [d for d in catalogs.check(locales) if d.severity == "error"] == []


def test_truncated_mo_is_reported(locales: Path) -> None:
    catalogs.compile_catalogs(locales)
    mo = _po(locales, "my").with_suffix(".mo")
    mo.write_bytes(mo.read_bytes()[:30])
    diags = [d for d in catalogs.check(locales) if d.code == "invalid-mo"]
    assert [d.path for d in diags] == [str(mo)]


def test_compile_refuses_a_broken_catalog(locales: Path) -> None:
    _replace(_po(locales, "my"), 'msgstr "အပိုင်း {number}"', 'msgstr "အပိုင်း {num}"')
    with pytest.raises(IspRecapError):
        catalogs.compile_catalogs(locales)
    result = runner.invoke(app, ["locales", "compile", "--locales", str(locales)])
    assert result.exit_code == 1 and "placeholder" in result.output


def test_update_adds_new_and_obsoletes_old_labels(locales: Path) -> None:
    pot = locales / "isp_recap.pot"
    _replace(pot, 'msgid "Host"\nmsgstr ""\n', 'msgid "Host"\nmsgstr ""\n\nmsgid "Moderator"\nmsgstr ""\n')
    _replace(pot, 'msgid "Speaker"\nmsgstr ""\n', "")
    assert any(d.code == "not-updated" for d in catalogs.check(locales))
    results = {r.language: r for r in catalogs.update(locales)}
    assert (results["my"].added, results["my"].obsolete, results["my"].written) == (1, 1, True)
    text = _po(locales, "my").read_text(encoding="utf-8")
    assert 'msgid "Moderator"\nmsgstr ""' in text and '#~ msgid "Speaker"' in text
    assert {r.language: r.written for r in catalogs.update(locales)} == {"en": False, "my": False}
    missing = [d for d in catalogs.check(locales) if d.code == "missing"]
    assert [d.path for d in missing] == [str(_po(locales, "my"))]


def test_extract_writes_template_only_when_it_changes(locales: Path) -> None:
    pot = locales / "isp_recap.pot"
    before = pot.read_bytes()
    assert not catalogs.extract(root=locales).written
    assert pot.read_bytes() == before
    _replace(pot, 'msgid "Host"\nmsgstr ""\n\n', "")
    result = catalogs.extract(root=locales)
    assert result.written and result.added == ["Host"]


@pytest.mark.parametrize(("lang", "old", "new", "cldr"), [
    ("my", "nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;"),
    ("en", "nplurals=2; plural=(n != 1);", "nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);"),
])
def test_plural_forms_are_checked_against_cldr(locales: Path, lang: str, old: str, new: str, cldr: str) -> None:
    po = _po(locales, lang)
    _replace(po, old, new)
    result = runner.invoke(app, ["locales", "check", "--locales", str(locales)])
    assert result.exit_code == 1, result.output
    name = {"my": "Burmese", "en": "English"}[lang]
    line = _line_of(po, "Plural-Forms:")
    assert f"{po}:{line}:2: error[plural-forms]: the catalog declares nplurals={new[9]}, but {name} has " \
           f"{cldr[9]} plural form" in result.output
    assert f'(hint: set the header to "Plural-Forms: {cldr}\\n")' in result.output


def test_project_catalogs_declare_cldr_plural_forms() -> None:
    for lang in ("my", "en"):
        raw = _po(LOCALES, lang).read_bytes()
        assert catalogs.plural_forms_check(raw, "x.po", lang) == []
