"""The package list, which pyproject.toml cannot give: the top-level ``data/`` folder ships
inside the package as ``dashboard.bundled`` (see ``dashboard.dataset.bundled_path``), and the
top-level ``events/`` (the other bundled events, one data folder each) as ``dashboard.events``
(see ``dashboard.dataset.bundled_events``).

``[tool.setuptools.packages.find]`` ignores ``package-dir`` mappings, so the packages are found
here and the mapped one added; everything else is in pyproject.toml (package data included).
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["dashboard", "dashboard.*"]), "dashboard.bundled", "dashboard.events"],
    package_dir={"dashboard.bundled": "data", "dashboard.events": "events"},
)
