"""Sphinx configuration: MyST markdown pages, warnings are errors (``tox -e docs``)."""

project = "braincell"
author = "the braincell developers"
copyright = "2026, the braincell developers"
release = "0.1.0"

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "dollarmath"]
myst_heading_anchors = 3
exclude_patterns = ["_build", "**/.ipynb_checkpoints"]
html_theme = "furo"
html_title = "braincell"
suppress_warnings = ["myst.xref_missing"]
