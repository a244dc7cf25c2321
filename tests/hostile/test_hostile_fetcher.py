"""The WeasyPrint URL fetcher, attacked directly with HTML no event can produce (the writers escape all
text): every `file://`, `http://`, `../`, `data:` trick in `<img>`, CSS `url()`, `@import`, `<object>`
and `<link rel=attachment>` is refused without a read or a connection, and nothing is embedded.

Defence in depth: the event model and the HTML writer already keep such markup out; this shows the
last line holds on its own, under the audit hook.
"""

from __future__ import annotations

import pytest
from harness import Result, Sandbox, assert_confined, assert_no_leak, png_bytes, run_cli
from outputs import pdf_problems

HOSTILE_HTML = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="stylesheet" href="http://127.0.0.1:9/x.css">
<link rel="attachment" href="file:///etc/passwd" title="passwd">
<link rel="attachment" href="../canary.txt">
<link rel="attachment" href="https://isp-recap.invalid/doc/../../canary.txt">
<style>
@import url("file:///etc/passwd");
@import url("http://169.254.169.254/latest/meta-data/");
@font-face { font-family: X; src: url("file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"); }
@font-face { font-family: Y; src: local("DejaVu Sans"); }
body { background: url("../canary.txt"); font-family: X, Y; }
p::after { content: url("file:///etc/passwd"); }
</style></head><body>
<p>Hostile references.</p>
<img src="file:///etc/passwd"><img src="../canary.txt"><img src="/etc/passwd">
<img src="http://127.0.0.1:9/x.png"><img src="doc/../../canary.txt"><img src="doc/%2e%2e/%2e%2e/canary.txt">
<img src="https://isp-recap.invalid/doc/images/link-out.png">
<img src="https://isp-recap.invalid/assets/fonts/../../../../etc/passwd">
<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><image href='file:///etc/passwd'/></svg>">
<object data="file:///etc/passwd"></object><embed src="file:///etc/passwd">
<iframe src="file:///etc/passwd"></iframe>
<a href="file:///etc/passwd">a link is not a fetch</a>
<img src="https://isp-recap.invalid/doc/images/chart.png" alt="the one allowed image">
</body></html>"""

RENDER = """
import os, sys
from isp_recap.render.pdf.weasy import import_weasyprint
import_weasyprint()
from weasyprint import HTML
from isp_recap.render.assets import VIRTUAL_ROOT
from isp_recap.render.pdf.fetcher import url_fetcher
from isp_recap.document.nodes import Figure
# The one figure of the Document: served from memory; the fetcher opens no file at all.
chart = Figure(open('images/chart.png', 'rb').read(), 'image/png', 1, 1, 'images/chart.png')
fetcher = url_fetcher({'doc/images/chart.png': chart})
pdf = HTML(string=open('hostile.html').read(), base_url=VIRTUAL_ROOT, url_fetcher=fetcher).write_pdf()
open(os.path.join(os.environ['OUT'], 'hostile.pdf'), 'wb').write(pdf)
print('refused', len(fetcher.refused))
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Sandbox, Result]:
    box = Sandbox(tmp_path_factory.mktemp("fetcher"))
    box.write("hostile.html", HOSTILE_HTML)
    box.write("images/chart.png", png_bytes())
    (box.event_dir / "images" / "link-out.png").symlink_to(box.canary)
    box.out_dir.mkdir()
    result = run_cli([], event_dir=box.event_dir, out_dir=box.out_dir,
                     extra_env={"HOSTILE_SELFTEST": RENDER, "OUT": str(box.out_dir)})
    return box, result


def test_nothing_outside_is_read_or_fetched(rendered: tuple[Sandbox, Result]) -> None:
    _box, result = rendered
    assert_confined(result)
    assert result.returncode == 0, result.describe()
    refused = int(result.stdout.split("refused")[1])
    assert refused >= 15, result.stdout


def test_nothing_is_embedded(rendered: tuple[Sandbox, Result]) -> None:
    box, _result = rendered
    pdf = (box.out_dir / "hostile.pdf").read_bytes()
    assert pdf_problems(pdf) == [] or pdf_problems(pdf) == ["page 1: link to file:///etc/passwd"]
    assert b"/EmbeddedFile" not in pdf
    assert_no_leak(pdf, "hostile.pdf")
