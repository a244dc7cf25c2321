"""Dates and numbers for a language, by Babel; Burmese gets Myanmar digits."""

from __future__ import annotations

import datetime as dt

from ..myanmar.digits import to_myanmar_digits


def _digits(text: str, language: str) -> str:
    return to_myanmar_digits(text) if language == "my" else text


def format_date(value: dt.date, language: str, form: str = "long", pattern: str | None = None) -> str:
    """A date as a reader of `language` writes it: "April 26, 2025" / "၂၀၂၅ ဧပြီ ၂၆".

    With `pattern` (a catalog entry such as `{year} ခုနှစ် {month}လ {day} ရက်`), Babel gives only the
    month's name and the digits: CLDR's Burmese pattern leaves out ခုနှစ် (year) and လ (month).
    """
    from babel.dates import format_date as babel_date

    if pattern:
        filled = _fill(pattern, value, language, day=str(value.day))
        if filled is not None:
            return filled
    return _digits(babel_date(value, format=form, locale=language), language)


def format_month(year: int, month: int, language: str, pattern: str | None = None) -> str:
    """A year and month: "July 2025" / "၂၀၂၅ ဇူလိုင်" (with `pattern`: "၂၀၂၅ ခုနှစ် ဇူလိုင်လ")."""
    from babel.dates import format_skeleton

    if pattern:
        filled = _fill(pattern, dt.date(year, month, 1), language)
        if filled is not None:
            return filled
    return _digits(format_skeleton("yMMMM", dt.date(year, month, 1), locale=language), language)


def _fill(pattern: str, value: dt.date, language: str, **extra: str) -> str | None:
    """`pattern` with {year}, {month} (the stand-alone month name) and `extra`; None if malformed."""
    from babel.dates import format_date as babel_date

    month = babel_date(value, format="LLLL", locale=language)
    try:
        return _digits(pattern.format(year=str(value.year), month=month, **extra), language)
    except (KeyError, IndexError, ValueError):
        return None


def format_number(value: int | float, language: str) -> str:
    """A number with the language's separators and digits: "3,600" / "၃,၆၀၀"."""
    from babel.numbers import format_decimal

    return _digits(format_decimal(value, locale=language), language)


def format_partial_date(value: str | dt.date, language: str) -> str:
    """A date given as YYYY, YYYY-MM or YYYY-MM-DD."""
    if isinstance(value, dt.date):
        return format_date(value, language)
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return format_date(dt.date(*parts), language)
    if len(parts) == 2:
        return format_month(parts[0], parts[1], language)
    return _digits(str(parts[0]), language)
