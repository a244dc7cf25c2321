"""PDF render overhead with instructions counted: ours from a built Document against WeasyPrint alone.

Timed ratios on a shared two-vCPU machine spread by more than the 2 % the target allows (bench/notes.md:
the same render read 2.9 s and 4.0 s minutes apart). The number of instructions a render executes
does not depend on other work on the machine, so this measures the overhead under Valgrind's
cachegrind (`--cache-sim=no`: instructions only) instead.

Each side runs in a process of its own, twice: once with one render after the set-up (load, the
Document, the print HTML, imports, the asset mirror), once with two. The difference is one render's
instructions, with the set-up and the first-use costs (fontconfig, Jinja) left out on both sides.
`PYTHONHASHSEED=0` fixes the hashing and one OpenBLAS thread the threads; what is left varies by up to
about 0.5 % from run to run.

`--renders 0,1` counts the first render against the set-up alone instead: a third of the rendering
under Valgrind (two renders a side instead of three, and one of the runs is the set-up only), with the
renders' first-use costs (fontconfig, the engine's own caches) counted on both sides alike. That is
what makes 600 pages countable in about 40 minutes a language on two cores; at that size the
first-use costs are a small part of a render (compare both pairs at 12 pages in the report).

    python bench/instructions.py [--sizes 12] [--no-sample] [--langs en,my] [--renders 1,2]
                                 [--output bench/instructions.md]

Rows are merged into the report's JSON by event, language and renders, so a count at one size does
not drop the others. Under Valgrind a render is about 50 times slower, so `make bench` counts the
sample and 12 pages (about 15 minutes); `--sizes 120 --no-sample` took 46 minutes on two cores here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
#: The overhead allowed: ours / the engine alone (issue 16, item 5).
TARGET = 1.02
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def child(side: str, event: Path, lang: str, renders: int, mirror: Path) -> None:
    """Set up, then render the PDF `renders` times: ours from the built Document, or the engine alone."""
    import weasyprint  # noqa: F401  (imported on both sides before anything is counted apart)
    from engines import asset_mirror, weasyprint_alone

    from isp_recap.build import BuildOptions, fewer_collections, render_output
    from isp_recap.document.builder import build_document
    from isp_recap.render.html import render_html
    from isp_recap.source.loader import load_event_with_positions

    memo, _ = load_event_with_positions(event)
    base = event.resolve().parent
    doc = build_document(memo, lang, base_dir=base)  # type: ignore[arg-type]
    html = render_html(doc, for_print=True)
    base_url = asset_mirror(mirror, base)
    for _ in range(renders):
        if side == "ours":
            render_output(doc, "pdf", BuildOptions())
        else:
            with fewer_collections():  # the same collector setting as ours (bench/run.py, engine_alone)
                weasyprint_alone(html, base_url)


def count(side: str, event: Path, lang: str, renders: int, work: Path) -> int:
    """Instructions of a whole child process under cachegrind."""
    mirror = work / f"mirror-{side}-{renders}-{lang}-{event.parent.name}"
    done = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, __file__, "--child", side, str(event), lang, str(renders), str(mirror)],
        # One OpenBLAS thread (NumPy, under Matplotlib): its idle threads spin, and cachegrind counts
        # their instructions too, by how the threads happened to be scheduled.
        capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
    found = _REFS.findall(done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"cachegrind run failed ({side} {lang} {event}):\n{done.stderr[-2000:]}")
    return int(found[-1].replace(",", ""))


def measure(name: str, event: Path, lang: str, work: Path, pair: tuple[int, int], commit: str) -> dict[str, Any]:
    """One case: one render's instructions on each side (runs with `pair` renders), and their ratio;
    `commit` is the code counted (read when the count started: the tree may change while it runs)."""
    fewer, more = pair
    # The longest runs first, one per core, so the two short ones fill in after them.
    jobs = [(side, renders) for renders in (more, fewer) for side in ("ours", "engine")]
    with ThreadPoolExecutor(max_workers=2) as pool:  # one Valgrind per core
        counts = dict(zip(jobs, pool.map(lambda job: count(job[0], event, lang, job[1], work), jobs), strict=True))
    ours = counts[("ours", more)] - counts[("ours", fewer)]
    engine = counts[("engine", more)] - counts[("engine", fewer)]
    return {"case": name, "lang": lang, "renders": [fewer, more], "commit": commit,
            "ours": ours, "engine": engine, "ratio": ours / engine}


def _commit() -> str:
    """The checkout's short commit, with '+' when the tree has changes (the count is of that code)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=BENCH, capture_output=True, text=True, check=False).stdout.strip()
    return git("rev-parse", "--short", "HEAD") + ("+" if git("status", "--porcelain", "--untracked-files=no") else "")


def _key(row: dict[str, Any]) -> tuple[str, str, tuple[int, ...]]:
    return row["case"], row["lang"], tuple(row.get("renders", (1, 2)))


def merged(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of an earlier report with this run's counts in place of theirs, in size order."""
    rows = {_key(r): r for r in old} | {_key(r): r for r in new}

    def order(row: dict[str, Any]) -> tuple[int, str, tuple[int, ...]]:
        case = row["case"]
        return (0 if case == "sample" else int(case.split()[0]), row["lang"], tuple(row.get("renders", (1, 2))))
    return sorted(rows.values(), key=order)


def _pair_label(row: dict[str, Any]) -> str:
    fewer, more = row.get("renders", (1, 2))
    return "first - set-up" if (fewer, more) == (0, 1) else f"run of {more} - run of {fewer}"


def report(rows: list[dict[str, Any]]) -> str:
    """bench/instructions.md."""
    lines = ["# PDF render overhead, instructions counted", "",
             "Written by `bench/instructions.py` (`make bench`). One render's instructions (cachegrind), ours from a",
             "built Document (`build.render_output`: the print HTML, the fetcher, `/ActualText`, tagging) against",
             "WeasyPrint alone on the same HTML with the same options and collector setting. Unlike the timed",
             "ratios in results.md, these do not move with other work on the machine.", "",
             "'render counted' says which two runs were subtracted: the second render (a run with two renders",
             "minus one with one, first-use costs left out) or the first (a run with one render minus the",
             "set-up alone, the renders' first-use costs in on both sides; `--renders 0,1`, used where a size is",
             "too large to render three times a side under Valgrind). 'code' is the commit counted.", "",
             "| event | lang | render counted | code | WeasyPrint alone | ours | ratio | target |",
             "|---|---|---|---|---:|---:|---:|---|"]
    for r in rows:
        ratio = r["ratio"]
        lines.append(f"| {r['case']} | {r['lang']} | {_pair_label(r)} | {r.get('commit', '')} | "
                     f"{r['engine'] / 1e6:,.0f} M | {r['ours'] / 1e6:,.0f} M | "
                     f"{ratio:.4f} | {'met' if ratio <= TARGET else '**missed**'} (≤ {TARGET}) |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Count each case and write the report; exit 0 (targets are reported, not enforced)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", default="12", help="generated event sizes in pages besides the sample")
    parser.add_argument("--sample", action=argparse.BooleanOptionalAction, default=True,
                        help="count the sample too (--no-sample: only the generated sizes)")
    parser.add_argument("--langs", default="en,my", help="languages to count (default both)")
    parser.add_argument("--renders", default="1,2",
                        help="the two runs' render counts whose difference is one render (0,1: the first render)")
    parser.add_argument("--output", type=Path, default=BENCH / "instructions.md")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        side, event, lang, renders, mirror = args.child
        child(side, Path(event), lang, int(renders), Path(mirror))
        return 0
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (make bench-deps installs it)")
    from run import prepare_cases

    fewer, more = (int(n) for n in args.renders.split(","))
    if not 0 <= fewer < more or more - fewer != 1:
        raise SystemExit("--renders takes two render counts one apart, such as 1,2 or 0,1")
    commit = _commit()
    work = Path(tempfile.mkdtemp(prefix="isp-recap-instructions-"))
    try:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        rows = []
        cases = prepare_cases(work, sizes)  # the sample in both languages, then each size
        langs = {lang.strip() for lang in args.langs.split(",")}
        for case in [c for c in cases if (args.sample or c.name != "sample") and c.lang in langs]:
            print(f"{case.name} {case.lang}: counting ...", flush=True)
            rows.append(measure(case.name, case.event, case.lang, work, (fewer, more), commit))
            print(f"  ours / WeasyPrint alone: {rows[-1]['ratio']:.4f}", flush=True)
            write(args.output, rows)  # after each case: a long count interrupted keeps what it counted
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.output}")
    return 0


def write(output: Path, rows: list[dict[str, Any]]) -> None:
    """The report and its JSON, with `rows` merged into what they held."""
    data = output.with_suffix(".json")
    every = merged(json.loads(data.read_text(encoding="utf-8")) if data.exists() else [], rows)
    output.write_text(report(every), encoding="utf-8")
    data.write_text(json.dumps(every, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
