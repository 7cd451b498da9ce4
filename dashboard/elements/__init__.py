"""The views as HoloViews objects: composable with ``*`` and ``+``, restyled with ``.opts``, saved
with ``hv.save(..., backend="matplotlib")`` to PNG or SVG with no browser.

Each function draws a frame of :mod:`dashboard.frames`, the same one the live view draws:

>>> import holoviews as hv
>>> from dashboard import Dashboard
>>> app = Dashboard()
>>> app.state.actors = ["putin"]
>>> hv.save(app.matrix.element(), "matrix.svg", backend="matplotlib")   # doctest: +SKIP
>>> app.timeline.element() * hv.VLine(pd.Timestamp("2024-03-22"))       # doctest: +SKIP
"""

from .casualties import casualties, metric_overlay
from .matrix import matrix
from .timeline import timeline
from .tolls import metric_tolls, tolls

__all__ = ["casualties", "matrix", "metric_overlay", "metric_tolls", "timeline", "tolls"]
