"""Compatibility shim: diagnostics moved to `isp_recap.diagnostics` (which imports no pydantic).

Kept only while modules under render/ still import from here; remove once nothing does.
"""

from ..diagnostics import Diagnostic, IspRecapError, Severity, sort_diagnostics

__all__ = ["Diagnostic", "IspRecapError", "Severity", "sort_diagnostics"]
