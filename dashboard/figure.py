"""Publication figures: one view of the dashboard, filtered as by a URL query, as an SVG or PNG file.

``claims-dashboard figure matrix matrix.svg --query "actor=putin"`` (or :func:`write_figure`) draws
the view's HoloViews element (:mod:`dashboard.elements`, the frame the live view draws) with
Matplotlib, sized for print, under a title and above a source line that names the dataset, what
the figure counts and the filters. No browser is needed, and an SVG keeps its text as text and
refers to no other file or host.

>>> from dashboard.figure import write_figure
>>> write_figure("timeline", "timeline.png", query="target=ukraine&stance=accuses")   # doctest: +SKIP
PosixPath('timeline.png')

The HoloViews and Matplotlib imports happen in :func:`write_figure`, so that the command line
can check a request (:func:`parse_view`, :func:`check_output`) and print its version at once.
"""

from __future__ import annotations

import io
import logging
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["SUFFIXES", "VIEWS", "FigureError", "check_output", "package_version", "parse_view", "write_figure"]

#: VIEW -> (the Dashboard attribute holding the view, what it counts: "claims" or "figures").
VIEWS = {
    "timeline": ("timeline", "claims"),
    "matrix": ("matrix", "claims"),
    "casualties": ("casualties", "figures"),
    "tolls": ("tolls", "figures"),
}
#: Views with one plot per casualty metric, of which ``VIEW:METRIC`` draws one.
_PER_METRIC = ("casualties", "tolls")
SUFFIXES = (".svg", ".png")

log = logging.getLogger(__name__)

#: Type sizes (points) for a figure printed at its size: tick labels, axis labels, titles.
_RC = {
    "font.size": 7.0, "axes.titlesize": 8.0, "axes.labelsize": 7.5, "xtick.labelsize": 7.0,
    "ytick.labelsize": 7.0, "legend.fontsize": 7.0, "legend.title_fontsize": 7.0,
    "svg.fonttype": "none",  # text stays text (searchable, editable), in the reader's copy of the font
    "svg.hashsalt": "claims-dashboard",  # the same figure gives the same file
    "text.parse_math": False,  # a "$" in a name is a dollar sign
    "text.usetex": False,
}
_TITLE_PT, _SOURCE_PT, _NOTE_PT = 10.0, 6.5, 9.0
#: Space (inches) around the figure's edge and between its parts, and the least height of a plot.
_PAD, _GAP, _MIN_PLOT = 0.1, 0.12, 0.9
#: The shortest and longest figure, and the dots per inch a PNG may ask for.
_WIDTH_CM, _DPI = (4.0, 100.0), (50, 1200)


class FigureError(ValueError):
    """A request no figure can be drawn for: an unknown view or metric, a file type, a size."""


def package_version() -> str:
    """The installed version of claims-dashboard, else the package's ``__version__``."""
    from importlib import metadata

    try:
        return metadata.version("claims-dashboard")
    except metadata.PackageNotFoundError:
        import dashboard

        return str(getattr(dashboard, "__version__", "unknown"))


def parse_view(view: str) -> tuple[str, str | None]:
    """``"matrix"`` -> ``("matrix", None)``; ``"casualties:deaths"`` -> ``("casualties", "deaths")``."""
    name, sep, metric = str(view).strip().partition(":")
    name = name.lower()
    if name not in VIEWS or (sep and (name not in _PER_METRIC or not metric)):
        raise FigureError(f"unknown view {view!r}: choose {', '.join(VIEWS)}, or "
                          f"{' or '.join(f'{v}:METRIC' for v in _PER_METRIC)} for one metric")
    return name, (metric or None)


def check_output(out) -> Path:
    """``out`` as a path, if it names a file type a figure can be written as."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        what = f"not {out.suffix}" if out.suffix else "and has none"
        raise FigureError(f"{out}: a figure's file name must end in {' or '.join(SUFFIXES)}, {what}")
    return out


def _check_size(width_cm: float, dpi: float) -> None:
    if not _WIDTH_CM[0] <= width_cm <= _WIDTH_CM[1]:
        raise FigureError(f"the width must be {_WIDTH_CM[0]:g} to {_WIDTH_CM[1]:g} cm, not {width_cm:g}")
    if not _DPI[0] <= dpi <= _DPI[1]:
        raise FigureError(f"the resolution must be {_DPI[0]} to {_DPI[1]} dpi, not {dpi:g}")


# ---------------------------------------------------------------------------- what the figure says
@dataclass(frozen=True)
class _Words:
    """The texts around the plot."""

    title: str
    source: str
    note: str  # "" unless the selection is empty


_LABELS = {"actors": "claimant", "targets": "about", "stances": "stance", "sources": "outlet"}


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _names(values, lookup: dict, limit: int) -> str:
    names = [lookup.get(v, v) for v in values]
    if len(names) > limit:
        names = names[: limit - 1] + [f"{len(names) - limit + 1} more"]
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


def _filter_parts(state, names, limit: int = 3) -> list[tuple[str, str]]:
    """(what, value) for each of the filters ``names`` that is set, as a reader would name it."""
    from .query import NO_TARGET, NO_TARGET_LABEL

    p = state.prepared
    lookups = {"actors": p.actor_names, "targets": {**p.actor_names, NO_TARGET: NO_TARGET_LABEL},
               "stances": p.stance_labels, "sources": p.source_labels}
    parts = []
    for name, label in _LABELS.items():
        values = getattr(state, name)
        if name in names and values:
            parts.append((label, _names(values, lookups[name], limit)))
    start, end = (getattr(state, n) if n in names else None for n in ("start", "end"))
    if start and end:
        parts.append(("dates", f"{_day(start)} to {_day(end)}"))
    elif start:
        parts.append(("dates", f"from {_day(start)}"))
    elif end:
        parts.append(("dates", f"to {_day(end)}"))
    if "search" in names and state.search:
        parts.append(("search", f"“{state.search}”"))
    return parts


def _words(dash, name: str, metric: str | None, view, frame, title: str | None) -> _Words:
    from .state import FILTERS

    state, p = dash.state, dash.prepared
    names = [n for n in view.watches if n in FILTERS]
    short = _filter_parts(state, names)
    heading = view.title + (f": {p.metric_labels.get(metric, metric)}" if metric else "")
    if title is None:
        title = heading + (": " + ", ".join(v if k in ("claimant", "dates") else f"{k} {v}" for k, v in short)
                           if short else "")
    counts = VIEWS[name][1]
    if counts == "claims":
        claims = state.filtered_claims()
        n, k = len(claims), claims["source_id"].nunique()
        empty = n == 0
        note = "no claim matches these filters"
    else:
        marks = frame.marks if metric is None else frame.marks[frame.marks.metric == metric]
        n, k = len(marks), marks["source_id"].nunique() if len(marks) else 0
        empty = n == 0
        note = "no casualty figure matches these filters"
    described = "; ".join(f"{k_} {v}" if k_ not in ("dates",) else v
                          for k_, v in _filter_parts(state, names, limit=6)) or "none"
    source = (f"Source: {p.title}, {n:,} {counts if n != 1 else counts[:-1]} from {k:,} "
              f"article{'s' if k != 1 else ''}; filters: {described}; claims-dashboard {package_version()}")
    return _Words(title=title, source=source, note=note if empty else "")


def _ignored(state, view, name: str) -> list[str]:
    """Warnings for the filters of the query that ``view`` does not apply (the casualty views
    compare the figures of the chosen outlets, whoever made the claims)."""
    from .state import FILTERS, QUERY_KEYS

    keys = dict.fromkeys(QUERY_KEYS[param] for param in FILTERS
                         if param not in view.watches and getattr(state, param))
    if not keys:
        return []
    return [f"the {name} view is filtered by outlet only; ignored for it: {', '.join(keys)}"]


def _url_query(query: str) -> str:
    """The query of ``query``, which may be a whole address of the dashboard (its fragment left out)."""
    query = (query or "").strip()
    if re.match(r"[a-z][a-z0-9+.-]*://|/", query, re.I):
        query = query.partition("?")[2].partition("#")[0]
    return query


# ---------------------------------------------------------------------------- drawing
def _aspects(element) -> list[float]:
    """Width / height of each plot of ``element``, top to bottom, as the element asks for them."""
    import holoviews as hv

    if isinstance(element, hv.Layout):
        return [a for item in element for a in _aspects(item)]
    layers = [element, *(element if isinstance(element, hv.Overlay) else [])]
    for layer in layers:
        aspect = hv.Store.lookup_options("matplotlib", layer, "plot").kwargs.get("aspect")
        if isinstance(aspect, (int, float)) and aspect > 0:
            return [float(aspect)]
    return [2.5]


def _wrap(text: str, points: float, width_in: float) -> str:
    """``text`` broken at spaces into lines of at most ``width_in`` inches at ``points`` (DejaVu Sans
    averages about 0.56 em a character)."""
    chars = max(20, int(width_in * 72 / (points * 0.56)))
    return "\n".join(textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False)) or text


def _text_height(fig, text) -> float:
    """Height of a Text artist, in inches."""
    box = text.get_window_extent(fig.canvas.get_renderer())
    return box.height / fig.dpi


def _arrange(fig, axes, heights: list[float], width_in: float, top_in: float, bottom_in: float) -> None:
    """Place ``axes`` in one column, top to bottom, each as tall as its share of ``heights``, inside the
    figure's edges minus ``top_in`` and ``bottom_in``, leaving room for everything an axes draws
    outside itself (tick labels, axis labels, titles, a legend on the right). The figure grows
    taller when a plot would be less than ``_MIN_PLOT`` high."""
    renderer = fig.canvas.get_renderer()
    n = len(axes)
    margins = [(0.7, 0.1, 0.25, 0.45)] * n  # left, right, top, bottom: a first guess
    height_in = top_in + bottom_in + sum(heights)
    for _ in range(4):
        left = max(m[0] for m in margins) + _PAD
        right = max(m[1] for m in margins) + _PAD
        outside = sum(m[2] + m[3] for m in margins) + _GAP * (n - 1)
        room = height_in - top_in - bottom_in - outside
        total = sum(heights)
        plots = [room * h / total for h in heights]
        if min(plots) < _MIN_PLOT:  # a taller figure rather than a squashed plot
            plots = [max(_MIN_PLOT, h * _MIN_PLOT / min(heights)) for h in heights]
            height_in = top_in + bottom_in + outside + sum(plots)
        fig.set_size_inches(width_in, height_in)
        plot_w = max(width_in - left - right, 1.0)
        y = height_in - top_in
        for ax, m, h in zip(axes, margins, plots):
            y -= m[2]
            ax.set_position([left / width_in, (y - h) / height_in, plot_w / width_in, h / height_in])
            y -= h + m[3] + _GAP
        new = []
        for ax in axes:
            tight, box = ax.get_tightbbox(renderer), ax.get_window_extent(renderer)
            dpi = fig.dpi
            new.append((max(0.0, (box.x0 - tight.x0) / dpi), max(0.0, (tight.x1 - box.x1) / dpi),
                        max(0.0, (tight.y1 - box.y1) / dpi), max(0.0, (box.y0 - tight.y0) / dpi)))
        if all(abs(a - b) < 0.01 for m0, m1 in zip(margins, new) for a, b in zip(m0, m1)):
            break
        margins = new


def _blank(width_in: float):
    """A figure with one empty plot: where a view has nothing to draw."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, width_in / 5))
    ax = fig.add_subplot()
    ax.set_axis_off()
    return fig


def _draw(dash, name: str, metric: str | None, width_cm: float, dpi: float, title: str | None):
    """The Matplotlib figure of the view and the words around it, laid out at ``dpi`` (text is not
    quite as wide at every resolution: it is measured at the one it is drawn at)."""
    import warnings

    import holoviews as hv
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    view = getattr(dash, VIEWS[name][0])
    frame = view.frame()
    words = _words(dash, name, metric, view, frame, title)
    width_in = width_cm / 2.54
    hv.renderer("matplotlib")  # the backend, loaded without a notebook or a browser
    fig = heights = None
    try:
        element = view.element(metric=metric) if metric else view.element()
        with warnings.catch_warnings():
            # HoloViews' spans (the shaded rows) ask Matplotlib for a colour and get told so
            warnings.filterwarnings("ignore", "Setting the 'color' property will override", UserWarning)
            fig = hv.render(element, backend="matplotlib")
        heights = [width_in / a for a in _aspects(element)]
    except Exception:  # noqa: BLE001 - only where nothing matches: the note says why it is empty
        if not words.note:
            raise
        log.debug("%s: nothing to draw for an empty selection", name, exc_info=True)
    if fig is None:
        fig = _blank(width_in)
        heights = [width_in / 5]
    FigureCanvasAgg(fig)  # measured and saved without any window (pyplot has let go of it)
    fig.set_dpi(dpi)
    axes = sorted((ax for ax in fig.axes if ax.get_visible()), key=lambda ax: -ax.get_position().y1)
    for ax in axes:
        ax.set_aspect("auto")  # the figure's shape comes from its width and the plots' heights
    if len(heights) != len(axes):
        heights = [sum(heights) / len(axes)] * len(axes)
    fig.set_size_inches(width_in, sum(heights))
    title_text = fig.text(_PAD / width_in, 1, _wrap(words.title, _TITLE_PT, width_in - 2 * _PAD),
                          fontsize=_TITLE_PT, fontweight="bold", ha="left", va="top", color="#111111",
                          visible=bool(words.title))
    source_text = fig.text(_PAD / width_in, 0, _wrap(words.source, _SOURCE_PT, width_in - 2 * _PAD),
                           fontsize=_SOURCE_PT, ha="left", va="bottom", color="#444444")
    if words.note:
        axes[0].text(0.5, 0.5, words.note, transform=axes[0].transAxes, ha="center", va="center",
                     fontsize=_NOTE_PT, color="#333333", zorder=10,
                     bbox={"facecolor": "white", "edgecolor": "#999999", "alpha": 0.9, "boxstyle": "round"})
    top_in = (_text_height(fig, title_text) if words.title else 0) + 2 * _PAD
    bottom_in = _text_height(fig, source_text) + 2 * _PAD
    _arrange(fig, axes, heights, width_in, top_in, bottom_in)
    height_in = fig.get_size_inches()[1]
    title_text.set_y(1 - _PAD / height_in)
    source_text.set_y(_PAD / height_in)
    return fig, words


def _svg(fig, words: _Words) -> bytes:
    """The figure as SVG: text as text, no metadata naming other hosts, no DTD to fetch, and the
    title and source line as the document's <title> and <desc>."""
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", dpi=fig.dpi, metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    text = buf.getvalue().decode("utf-8")
    text = re.sub(r"<!DOCTYPE[^>]*>\s*", "", text, count=1)
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    head = f"\n <title>{escape(words.title)}</title>\n <desc>{escape(words.source)}</desc>"
    text = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + head, text, count=1)
    return text.encode("utf-8")


def _png(fig, words: _Words) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi, metadata={
        "Title": words.title, "Description": words.source, "Software": f"claims-dashboard {package_version()}"})
    return buf.getvalue()


def write_figure(view: str, out, query: str = "", data=None, width_cm: float = 17, dpi: float = 300,
                 title: str | None = None, *, warnings: list | None = None) -> Path:
    """Write ``view`` ("timeline", "matrix", "casualties", "tolls", or "casualties:METRIC" /
    "tolls:METRIC") filtered by the URL ``query`` as ``out`` (.svg or .png) and return its path.
    ``query`` is what follows the "?" of the dashboard's address (``"actor=putin&from=2024-03-20"``),
    or the whole address.

    ``data`` is the data folder (default: ``$CLAIMS_DASHBOARD_DATA`` or the bundled data), or a
    loaded :class:`~dashboard.Dataset`. The figure is ``width_cm`` wide and as tall as the view's
    shape asks; a PNG has ``dpi`` dots per inch. ``title`` replaces the default title (the view's,
    and the filters). What the query sets that cannot be used (an unknown value, a filter the view
    does not apply) is appended to ``warnings`` when given.

    Raises :class:`FigureError` for an unknown view or metric, another file type or an impossible
    size, :class:`~dashboard.DataValidationError` for invalid data, ``OSError`` if the file cannot
    be written.
    """
    name, metric = parse_view(view)
    out = check_output(out)
    _check_size(float(width_cm), float(dpi))
    folder = out.parent
    if not folder.is_dir():  # before the data is read and the view drawn
        raise FileNotFoundError(f"{folder} is not a folder: cannot write {out.name} in it")
    from . import files
    from .app import Dashboard

    dash = Dashboard(data)
    notices = list(dash.state.apply_query(_url_query(query)))
    view_obj = getattr(dash, VIEWS[name][0])
    if metric is not None and metric not in view_obj.metrics:
        raise FigureError(f"no casualty metric {metric!r} in this dataset; its metrics: "
                          f"{', '.join(view_obj.metrics) or 'none'}")
    notices += _ignored(dash.state, view_obj, name)
    if warnings is not None:
        warnings.extend(notices)
    import matplotlib

    with matplotlib.rc_context(_RC):  # when drawn and when saved (an SVG's text is written then)
        svg = out.suffix.lower() == ".svg"
        fig, words = _draw(dash, name, metric, float(width_cm), 72.0 if svg else float(dpi), title)
        data_bytes = _svg(fig, words) if svg else _png(fig, words)
    return files.write_file(out, data_bytes, fsync=False)
