"""The scale benchmark (run.py), run on demand; conftest.py keeps pytest from collecting it."""

from __future__ import annotations
