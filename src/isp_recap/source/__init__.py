"""Reading and writing event files, with positions, and the diagnostics they produce."""

from ..diagnostics import Diagnostic, IspRecapError
from .loader import load_event, parse_event

__all__ = ["Diagnostic", "IspRecapError", "load_event", "parse_event"]
