"""Theme templates run in Jinja2's sandbox: autoescaped, no file system, bounded output and loops.

A theme comes from outside the package (another organisation, a contractor): its templates may not
read attributes such as `__class__`, call unsafe methods, include files, or print without bound.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import DictLoader, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from ..diagnostics import Diagnostic, IspRecapError

#: Most characters one partial may produce (a whole memo's HTML is ~0.3 MB).
MAX_OUTPUT = 2 * 1024 * 1024
#: Most items `range()` may yield over one partial's rendering, all loops together.
MAX_ITERATIONS = 100_000


class _Budget(Exception):
    """A partial went over one of the bounds above."""


class ThemeSandbox(SandboxedEnvironment):
    """The sandbox, with `*` and `**` bounded too (`'x' * 10**9` would exhaust memory)."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and (abs(right) > 64 if isinstance(right, int | float) else True):
            raise SecurityError("the power operator is limited to small exponents in theme templates")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_OUTPUT:
                    raise SecurityError("a repeated text or list this long is not allowed in theme templates")
        return super().call_binop(context, operator, left, right)


@lru_cache(maxsize=1)
def environment() -> ThemeSandbox:
    """The one sandbox environment: an empty loader, so `{% include %}` and `{% import %}` find nothing."""
    env = ThemeSandbox(autoescape=True, undefined=StrictUndefined, loader=DictLoader({}),
                       trim_blocks=True, lstrip_blocks=True)
    return env


def compile_error(source: str, shown: str) -> Diagnostic | None:
    """The positioned syntax error of a partial's source, or None when it compiles."""
    try:
        environment().from_string(source)
    except TemplateSyntaxError as exc:
        return Diagnostic(shown, exc.lineno or 0, 0, "template-syntax", exc.message or "invalid template")
    return None


def render_partial(source: str, shown: str, context: Mapping[str, Any]) -> Markup:
    """Render a theme's partial with `context`; any misuse is a positioned `IspRecapError`."""
    budget = [MAX_ITERATIONS]

    def bounded_range(*args: int) -> Iterator[int]:
        for value in range(*args):
            budget[0] -= 1
            if budget[0] < 0:
                raise _Budget(f"loops went over {MAX_ITERATIONS:,} steps")
            yield value

    template = environment().from_string(source, globals={"range": bounded_range})
    size = 0
    out: list[str] = []
    try:
        for chunk in template.generate(dict(context)):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise _Budget(f"the template printed more than {MAX_OUTPUT:,} characters")
            out.append(chunk)
    except SecurityError as exc:
        raise _error(shown, exc, "template-unsafe", f"not allowed in a theme template: {exc}") from None
    except TemplateNotFound as exc:
        raise _error(shown, exc, "template-error",
                     "a theme template may not include, import or extend other templates") from None
    except _Budget as exc:
        raise _error(shown, exc, "template-too-big", str(exc)) from None
    except TemplateError as exc:
        raise _error(shown, exc, "template-error", exc.message or type(exc).__name__) from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        raise _error(shown, exc, "template-error", f"the template failed here: {exc}") from None
    return Markup("".join(out))


def _error(shown: str, exc: BaseException, code: str, message: str) -> IspRecapError:
    # Jinja2 rewrites tracebacks so that template frames carry the template's line number; a bound
    # noticed between chunks of output belongs to the template as a whole: its first line.
    line = 1
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>" and frame.lineno:
            line = frame.lineno
    return IspRecapError([Diagnostic(shown, line, 0, code, message)])
