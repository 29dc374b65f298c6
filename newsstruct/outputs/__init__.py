"""Outputs: what a report becomes for its readers.

Codebook views (``_views``: ACLED, UCDP) with their death tolls (``_tolls``), flat tables
(``_tables``: CSV, Parquet), the HTML evidence view (``_html_view``) and text made safe to show
(``_display``).
"""

from newsstruct.outputs._display import figure_range, visible_controls
from newsstruct.outputs._html_view import render_html
from newsstruct.outputs._tables import export
from newsstruct.outputs._views import AcledRow, UcdpRow, acled_view, ucdp_view

__all__ = [
    "AcledRow",
    "UcdpRow",
    "acled_view",
    "export",
    "figure_range",
    "render_html",
    "ucdp_view",
    "visible_controls",
]
