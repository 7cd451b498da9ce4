"""Interactive dashboard of claims and facts about contested news events."""

from .dataset import DataValidationError, Dataset, Problem, load, load_cached, validate

__all__ = ["DataValidationError", "Dataset", "Problem", "load", "load_cached", "validate"]
__version__ = "0.1.0"
