"""What each view shows, as plain tables: pure functions of (prepared data, filter values, limits).

The frames are the contract between data and drawing. The live Bokeh views
(:mod:`dashboard.views`) and the HoloViews elements (:mod:`dashboard.elements`)
draw the same frames, so a figure saved from a notebook shows what the page shows.

>>> from dashboard import load
>>> from dashboard.query import prepare
>>> from dashboard.frames import Filters, matrix_frame
>>> frame = matrix_frame(prepare(load()), Filters(actors=("putin",)))
>>> frame.cells[["actor", "target", "stance_label", "count"]]   # doctest: +SKIP
"""

from .base import Filters
from .casualties import CasualtyFrame, casualty_frame
from .matrix import MatrixFrame, matrix_frame
from .table import TablePage, table_page
from .timeline import TimelineFrame, events_frame, timeline_frame
from .tolls import TollFrame, tolls_frame

__all__ = [
    "CasualtyFrame", "Filters", "MatrixFrame", "TablePage", "TimelineFrame", "TollFrame", "casualty_frame",
    "events_frame", "matrix_frame", "table_page", "timeline_frame", "tolls_frame",
]
