"""Options every element shares, for HoloViews' Bokeh and Matplotlib backends."""

from __future__ import annotations

import holoviews as hv

__all__ = ["EVENT_COLOUR", "FIGURE_COLOUR", "backends", "shade", "sized", "stacked", "style"]

EVENT_COLOUR = "#3d3d3d"
FIGURE_COLOUR = "#1f4e79"


def backends() -> tuple[str, ...]:
    """Register HoloViews' plotting backends (no extension is loaded, nothing is displayed)."""
    import holoviews.plotting.bokeh  # noqa: F401
    import holoviews.plotting.mpl  # noqa: F401

    return ("bokeh", "matplotlib")


def style(element: hv.Element, common: dict | None = None, *, bokeh: dict | None = None,
          matplotlib: dict | None = None) -> hv.Element:
    """``element`` with ``common`` options for both backends plus each backend's own."""
    backends()
    for backend, own in (("bokeh", bokeh), ("matplotlib", matplotlib)):
        options = {**(common or {}), **(own or {})}
        if options:
            element = element.opts(backend=backend, **options)
    return element


def sized(width: int, height: int) -> dict[str, dict]:
    """Options giving a plot ``width`` x ``height`` pixels in Bokeh (and the same shape, at 100 px to
    the inch, in Matplotlib) with its legend on the right.

    Set on an overlay's first layer: HoloViews passes these from a layer to its overlay, so they hold
    when a user overlays more elements with ``*`` (options of the overlay itself would be lost).
    """
    return {
        "bokeh": {"width": width, "height": height, "legend_position": "right"},
        "matplotlib": {"fig_size": 100 * width / 100 / 4, "aspect": width / height},
    }


def stacked(overlays: list, width: int = 900) -> hv.Layout:
    """Overlays one above the other, ``width`` pixels wide in Bokeh and as wide (at 100 px to the inch)
    in Matplotlib, whose layouts are otherwise 4 inches wide."""
    backends()
    return hv.Layout(overlays).cols(1).opts(sublabel_format="", fig_size=width / 4, vspace=0.35,
                                            backend="matplotlib")


def shade(span: hv.Element, colour: str, alpha: float) -> hv.Element:
    """An ``HSpan`` or ``VSpan`` filled with ``colour``, without an outline, in both backends."""
    return style(span, bokeh={"color": colour, "alpha": alpha, "line_alpha": 0},
                 matplotlib={"facecolor": colour, "alpha": alpha, "linewidth": 0})
