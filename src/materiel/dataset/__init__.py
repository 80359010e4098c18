"""The dataset: the files found, their records validated and merged, every reference resolved."""

from .build import Dataset, build_dataset, load_dataset
from .builtin import builtin_catalog
from .paths import default_paths, expand_paths, packaged_dataset

__all__ = ["Dataset", "build_dataset", "builtin_catalog", "default_paths", "expand_paths", "load_dataset",
           "packaged_dataset"]
