"""Spreadsheet exports that a spreadsheet cannot run as formulas (CSV injection).

A spreadsheet that opens a CSV (or an XLSX cell typed as a formula) reads a
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula: a title typed by an editor, or a name a user gave themselves,
becomes ``=HYPERLINK(...)`` that leaks the sheet, or worse. The rule, OWASP's,
lives here: such a cell is written as text, prefixed with a single quote.

Every export of the project goes through :func:`neutralise_formula`:

* the admin's reports and listings (the project's own reports and Wagtail's:
  site history, aging pages, workflows, form submissions...) are all built on
  Wagtail's ``SpreadsheetExportMixin``, whose CSV and XLSX writers take every
  cell from ``preprocess_field_value`` and every heading from ``get_heading``.
  Wagtail leaves formula injection to the consuming program, so
  :func:`protect_spreadsheet_exports` (called once from ``CrieurConfig.ready``)
  wraps those two methods on the mixin itself: no export view, ours or
  Wagtail's, can forget it;
* hand-written CSV files (the campaign dashboard's) write their rows through
  :func:`neutralise_row`.
"""

from functools import wraps

from django.utils.functional import Promise

from wagtail.admin.views.mixins import SpreadsheetExportMixin

#: Characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """``value``, as text a spreadsheet will not run when it could start a formula.

    Strings (lazy ones included) that start with a formula character get a
    leading single quote; numbers, dates and ``None`` are returned as they are.
    """
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(cells):
    """A CSV row (list) with every cell through :func:`neutralise_formula`."""
    return [neutralise_formula(cell) for cell in cells]


def _neutralising(method):
    @wraps(method)
    def wrapper(*args, **kwargs):
        return neutralise_formula(method(*args, **kwargs))

    wrapper.neutralises_formulas = True
    return wrapper


def protect_spreadsheet_exports():
    """Make every ``SpreadsheetExportMixin`` export (CSV and XLSX) neutralise formulas.

    Idempotent. The tests export our reports and one of Wagtail's with hostile
    values, so a Wagtail upgrade that renames these methods fails them.
    """
    for name in ("preprocess_field_value", "get_heading"):
        method = getattr(SpreadsheetExportMixin, name)
        if not getattr(method, "neutralises_formulas", False):
            setattr(SpreadsheetExportMixin, name, _neutralising(method))
