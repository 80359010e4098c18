"""The dataset: the files found, their records validated and merged, every reference resolved.

Names are imported when first used (PEP 562): finding the files (`dataset.paths`) must not
import pydantic, which the cache and shell completion would otherwise pay for on every run.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "Dataset": "build", "build_dataset": "build", "latest_only": "build", "load_dataset": "build",
    "builtin_catalog": "builtin",
    "default_paths": "paths", "expand_paths": "paths", "packaged_dataset": "paths",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
