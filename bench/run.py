"""`make bench`: isp-recap against the engines it drives, side by side in one run (issue 7).

What is measured (medians of repeated runs; wall time, with CPU time beside it because a shared
machine makes wall time noisy):

- PDF: building a loaded event (Document, HTML, WeasyPrint with our fetcher and ActualText) against
  WeasyPrint alone rendering the very HTML we hand it, from files on disk with its default fetcher.
- DOCX: our writer against python-docx alone writing the same paragraphs, styles and bold/italic runs.
- Loading: reading and validating the event file (with positions for diagnostics) against the PDF
  build, and against ruamel.yaml's round-trip and C-accelerated safe loaders plus pydantic.
- Linearity (per page at 600 vs 120 pages), Burmese against English per page, and where the time
  goes (a sampling profile grouped by stage).
- Peak memory of a whole process at 600 pages: ours against WeasyPrint alone.
- Whole-process start-up of quick commands, a no-change rebuild, and a batch of 20 copies of the
  sample on 1 and 2 worker processes.

Results go to bench/results.md (and the raw numbers to bench/results.json). `--quick` is for
trying the script: fewer sizes and repeats, a smaller batch; its results are not the reference ones.
Timed assertions never go in the tests: targets are checked here and reported, not enforced.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import live  # noqa: E402
from events import ROOT, SAMPLE, generated_event, load_sample, write_event  # noqa: E402

CLI = Path(sys.executable).parent / "isp-recap"
LANGS = ("en", "my")

# Targets of issue 7 (and issue 16 item 5: the PDF pipeline within 1.02 of WeasyPrint alone at every size).
PDF_RATIO = 1.05
RENDER_RATIO = 1.02
DOCX_RATIO = 1.5
LOAD_SHARE = 0.15
LINEARITY = 1.3
MEMORY_RATIO = 1.2
VALIDATE_WALL = 0.35
HELP_WALL = 0.25
NOCHANGE_WALL = 0.4
BATCH_RATIO = 0.6


# -- timing ------------------------------------------------------------------------------------------


@dataclass
class Timing:
    """Repeated measurements of one thing: wall and CPU seconds."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        """Median wall time."""
        return statistics.median(self.wall) if self.wall else float("nan")

    @property
    def cpu_median(self) -> float:
        """Median CPU time (this process, or its children for whole-process timings)."""
        return statistics.median(self.cpu) if self.cpu else float("nan")

    def as_dict(self) -> dict[str, Any]:
        """For results.json."""
        return {"median": self.median, "cpu_median": self.cpu_median, "wall": self.wall, "cpu": self.cpu}


def measure(timing: Timing, fn: Callable[[], Any]) -> Any:
    """Run `fn` once after a garbage collection, adding its wall and CPU time to `timing`."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    timing.cpu.append(time.process_time() - cpu)
    timing.wall.append(time.perf_counter() - wall)
    return result


def run_process(timing: Timing, argv: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a whole process, adding its wall time and its CPU time (user + system) to `timing`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, check=False)
    timing.wall.append(time.perf_counter() - wall)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    timing.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return done


def pdf_pages(data: bytes) -> int:
    """Number of pages of a PDF."""
    import io

    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


# -- the run ------------------------------------------------------------------------------------------


@dataclass
class Case:
    """One event built in one language."""

    name: str
    lang: str
    event: Path
    pages: int = 0
    timings: dict[str, Timing] = field(default_factory=dict)

    def t(self, key: str) -> Timing:
        """The timing called `key`, created on first use."""
        return self.timings.setdefault(key, Timing())


def prepare_cases(work: Path, sizes: list[int]) -> list[Case]:
    """The sample in both languages, then generated events of each size in both languages."""
    data = load_sample()
    cases = [Case("sample", lang, SAMPLE) for lang in LANGS]
    for pages in sizes:
        for lang in LANGS:
            folder = work / f"gen-{pages}-{lang}"
            cases.append(Case(f"{pages} pages", lang, write_event(generated_event(data, pages, lang), folder)))
    return cases


def bench_case(case: Case, repeat: int, work: Path) -> None:
    """PDF, DOCX and loading of one case, ours and the engine alone interleaved run by run."""
    from engines import asset_mirror, docx_content, python_docx_alone, weasyprint_alone

    from isp_recap.build import BuildOptions, fewer_collections, render_output
    from isp_recap.document.builder import build_document
    from isp_recap.myanmar.segment import break_opportunities
    from isp_recap.render.docx import shipped_reference
    from isp_recap.render.html import render_html
    from isp_recap.source.loader import load_event_with_positions

    base_dir = case.event.resolve().parent
    options = BuildOptions()
    memo, _ = load_event_with_positions(case.event)
    doc = build_document(memo, case.lang, base_dir=base_dir)  # type: ignore[arg-type]
    html = render_html(doc, for_print=True)
    mirror = asset_mirror(work / f"mirror-{case.name.replace(' ', '-')}-{case.lang}", base_dir)
    content = docx_content(doc)
    reference = shipped_reference().read_bytes()

    def ours_pdf() -> bytes:
        # A fresh process has no segmentation cached: neither does a timed build.
        break_opportunities.cache_clear()
        return render_output(build_document(memo, case.lang, base_dir=base_dir), "pdf", options)  # type: ignore[arg-type]

    built = build_document(memo, case.lang, base_dir=base_dir)  # type: ignore[arg-type]

    def ours_render() -> bytes:
        # Ours from a built Document: the PDF pipeline alone (fetcher, ActualText, tagging), without the
        # content work the Document build does (markup, Burmese segmentation, charts drawn by Matplotlib).
        return render_output(built, "pdf", options)

    def engine_alone() -> bytes:
        # Under the same collector setting as ours (build.fewer_collections): it alone moves the ratio
        # by 10 % at 120 pages (bench/notes.md), and it is a setting of the process, not a difference
        # between isp-recap and WeasyPrint.
        with fewer_collections():
            return weasyprint_alone(html, mirror)

    def ours_docx() -> bytes:
        break_opportunities.cache_clear()
        return render_output(build_document(memo, case.lang, base_dir=base_dir), "docx", options)  # type: ignore[arg-type]

    for run in range(repeat):
        # Ours and the engine alone one right after the other, in turn first (ABBA), so neither gains
        # from running second (warm caches) or loses from a drift of the machine.
        pdf_pair = [("weasyprint", engine_alone), ("pdf", ours_pdf), ("render", ours_render)]
        docx_pair = [("python-docx", lambda: python_docx_alone(content, reference)), ("docx", ours_docx)]
        for key, fn in pdf_pair[:: 1 if run % 2 == 0 else -1] + docx_pair[:: 1 if run % 2 == 0 else -1]:
            made = measure(case.t(key), fn)
            if key == "weasyprint":
                engine = made
            elif key == "pdf":
                ours = made
        measure(case.t("load"), lambda: load_event_with_positions(case.event))
        measure(case.t("document"), lambda: (break_opportunities.cache_clear(),
                                             build_document(memo, case.lang, base_dir=base_dir)))  # type: ignore[arg-type]
    case.pages = pdf_pages(ours)
    engine_pages = pdf_pages(engine)
    if engine_pages != case.pages:
        print(f"  warning: {case.name} {case.lang}: WeasyPrint alone made {engine_pages} pages, ours {case.pages}")


def bench_loaders(case: Case, repeat: int) -> dict[str, Timing]:
    """Loading one event file: ours (positions, all checks) and ruamel's loaders + pydantic."""
    from ruamel.yaml import YAML

    from isp_recap.model import Memo
    from isp_recap.source.loader import load_event_with_positions

    text = case.event.read_text(encoding="utf-8")
    from isp_recap.source import fastyaml

    out: dict[str, Timing] = {"ours": Timing(), "ours, pure parser only": Timing(), "ruamel round-trip": Timing(),
                              "ruamel safe (pure)": Timing(), "pydantic validation": Timing()}

    def pure_only() -> Any:
        saved = fastyaml.load_tree_fast
        fastyaml.load_tree_fast = lambda path, text: None  # what loading cost before the fast path
        try:
            return load_event_with_positions(case.event)
        finally:
            fastyaml.load_tree_fast = saved

    try:
        from _ruamel_yaml import CParser  # noqa: F401
    except ImportError:
        has_c = False
    else:
        has_c = True
        out["ruamel safe (C)"] = Timing()
    data = YAML(typ="safe", pure=True).load(text)
    for _ in range(repeat):
        measure(out["ours"], lambda: load_event_with_positions(case.event))
        measure(out["ours, pure parser only"], pure_only)
        measure(out["ruamel round-trip"], lambda: YAML().load(text))
        measure(out["ruamel safe (pure)"], lambda: YAML(typ="safe", pure=True).load(text))
        if has_c:
            measure(out["ruamel safe (C)"], lambda: YAML(typ="safe").load(text))
        measure(out["pydantic validation"], lambda: Memo.model_validate(data))
    return out


# -- where the time goes -------------------------------------------------------------------------------

STAGES = (
    ("isp_recap/myanmar/", "ICU segmentation"),
    ("isp_recap/render/pdf/actualtext", "ActualText hook"),
    ("isp_recap/render/pdf/fetcher", "URL fetcher"),
    ("isp_recap/", "isp-recap (Document, HTML)"),
    ("weasyprint/text/", "text: Pango shaping, line breaking"),
    ("weasyprint/layout/", "layout"),
    ("weasyprint/draw/", "drawing"),
    ("weasyprint/pdf/fonts", "PDF fonts (subsetting, widths)"),
    ("weasyprint/pdf/", "PDF writing"),
    ("pydyf/", "PDF writing"),
    ("weasyprint/css/", "HTML and CSS"),
    ("weasyprint/html", "HTML and CSS"),
    ("cssselect2/", "HTML and CSS"),
    ("tinycss2/", "HTML and CSS"),
    ("tinyhtml5/", "HTML and CSS"),
    ("html5lib/", "HTML and CSS"),
    ("fontTools/", "PDF fonts (subsetting, widths)"),
    ("jinja2/", "isp-recap (Document, HTML)"),
    ("markdown_it/", "isp-recap (Document, HTML)"),
    ("weasyprint/", "WeasyPrint, other"),
)


def stage_of(path: str) -> str:
    """The pipeline stage a source file belongs to."""
    path = path.replace("\\", "/")
    for needle, stage in STAGES:
        if needle in path:
            return stage
    return "other"


def profile_stages(fn: Callable[[], Any]) -> tuple[dict[str, float], Any]:
    """Self time per stage of one run of `fn`, from pyinstrument's sampling profile.

    Time spent in C (Pango, HarfBuzz, cairo-free PDF code, ICU) is charged to the Python function
    that called it, so "text" includes Pango's shaping and "PDF fonts" HarfBuzz's subsetter.
    """
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    fn()
    session = profiler.stop()
    totals: dict[str, float] = {}
    root = session.root_frame()

    def walk(frame: Any, parent_stage: str) -> None:
        # Built-ins, the standard library and cffi's call glue belong to the stage that called them.
        stage = stage_of(frame.file_path or "")
        if stage == "other":
            stage = parent_stage
        own = frame.time - sum(child.time for child in frame.children)
        if own > 0:
            totals[stage] = totals.get(stage, 0.0) + own
        for child in frame.children:
            walk(child, stage)

    if root is not None:
        walk(root, "other")
    return totals, profiler


def bench_profiles(cases: list[Case], out_dir: Path) -> dict[str, Any]:
    """Stage profile of the PDF build in English and Burmese (the largest size at most 120 pages),
    HarfBuzz against fontTools subsetting, and the ActualText hook on and off."""
    from engines import weasyprint_alone

    from isp_recap.build import BuildOptions, render_output
    from isp_recap.document.builder import build_document
    from isp_recap.myanmar.segment import break_opportunities
    from isp_recap.render.html import render_html
    from isp_recap.source.loader import load_event_with_positions

    candidates = [c for c in cases if c.name != "sample" and c.pages <= 130] or cases
    biggest = max(c.pages for c in candidates if c.lang == "en")
    chosen = {c.lang: c for c in candidates if c.name == next(x.name for x in candidates if x.pages == biggest)}
    result: dict[str, Any] = {"case": next(iter(chosen.values())).name, "stages": {}, "pages": {}}
    out_dir.mkdir(parents=True, exist_ok=True)
    for lang, case in chosen.items():
        memo, _ = load_event_with_positions(case.event)
        base_dir = case.event.resolve().parent

        def build(memo: Any = memo, lang: str = lang, base_dir: Path = base_dir) -> bytes:
            break_opportunities.cache_clear()
            doc = build_document(memo, lang, base_dir=base_dir)  # type: ignore[arg-type]
            return render_output(doc, "pdf", BuildOptions())

        stages, profiler = profile_stages(build)
        result["stages"][lang] = stages
        result["pages"][lang] = case.pages
        (out_dir / f"profile-pdf-{lang}.txt").write_text(
            profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8")
    # Subsetting with HarfBuzz (libharfbuzz-subset0) against fontTools, WeasyPrint alone, Burmese.
    import weasyprint.pdf.fonts as wp_fonts

    case = chosen.get("my") or next(iter(chosen.values()))
    memo, _ = load_event_with_positions(case.event)
    base_dir = case.event.resolve().parent
    html = render_html(build_document(memo, case.lang, base_dir=base_dir), for_print=True)  # type: ignore[arg-type]
    subsetting: dict[str, Timing] = {"harfbuzz": Timing(), "fonttools": Timing()}
    saved = wp_fonts.harfbuzz_subset
    work = Path(tempfile.mkdtemp(prefix="isp-recap-subset-"))
    try:
        from engines import asset_mirror

        base = asset_mirror(work, base_dir)
        for _ in range(2):
            if saved is not None:
                measure(subsetting["harfbuzz"], lambda: weasyprint_alone(html, base))
            wp_fonts.harfbuzz_subset = None  # WeasyPrint then subsets with fontTools (and warns)
            try:
                measure(subsetting["fonttools"], lambda: weasyprint_alone(html, base))
            finally:
                wp_fonts.harfbuzz_subset = saved
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["subsetting"] = {k: v.as_dict() for k, v in subsetting.items()}
    result["subsetting_case"] = f"{case.name} {case.lang}"
    return result


# -- whole processes ----------------------------------------------------------------------------------


def bench_startup(repeat: int, work: Path) -> dict[str, Timing]:
    """Whole-process wall time of quick commands and of a no-change rebuild of the sample."""
    out = {name: Timing() for name in ("python -c pass", "python -c 'import weasyprint'", "isp-recap --help",
                                       "isp-recap validate sample", "no-change rebuild of the sample")}
    target = work / "nochange"
    first = subprocess.run([str(CLI), "build", str(SAMPLE), "-o", str(target)], capture_output=True, text=True,
                           check=False)
    if first.returncode != 0:
        raise SystemExit(f"building the sample failed:\n{first.stderr}")
    for _ in range(repeat):
        run_process(out["python -c pass"], [sys.executable, "-c", "pass"])
        run_process(out["python -c 'import weasyprint'"], [sys.executable, "-c", "import weasyprint"])
        run_process(out["isp-recap --help"], [str(CLI), "--help"])
        run_process(out["isp-recap validate sample"], [str(CLI), "validate", str(SAMPLE)])
        done = run_process(out["no-change rebuild of the sample"],
                           [str(CLI), "build", str(SAMPLE), "-o", str(target)])
        if "up to date" not in done.stdout + done.stderr:
            print("  warning: the no-change rebuild rebuilt something:", done.stdout.strip())
    return out


def bench_batch(copies: int, work: Path) -> dict[str, Any]:
    """`isp-recap build` of `copies` copies of the sample: one worker, then two."""
    folder = work / "batch"
    events = []
    for i in range(copies):
        target = folder / f"event-{i + 1:02d}"
        shutil.copytree(SAMPLE.parent, target)
        events.append(str(target / "event.yaml"))
    out: dict[str, Any] = {"copies": copies}
    for jobs in (1, 2):
        shutil.rmtree(folder / "out", ignore_errors=True)
        timing = Timing()
        done = run_process(timing, [str(CLI), "build", *events, "-j", str(jobs)], cwd=folder)
        if done.returncode != 0:
            raise SystemExit(f"the batch build failed:\n{done.stderr[-2000:]}")
        out[f"j{jobs}"] = timing.as_dict()
    return out


def bench_memory(cases: list[Case], work: Path) -> dict[str, Any]:
    """Peak resident memory of a whole process at the largest size: ours against WeasyPrint alone."""
    from isp_recap.document.builder import build_document
    from isp_recap.render.html import render_html
    from isp_recap.source.loader import load_event_with_positions

    biggest = max(c.pages for c in cases if c.lang == "en")
    name = next(c.name for c in cases if c.pages == biggest)
    out: dict[str, Any] = {}
    for case in (c for c in cases if c.name == name):
        memo, _ = load_event_with_positions(case.event)
        base_dir = case.event.resolve().parent
        html_file = work / f"memory-{case.lang}.html"
        html_file.write_text(render_html(build_document(memo, case.lang, base_dir=base_dir),  # type: ignore[arg-type]
                                         for_print=True), encoding="utf-8")
        from engines import asset_mirror

        base = asset_mirror(work / f"memory-mirror-{case.lang}", base_dir)
        engine = _child(["weasyprint", str(html_file), str(base)])
        ours = _child(["ours", str(case.event), case.lang])
        out[case.lang] = {"case": case.name, "pages": case.pages, "weasyprint_mib": engine["maxrss_mib"],
                          "ours_mib": ours["maxrss_mib"]}
    return out


def _child(args: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(Path(__file__)), "--child", *args], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise SystemExit(f"memory measurement {args} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def child(args: list[str]) -> None:
    """In a fresh process: render once and print the peak resident memory (for bench_memory)."""
    kind = args[0]
    if kind == "weasyprint":
        from engines import weasyprint_alone

        weasyprint_alone(Path(args[1]).read_text(encoding="utf-8"), Path(args[2]))
    else:
        from isp_recap.build import BuildOptions, render_output
        from isp_recap.document.builder import build_document
        from isp_recap.source.loader import load_event_with_positions

        event = Path(args[1])
        memo, _ = load_event_with_positions(event)
        doc = build_document(memo, args[2], base_dir=event.resolve().parent)  # type: ignore[arg-type]
        render_output(doc, "pdf", BuildOptions())
    print(json.dumps({"maxrss_mib": peak_rss_mib()}))


def peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM).

    Not `getrusage().ru_maxrss`: Linux carries the peak of the process that forked us across `exec`,
    so a child of a big benchmark process would report the parent's memory.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the report -----------------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    """Machine, date and versions."""
    from importlib.metadata import version

    def ver(name: str) -> str:
        try:
            return version(name)
        except Exception:
            return "not installed"

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        memory = f"{int(mem.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    import ctypes

    from weasyprint.text.ffi import harfbuzz_subset, pango

    hb = ctypes.CDLL("libharfbuzz.so.0")
    hb.hb_version_string.restype = ctypes.c_char_p

    from isp_recap.myanmar.icu_backend import icu_version

    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                         check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True,
                           cwd=ROOT, check=False).stdout.strip()
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "machine": f"{cpu}; {len(os.sched_getaffinity(0))} cores usable; {memory} RAM",
        "system": os_name,
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "isp-recap": f"{ver('isp-recap')} (git {git}{', with uncommitted changes' if dirty else ''})",
        "WeasyPrint": ver("weasyprint"),
        "pydyf": ver("pydyf"),
        "Pango": "{}.{}.{}".format(*divmod(divmod(pango.pango_version(), 100)[0], 100), pango.pango_version() % 100),
        "HarfBuzz": hb.hb_version_string().decode(),
        "HarfBuzz subsetter": "libharfbuzz-subset (used by WeasyPrint)" if harfbuzz_subset
        else "missing: WeasyPrint subsets with fontTools",
        "fontTools": ver("fonttools"),
        "python-docx": ver("python-docx"),
        "ruamel.yaml": ver("ruamel.yaml"),
        "ruamel.yaml C loader": "ruamel.yaml.clib " + ver("ruamel.yaml.clib")
        if ver("ruamel.yaml.clib") != "not installed" else "not installed",
        "pydantic": ver("pydantic"),
        "icu4py / ICU": f"{ver('icu4py')} / {icu_version()}",
    }


def ensure_bytecode() -> str:
    """Compile isp-recap's modules to bytecode where it is missing or stale, as `pip install` does for
    an installed wheel; what was found, for the report.

    The project's venv is an editable install, whose modules Python compiles on first import and
    caches in `__pycache__`, unless `PYTHONDONTWRITEBYTECODE` is set (it is on machines of this kind):
    then every process compiles them again, about 60 ms of a 0.22 s `validate` (bench/notes.md), and
    the start-up figures would measure the compiler, not what a user who installed the tool runs.
    """
    import compileall

    import isp_recap

    package = Path(isp_recap.__file__).parent
    # compile_dir rewrites only what is missing or older than its source; quiet=1 prints only errors.
    compiled = compileall.compile_dir(str(package), quiet=1, workers=1)
    setting = os.environ.get("PYTHONDONTWRITEBYTECODE")
    why = "PYTHONDONTWRITEBYTECODE is set here" if setting else "Python would also write it on first import"
    return f"compiled before timing, as pip does on install ({why})" if compiled else "failed to compile"


def paired(case: Case, ours: str, engine: str, cpu: bool = False) -> float:
    """Median of ours / engine over runs made one right after the other."""
    a, b = (case.t(ours).cpu, case.t(engine).cpu) if cpu else (case.t(ours).wall, case.t(engine).wall)
    return statistics.median(x / y for x, y in zip(a, b, strict=True)) if a else float("nan")


def verdict(ok: bool) -> str:
    """A table cell for a target."""
    return "met" if ok else "**missed**"


def fmt(seconds: float) -> str:
    """Seconds for a table: milliseconds below one second."""
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def report(env: dict[str, str], cases: list[Case], loaders: dict[str, dict[str, Timing]],
           startup: dict[str, Timing] | None, batch: dict[str, Any] | None, memory: dict[str, Any] | None,
           profiles: dict[str, Any] | None, args: argparse.Namespace,
           issue16: tuple[list[str], list[tuple[str, str, bool]]] | None = None,
           ) -> tuple[str, list[tuple[str, str, bool]]]:
    """bench/results.md's text, and the list of (target, figure, met)."""
    lines = ["# isp-recap benchmark", "",
             "Written by `make bench` (`bench/run.py`). Medians of repeated runs, in-process after imports unless",
             "marked *whole process*. Wall time is what the targets use; CPU time is shown beside it because",
             "other work on a shared machine inflates wall time. Ratios are ours / the engine alone, measured",
             "in the same run with ours and the engine interleaved run by run.", "",
             "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in env.items()]
    lines += ["", f"Repeats: {args.repeat} (sample and 12 pages: {max(args.repeat, 5)}); sizes: {args.sizes}.", ""]
    targets: list[tuple[str, str, bool]] = []

    lines += ["## PDF and DOCX against the engines alone", "",
              "| event | lang | pages | WeasyPrint alone | ours: PDF build | ratio | python-docx alone | ours: DOCX "
              "build | ratio | load + validate | load / PDF |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cases:
        w, p, d, o, ld = (c.t(k).median for k in ("weasyprint", "pdf", "python-docx", "docx", "load"))
        pdf_ratio, docx_ratio = paired(c, "pdf", "weasyprint"), paired(c, "docx", "python-docx")
        lines.append(f"| {c.name} | {c.lang} | {c.pages} | {fmt(w)} | {fmt(p)} | {pdf_ratio:.3f} | {fmt(d)} | "
                     f"{fmt(o)} | {docx_ratio:.2f} | {fmt(ld)} | {ld / p:.1%} |")
        targets.append((f"PDF build ≤ {PDF_RATIO}× WeasyPrint alone ({c.name}, {c.lang})",
                        f"{pdf_ratio:.3f}× (CPU {paired(c, 'pdf', 'weasyprint', cpu=True):.3f}×)",
                        pdf_ratio <= PDF_RATIO))
        if c.t("render").wall:
            render_ratio = paired(c, "render", "weasyprint")
            targets.append((f"PDF from a built Document ≤ {RENDER_RATIO}× WeasyPrint alone ({c.name}, {c.lang})",
                            f"{render_ratio:.3f}× (CPU {paired(c, 'render', 'weasyprint', cpu=True):.3f}×)",
                            render_ratio <= RENDER_RATIO))
        targets.append((f"DOCX build ≤ {DOCX_RATIO}× python-docx alone ({c.name}, {c.lang})", f"{docx_ratio:.2f}×",
                        docx_ratio <= DOCX_RATIO))
        targets.append((f"load + validate ≤ {LOAD_SHARE:.0%} of the PDF build ({c.name}, {c.lang})", f"{ld / p:.1%}",
                        ld / p <= LOAD_SHARE))
    lines += ["", "Ratios are medians of the ratios of adjacent runs (ours right after the engine alone), which"
              " cancels slow drifts of the machine; the medians of the times are beside them."]
    lines += ["", "CPU time of the same runs (seconds):", "",
              "| event | lang | WeasyPrint alone | ours: PDF | ratio | ours: PDF from a built Document | ratio | "
              "python-docx alone | ours: DOCX | ratio | load | Document build |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for c in cases:
        w, p, r, d, o, ld, doc = (c.t(k).cpu_median if c.t(k).cpu else float("nan")
                                  for k in ("weasyprint", "pdf", "render", "python-docx", "docx", "load", "document"))
        lines.append(f"| {c.name} | {c.lang} | {w:.3f} | {p:.3f} | {paired(c, 'pdf', 'weasyprint', cpu=True):.3f} | "
                     f"{r:.3f} | {paired(c, 'render', 'weasyprint', cpu=True):.3f} | "
                     f"{d:.3f} | {o:.3f} | {paired(c, 'docx', 'python-docx', cpu=True):.2f} | {ld:.3f} | {doc:.3f} |")

    lines += ["", "## Per page", "",
              "| event | ours PDF en | ours PDF my | my / en | WeasyPrint alone en | WeasyPrint alone my | my / en |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    per_page: dict[tuple[str, str], tuple[float, float]] = {}
    for c in cases:
        per_page[(c.name, c.lang)] = (c.t("pdf").median / c.pages, c.t("weasyprint").median / c.pages)
    for name in dict.fromkeys(c.name for c in cases):
        if (name, "en") in per_page and (name, "my") in per_page:
            (oe, we), (om, wm) = per_page[(name, "en")], per_page[(name, "my")]
            lines.append(f"| {name} | {oe * 1000:.1f} ms | {om * 1000:.1f} ms | {om / oe:.2f} | {we * 1000:.1f} ms | "
                         f"{wm * 1000:.1f} ms | {wm / we:.2f} |")
    sizes = sorted({int(c.name.split()[0]) for c in cases if c.name != "sample"})
    if len(sizes) >= 2:
        small, large = (120 if 120 in sizes else sizes[-2]), sizes[-1]
        for lang in LANGS:
            a, b = per_page.get((f"{small} pages", lang)), per_page.get((f"{large} pages", lang))
            if a and b:
                targets.append((f"per page at {large} ≤ {LINEARITY}× per page at {small} ({lang})",
                                f"{b[0] / a[0]:.2f}× (WeasyPrint alone {b[1] / a[1]:.2f}×)", b[0] / a[0] <= LINEARITY))

    columns = list(next(iter(loaders.values()))) if loaders else []
    if loaders:
        lines += ["", "## Loading", "", "| event | lang | " + " | ".join(columns) + " |",
                  "|---|---|" + "---:|" * len(columns)]
    for key, timings in loaders.items():
        name, lang = key.rsplit(" ", 1)
        lines.append(f"| {name} | {lang} | " + " | ".join(fmt(t.median) for t in timings.values()) + " |")

    if memory:
        lines += ["", "## Peak memory (whole process, 600-page class)", "",
                  "| event | lang | pages | WeasyPrint alone | ours | ratio |", "|---|---|---:|---:|---:|---:|"]
        for lang, m in memory.items():
            ratio = m["ours_mib"] / m["weasyprint_mib"]
            lines.append(f"| {m['case']} | {lang} | {m['pages']} | {m['weasyprint_mib']:.0f} MiB | "
                         f"{m['ours_mib']:.0f} MiB | {ratio:.2f} |")
            targets.append((f"peak memory ≤ {MEMORY_RATIO}× WeasyPrint alone ({m['case']}, {lang})", f"{ratio:.2f}×",
                            ratio <= MEMORY_RATIO))

    if startup:
        lines += ["", "## Start-up and no-change rebuild (whole process)", "",
                  "| command | wall | CPU |", "|---|---:|---:|"]
        lines += [f"| `{name}` | {fmt(t.median)} | {fmt(t.cpu_median)} |" for name, t in startup.items()]
        for name, limit in (("isp-recap --help", HELP_WALL), ("isp-recap validate sample", VALIDATE_WALL),
                            ("no-change rebuild of the sample", NOCHANGE_WALL)):
            t = startup[name]
            targets.append((f"`{name}` ≤ {limit} s wall", f"{t.median:.3f} s (CPU {t.cpu_median:.3f} s)",
                            t.median <= limit))

    if batch:
        j1, j2 = batch["j1"]["median"], batch["j2"]["median"]
        lines += ["", f"## Batch: {batch['copies']} copies of the sample, every edition and format (whole process)",
                  "", "| workers | wall | CPU (all processes) |", "|---|---:|---:|",
                  f"| `-j 1` | {fmt(j1)} | {fmt(batch['j1']['cpu_median'])} |",
                  f"| `-j 2` | {fmt(j2)} | {fmt(batch['j2']['cpu_median'])} |", "",
                  f"`-j 2` / `-j 1`: {j2 / j1:.2f}"]
        targets.append((f"batch of {batch['copies']} on 2 cores ≤ {BATCH_RATIO}× serial", f"{j2 / j1:.2f}×",
                        j2 / j1 <= BATCH_RATIO))

    if profiles:
        lines += ["", f"## Where the time goes: PDF build, {profiles['case']} (pyinstrument, self time by stage)", "",
                  "| stage | en ms/page | my ms/page | my / en |", "|---|---:|---:|---:|"]
        en, my = profiles["stages"].get("en", {}), profiles["stages"].get("my", {})
        pe, pm = profiles["pages"].get("en", 1), profiles["pages"].get("my", 1)
        for stage in sorted(set(en) | set(my), key=lambda s: -(my.get(s, 0) / pm + en.get(s, 0) / pe)):
            a, b = en.get(stage, 0.0) / pe * 1000, my.get(stage, 0.0) / pm * 1000
            ratio = f"{b / a:.2f}" if a else ""
            lines.append(f"| {stage} | {a:.1f} | {b:.1f} | {ratio} |")
        ta, tb = sum(en.values()) / pe * 1000, sum(my.values()) / pm * 1000
        lines.append(f"| **total** | {ta:.1f} | {tb:.1f} | {tb / ta:.2f} |" if ta else "")
        sub = profiles["subsetting"]
        if sub["harfbuzz"]["wall"]:
            lines += ["", f"Font subsetting, WeasyPrint alone on {profiles['subsetting_case']}: HarfBuzz "
                      f"{fmt(sub['harfbuzz']['median'])}, fontTools {fmt(sub['fonttools']['median'])}."]
        lines += ["", "Full profiles: `bench/profiles/profile-pdf-en.txt`, `bench/profiles/profile-pdf-my.txt`."]

    if issue16:  # preview latency, one event on all cores, start-up goals (bench/live.py)
        lines += issue16[0]
        targets += issue16[1]

    lines += ["", "## Targets", "", "| target | figure | |", "|---|---|---|"]
    lines += [f"| {t} | {f} | {verdict(ok)} |" for t, f, ok in targets]
    notes = BENCH / "notes.md"
    if notes.is_file():  # the reading of the figures, written by hand from the profiles; kept across runs
        lines += ["", notes.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n", targets


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write bench/results.md; exit 0 (targets are reported, not enforced)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="sizes 12 and 120, one repeat, a batch of 4")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (default 3)")
    parser.add_argument("--sizes", default="12,120,600", help="generated event sizes in pages")
    parser.add_argument("--batch", type=int, default=20, help="copies of the sample in the batch (0: skip)")
    parser.add_argument("--output", type=Path, default=BENCH / "results.md")
    parser.add_argument("--only", default="", help="comma-separated subset: cases,loaders,memory,startup,batch,"
                                                   "profiles,preview,single (without cases: a quick run whose "
                                                   "figures go into their own section of results.md)")
    parser.add_argument("--report-only", action="store_true",
                        help="write results.md again from results.json (after editing bench/notes.md)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    if args.report_only:
        return rewrite_report(args)
    if args.quick:
        args.repeat, args.sizes, args.batch = 1, "12,120", min(args.batch, 4)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    only = set(filter(None, args.only.split(",")))

    def wanted(part: str) -> bool:
        return not only or part in only

    import weasyprint  # noqa: F401  (imports are not what the in-process timings measure)

    try:
        # On a shared machine the other work's share of the CPU must not decide the figures: raise this
        # process's priority (inherited by the processes it starts) when allowed. Ratios come from
        # interleaved runs either way.
        os.nice(-5)
        priority = "nice -5 (raised over other work on the machine)"
    except OSError:
        priority = "normal"

    bytecode = ensure_bytecode()  # before any process is timed
    env = environment()
    env["priority"] = priority
    env["isp-recap bytecode"] = bytecode
    for key, value in env.items():
        print(f"{key}: {value}")
    work = Path(tempfile.mkdtemp(prefix="isp-recap-bench-"))
    try:
        cases = prepare_cases(work, sizes) if wanted("cases") or wanted("loaders") else []
        if wanted("cases"):
            # Warm-up: first-use costs of a process (fontconfig, Jinja's template compilation) are paid once.
            bench_case(Case("warm-up", "my", SAMPLE), 1, work)
        for case in cases:
            repeat = max(args.repeat, 5) if case.name in ("sample", "12 pages") else args.repeat
            if not wanted("cases"):
                break
            print(f"{case.name} {case.lang}: {repeat} runs ...", flush=True)
            bench_case(case, repeat, work)
            print(f"  {case.pages} pages: WeasyPrint alone {case.t('weasyprint').median:.3f} s, ours "
                  f"{case.t('pdf').median:.3f} s ({case.t('pdf').median / case.t('weasyprint').median:.3f}); "
                  f"python-docx {case.t('python-docx').median:.3f} s, ours {case.t('docx').median:.3f} s; "
                  f"load {case.t('load').median:.3f} s", flush=True)
        loaders = {}
        if wanted("loaders"):
            for case in cases:
                if (case.name == "sample" and case.lang == "my") or case.name.startswith(str(sizes[-1])):
                    print(f"loaders: {case.name} {case.lang} ...", flush=True)
                    loaders[f"{case.name} {case.lang}"] = bench_loaders(case, args.repeat)
        profiles = bench_profiles(cases, BENCH / "profiles") if wanted("profiles") and wanted("cases") else None
        memory = bench_memory(cases, work) if wanted("memory") and wanted("cases") else None
        if memory:
            print("memory:", json.dumps(memory), flush=True)
        startup = bench_startup(max(args.repeat, 5), work) if wanted("startup") else None
        batch = bench_batch(args.batch, work) if args.batch and wanted("batch") else None
        if batch:
            print("batch:", json.dumps({k: v["median"] if isinstance(v, dict) else v for k, v in batch.items()}))
        preview = live.bench_preview(max(args.repeat, 5), work) if wanted("preview") else None
        if preview:
            print("preview:", json.dumps({e: live.median(t["page"]) for e, t in preview.items()}), flush=True)
        single = live.bench_single(args.repeat, work, run_process, Timing) if wanted("single") else None
        if single:
            print(f"single event: -j 1 {single['j1'].median:.2f} s wall / {single['j1'].cpu_median:.2f} s CPU, "
                  f"default {single['default'].median:.2f} s wall", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    issue16 = live.section(preview, single, startup, fmt)
    if not wanted("cases"):
        return write_quick(args, env, startup, preview, single, issue16)
    text, targets = report(env, cases, loaders, startup, batch, memory, profiles, args, issue16)
    args.output.write_text(text, encoding="utf-8")
    raw = {"environment": env, "settings": {"repeat": args.repeat, "sizes": args.sizes},
           "cases": {f"{c.name} {c.lang}": {"pages": c.pages, **{k: t.as_dict() for k, t in c.timings.items()}}
                     for c in cases},
           "loaders": {k: {n: t.as_dict() for n, t in v.items()} for k, v in loaders.items()},
           "startup": {k: t.as_dict() for k, t in (startup or {}).items()}, "batch": batch, "memory": memory,
           "profiles": profiles}
    args.output.with_suffix(".json").write_text(json.dumps(raw, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote {args.output}")
    for target, figure, ok in targets:
        print(f"  {'ok  ' if ok else 'MISS'} {target}: {figure}")
    return 0


QUICK_BEGIN = "<!-- quick run (bench/run.py --only startup,preview,single): begin -->"
QUICK_END = "<!-- quick run: end -->"


def write_quick(args: argparse.Namespace, env: dict[str, str], startup: dict[str, Timing] | None,
                preview: dict[str, Any] | None, single: dict[str, Any] | None,
                issue16: tuple[list[str], list[tuple[str, str, bool]]]) -> int:
    """A quick run's figures: their own section at the end of results.md (the full run's figures stay)."""
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [QUICK_BEGIN, "", f"## Quick run ({when}): start-up, preview, one event on all cores", "",
             f"`bench/run.py --only {args.only}` on {env.get('machine', '?')}, isp-recap {env.get('isp-recap', '')}; "
             f"priority {env.get('priority', '?')}; bytecode {env.get('isp-recap bytecode', '?')}. "
             f"Repeats: {max(args.repeat, 5)} (single event: {args.repeat}). "
             "Load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
             + f" on {os.cpu_count()} cores: other work on the machine inflates wall times."]
    if startup:
        lines += ["", "| command (whole process) | wall | CPU |", "|---|---:|---:|"]
        lines += [f"| `{name}` | {fmt(t.median)} | {fmt(t.cpu_median)} |" for name, t in startup.items()]
    lines += issue16[0]
    lines += ["", "| target | figure | |", "|---|---|---|"]
    lines += [f"| {t} | {f} | {verdict(ok)} |" for t, f, ok in issue16[1]]
    lines += ["", QUICK_END]
    text = args.output.read_text(encoding="utf-8") if args.output.is_file() else "# isp-recap benchmark\n"
    if QUICK_BEGIN in text and QUICK_END in text:
        head, rest = text.split(QUICK_BEGIN, 1)
        text = head + "\n".join(lines) + rest.split(QUICK_END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + "\n".join(lines) + "\n"
    args.output.write_text(text, encoding="utf-8")
    raw = {"environment": env, "startup": {k: t.as_dict() for k, t in (startup or {}).items()}, "preview": preview,
           "single": {k: (v.as_dict() if isinstance(v, Timing) else v) for k, v in (single or {}).items()}}
    # Beside --output (results-quick.json for the default results.md), so a trial run elsewhere never
    # overwrites the committed figures.
    quick_json = args.output.with_name(args.output.stem + "-quick.json")
    quick_json.write_text(json.dumps(raw, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nwrote the quick section of {args.output}")
    for target, figure, ok in issue16[1]:
        print(f"  {'ok  ' if ok else 'MISS'} {target}: {figure}")
    return 0


def rewrite_report(args: argparse.Namespace) -> int:
    """results.md from the numbers of the last run (results.json), with the current notes.md."""
    raw = json.loads(args.output.with_suffix(".json").read_text(encoding="utf-8"))

    def timing(d: dict[str, Any]) -> Timing:
        return Timing(list(d["wall"]), list(d["cpu"]))

    cases = []
    for key, value in raw["cases"].items():
        name, lang = key.rsplit(" ", 1)
        cases.append(Case(name, lang, Path(), value["pages"],
                          {k: timing(v) for k, v in value.items() if k != "pages"}))
    loaders = {k: {n: timing(t) for n, t in v.items()} for k, v in raw["loaders"].items()}
    startup = {k: timing(v) for k, v in raw["startup"].items()} or None
    args.repeat = raw.get("settings", {}).get("repeat", args.repeat)
    args.sizes = raw.get("settings", {}).get("sizes", args.sizes)
    text, _ = report(raw["environment"], cases, loaders, startup, raw["batch"], raw["memory"], raw["profiles"], args)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
