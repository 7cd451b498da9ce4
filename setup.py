"""The package list, which pyproject.toml cannot give: the top-level ``data/`` folder ships
inside the package as ``dashboard.bundled`` (see ``dashboard.dataset.bundled_path``).

``[tool.setuptools.packages.find]`` ignores ``package-dir`` mappings, so the packages are found
here and the mapped one added; everything else is in pyproject.toml (package data included).
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["dashboard", "dashboard.*"]), "dashboard.bundled"],
    package_dir={"dashboard.bundled": "data"},
)
