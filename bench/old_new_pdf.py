"""PDF build cost of versions of isp-recap, in paired, interleaved runs (CPU by getrusage).

    .venv/bin/python bench/old_new_pdf.py LABEL=SRC[@STANDARD] ... [--pairs N] [--event EVENT.yaml]
                                          [--editions en,my,bilingual]

Each SRC is the `src` folder of a checkout (`git archive REV | tar -x -C DIR`); the first version is
the one the others are compared with. STANDARD is the `--pdf-standard` for versions that have one
(default `none`: untagged, as versions before tagging were). One long-lived worker process per
version imports its own `isp_recap` (PYTHONPATH, checked),
loads the event once and renders once to warm up (imports, fonts); the parent then asks the workers
for one build at a time, in a rotating order (each variant first as often as last), so old and new
run side by side through the same changes of the machine's load. A build is `build_document` +
`render_pdf` of one edition, with the Burmese segmentation cache emptied first (a build in a fresh
process has none). Each worker measures its own CPU time (getrusage user + system: on a loaded
machine wall time grows with other work, CPU time much less) and wall time.

Printed: a Markdown table per edition with the median CPU of each variant, and the ratio to the
first version as the median of the per-round ratios with their range (the spread).

Both versions are given the same event file, so the inputs are equal; what each version prints may
still differ where a change did so on purpose (the outputs are not compared here).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "rare-earths-2025" / "event.yaml"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker(src: str, standard: str, event: str) -> None:
    """In a worker: answer `EDITION` lines on stdin with one JSON line each (cpu, wall, size)."""
    import inspect

    import isp_recap
    from isp_recap.document.builder import build_document
    from isp_recap.source.loader import load_event

    if not Path(isp_recap.__file__).resolve().is_relative_to(Path(src).resolve()):
        raise SystemExit(f"isp_recap imported from {isp_recap.__file__}, not from {src}")
    from isp_recap.render.pdf import render_pdf  # a module before issue 10, a package since
    takes_standard = "standard" in inspect.signature(render_pdf).parameters
    from isp_recap.myanmar import segment

    def clear() -> None:
        for name in ("break_opportunities", "phrase_breaks"):
            cached = getattr(segment, name, None)
            if cached is not None and hasattr(cached, "cache_clear"):
                cached.cache_clear()

    path = Path(event)
    memo = load_event(path)

    def build(edition: str) -> bytes:
        doc = build_document(memo, edition, base_dir=path.parent)  # type: ignore[arg-type]
        data: bytes = render_pdf(doc, standard) if takes_standard else render_pdf(doc)
        return data

    for edition in ("en", "my", "bilingual"):
        build(edition)  # warm-up: imports, fonts, templates
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        edition = line.strip()
        if not edition:
            break
        clear()
        cpu, wall = _cpu(), time.perf_counter()
        size = len(build(edition))
        print(json.dumps({"cpu": _cpu() - cpu, "wall": time.perf_counter() - wall, "size": size}), flush=True)


class Worker:
    """One version and PDF standard in its own process."""

    def __init__(self, label: str, src: Path, standard: str, event: Path):
        self.label = label
        env = {**os.environ, "PYTHONPATH": str(src)}
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", str(src), standard, str(event)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd="/")
        self._answer()  # ready

    def _answer(self) -> dict[str, float]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"{self.label}: the worker ended (exit {self.proc.wait()})")
        answer: dict[str, float] = json.loads(line)
        return answer

    def run(self, edition: str) -> dict[str, float]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(edition + "\n")
        self.proc.stdin.flush()
        return self._answer()

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("versions", nargs="+", help="LABEL=SRC[@STANDARD]; the first is the reference")
    parser.add_argument("--editions", default="en,my,bilingual")
    parser.add_argument("--pairs", type=int, default=6, help="rounds per edition (each runs every version once)")
    parser.add_argument("--event", type=Path, default=SAMPLE)
    args = parser.parse_args()
    variants = []
    for spec in args.versions:
        label, _, rest = spec.partition("=")
        src, _, standard = rest.partition("@")
        variants.append((label, Path(src), standard or "none"))
    workers = [Worker(label, src, standard, args.event.resolve()) for label, src, standard in variants]
    reference = workers[0].label
    try:
        print(f"event: {args.event}; {args.pairs} rounds per edition; load average at start "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
        print(f"| edition | version | CPU (median) | ratio to {reference} (median; range of rounds) "
              "| wall (median) | size |")
        print("|---|---|---:|---:|---:|---:|")
        for edition in args.editions.split(","):
            runs: dict[str, list[dict[str, float]]] = {w.label: [] for w in workers}
            for i in range(args.pairs):
                shift = i % len(workers)
                order = workers[shift:] + workers[:shift]
                if i % 2:
                    order.reverse()
                for w in order:
                    runs[w.label].append(w.run(edition))
            base = runs[reference]
            for w in workers:
                mine = runs[w.label]
                ratios = [m["cpu"] / o["cpu"] for m, o in zip(mine, base, strict=True)]
                ratio = ("1" if w.label == reference else
                         f"{statistics.median(ratios):.3f}; {min(ratios):.3f}-{max(ratios):.3f}")
                print(f"| {edition} | {w.label} | {statistics.median(r['cpu'] for r in mine):.3f} s | {ratio} "
                      f"| {statistics.median(r['wall'] for r in mine):.3f} s | {int(mine[0]['size']) // 1024} KiB |",
                      flush=True)
    finally:
        for w in workers:
            w.close()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(*sys.argv[2:5])
    else:
        main()
