"""The baseline page of the browser benchmark: Panel with one HoloViews plot and nothing else."""

import holoviews as hv
import numpy as np
import panel as pn

pn.extension()
hv.extension("bokeh")

x = np.linspace(0, 10, 200)
pn.pane.HoloViews(hv.Curve((x, np.sin(x))), sizing_mode="stretch_width").servable()
