"""Labels from gettext catalogs, and dates and numbers formatted for a language (Babel)."""

from .catalogs import Labels, load_labels
from .formatting import format_date, format_number

__all__ = ["Labels", "format_date", "format_number", "load_labels"]
