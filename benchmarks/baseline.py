"""The baseline a researcher would write by hand: PyYAML's C loader, then the same pydantic models.

    python benchmarks/baseline.py FILE...
prints how many records validated and how many failed. Used by benchmarks/run.py.
"""

from __future__ import annotations

import sys

import yaml
from pydantic import ValidationError

from materiel.format.models import RECORD_KINDS


def main() -> None:
    """Load each file with yaml.CSafeLoader and validate every record."""
    valid = invalid = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as handle:
            data = yaml.load(handle, Loader=yaml.CSafeLoader)
        for key, records in data.items():
            model = RECORD_KINDS[key]
            for record in records or ():
                try:
                    model.model_validate(record)
                    valid += 1
                except ValidationError:
                    invalid += 1
    print(f"{valid} valid, {invalid} invalid")


if __name__ == "__main__":
    main()
