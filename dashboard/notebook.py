"""Jupyter: the dashboard's output carries its own scripts and styles, so it asks no other host.

Panel and HoloViews load BokehJS and their stylesheets from CDNs (cdn.bokeh.org,
cdn.holoviz.org) in a notebook unless told to inline them; offline the output
stays blank, and online every view tells a third party what is being read.
Importing the dashboard in a Jupyter kernel turns inlining on for both, before
their extension is loaded. (Call ``pn.extension``/``hv.extension`` after
``import dashboard``, or pass ``inline=True`` to them.)
"""

from __future__ import annotations

import sys

__all__ = ["NotebookOutput", "in_notebook", "prepare_notebook"]


def in_notebook() -> bool:
    """True in a Jupyter kernel (not in ``panel serve``, not in a plain Python process)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    shell = ipython.get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def prepare_notebook() -> bool:
    """In a Jupyter kernel, make Panel and HoloViews write their resources into the output, and
    Panel's updates of it arrive in order; True if in a kernel."""
    if not in_notebook():
        return False
    import panel as pn

    pn.config.inline = True
    from holoviews.ipython import notebook_extension

    from .upstream import inline_holoviews_output, notebook_pushes_in_order

    notebook_extension.inline = True  # what hv.extension(...) does in a notebook
    inline_holoviews_output()
    notebook_pushes_in_order()
    return True


class NotebookOutput:
    """For a ``pn.viewable.Viewer``: displayed in Jupyter, its output carries the comm fix.

    See :class:`dashboard.upstream.NotebookEchoGuard`: without it the browser sends the kernel
    every change the kernel made to the output.
    """

    def _repr_mimebundle_(self, include=None, exclude=None):
        import panel as pn

        from .upstream import NotebookEchoGuard

        output = pn.Column(NotebookEchoGuard(), self._create_view(), sizing_mode="stretch_width", margin=0)
        return output._repr_mimebundle_(include, exclude)
