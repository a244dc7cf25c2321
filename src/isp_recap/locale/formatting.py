"""Dates and numbers for a language, by Babel; Burmese gets Myanmar digits."""

from __future__ import annotations

import datetime as dt

from ..myanmar.digits import to_myanmar_digits


def _digits(text: str, language: str) -> str:
    return to_myanmar_digits(text) if language == "my" else text


def format_date(value: dt.date, language: str, form: str = "long") -> str:
    """A date as a reader of `language` writes it: "April 26, 2025" / "၂၀၂၅ ဧပြီ ၂၆"."""
    from babel.dates import format_date as babel_date

    return _digits(babel_date(value, format=form, locale=language), language)


def format_month(year: int, month: int, language: str) -> str:
    """A year and month: "July 2025" / "၂၀၂၅ ဇူလိုင်"."""
    from babel.dates import format_skeleton

    return _digits(format_skeleton("yMMMM", dt.date(year, month, 1), locale=language), language)


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
