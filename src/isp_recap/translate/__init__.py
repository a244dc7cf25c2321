"""Translation work: content exchange with translators (PO, XLIFF 2.0) and translation checks.

    units = units_of(memo, positions)                       # one unit per bilingual text
    export_po(units, event_path, out_path)                  # or export_xliff
    report = import_file("event.my.po")                     # merge back, round-trip
    findings = run_checks(memo, positions, "event.yaml")    # positioned Diagnostics

Modules import their heavy libraries (Babel, ICU, HarfBuzz) inside functions, so importing this
package is cheap.
"""
