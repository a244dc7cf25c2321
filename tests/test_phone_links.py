"""`organisation.phone` becomes a `tel:` link only when it is a phone number (issue 13: `javascript:alert(1)`
became `tel:javascript:alert(1)`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from isp_recap.diagnostics import IspRecapError
from isp_recap.document.builder import build_document
from isp_recap.document.nodes import Contact
from isp_recap.links import safe_link, tel_link
from isp_recap.source.loader import load_event, parse_event

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal.yaml"


def _with_phone(phone: str) -> bytes:
    text = MINIMAL.read_text(encoding="utf-8")
    head, rest = text.split("organisation:\n", 1)
    return (head + f"organisation:\n  phone: {phone!r}\n" + rest).encode()


@pytest.mark.parametrize("phone", ["javascript:alert(1)", "tel:123", "123; DROP", "+95 1 234 567 ext. 8",
                                   "--", "()", "+95\u00a01 234"])
def test_a_phone_that_is_not_a_number_is_a_positioned_error(phone: str) -> None:
    with pytest.raises(IspRecapError) as caught:
        parse_event(_with_phone(phone), "event.yaml")
    (d,) = [d for d in caught.value.diagnostics if d.code == "invalid-value"]
    assert d.line > 0 and "organisation.phone" in d.message and "is not a phone number" in d.message


@pytest.mark.parametrize(("phone", "link"), [("+66 80 747 9712", "tel:+66807479712"), ("(01) 234-567", "tel:01234567"),
                                             ("09 123 456", "tel:09123456"), ("+95-1-234", "tel:+951234")])
def test_a_phone_number_becomes_a_tel_link_of_its_digits(phone: str, link: str) -> None:
    memo = parse_event(_with_phone(phone), "event.yaml")
    doc = build_document(memo, "en")
    contact = next(b for b in doc.blocks if isinstance(b, Contact))
    assert link in contact.links and tel_link(phone) == link and safe_link(link) == link


def test_writers_refuse_a_tel_link_that_is_not_digits() -> None:
    assert safe_link("tel:javascript:alert(1)") is None and safe_link("tel:+95%20123") is None
    assert tel_link("javascript:alert(1)") is None


def test_the_sample_phone_is_still_a_link() -> None:
    memo = load_event(Path(__file__).resolve().parent.parent / "samples" / "rare-earths-2025" / "event.yaml")
    assert memo.organisation.phone is not None and tel_link(memo.organisation.phone) == "tel:+66807479712"
