"""Interactive dashboard of claims and facts about contested news events."""

from .dataset import DataValidationError, Dataset, Problem, load, load_cached, validate
from .notebook import prepare_notebook

prepare_notebook()  # in a Jupyter kernel: the output loads nothing from any other host

__all__ = ["Dashboard", "DataValidationError", "Dataset", "Problem", "load", "load_cached", "validate"]


def __getattr__(name):
    # The dashboard pulls in Panel and HoloViews: import it only when asked for.
    if name == "Dashboard":
        from .app import Dashboard
        return Dashboard
    raise AttributeError(f"module 'dashboard' has no attribute {name!r}")
__version__ = "0.1.0"
