"""The model's shortcut past markdown-it (model.text._targets_all_safe) never lets an unsafe link by.

When the shortcut says "every link target is safe as written", the parser must agree: whatever text
hypothesis makes of link-like fragments (escapes, entities, angle brackets, line breaks, nesting),
no link markdown-it finds in it may have a scheme outside the allowed ones.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isp_recap.links import AUTHOR_SCHEMES
from isp_recap.markup import inline_parser
from isp_recap.model.text import _targets_all_safe, check_markup

FRAGMENTS = st.sampled_from([
    "[", "]", "(", ")", "](", "<", ">", " ", "\t", "\n", "\\", "&#106;", "&amp;", "https://", "http://",
    "mailto:", "javascript:", "file:", "HTTPS://", "x", "**", "*", "_", "`", "\"t\"", "'", "ပ", "tel:",
])


def _hrefs(text: str) -> list[str]:
    return [str(child.attrGet("href") or "") for token in inline_parser().parseInline(text)
            for child in token.children or [] if child.type == "link_open"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(FRAGMENTS, max_size=14).map("".join))
def test_shortcut_agrees_with_the_parser(text: str) -> None:
    if _targets_all_safe(text):
        assert all(h.lower().startswith(AUTHOR_SCHEMES) for h in _hrefs(text)), text


@pytest.mark.parametrize("text", [
    "[a](javascript:alert(1))", "[a]( \n <file:///etc/passwd>)", "[a](&#106;avascript:x)",
    "[a](https://ok)[b](data:text/html,x)", "[a](https://x) [b](  javascript:y)",
])
def test_unsafe_links_are_still_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not allowed"):
        check_markup(text)


def test_safe_links_pass_without_the_parser() -> None:
    assert _targets_all_safe("See [the report](https://www.ispmyanmar.com) and [mail](mailto:a@b.org).")
    assert check_markup("[x](https://e.org)") == "[x](https://e.org)"
