"""materiel from a notebook: load the Palmyra dataset, compare, and read the rows as a table.

Run it as a script (`python docs/api-example.py`) or cell by cell in Jupyter; the tests run it.
pandas is optional: without it the records are printed as they are.
"""

from pathlib import Path

import materiel

DATA = Path(__file__).resolve().parent.parent / "data" / "claims.yaml"

# Load and validate: bad data raises materiel.ProblemsFound, whose .problems say where.
dataset = materiel.load(DATA)
print(dataset.summary_line())

# Claimed against confirmed, row by row, with typed fields.
comparison = dataset.compare(level="category", event="palmyra-2016-12")
for row in comparison.rows:
    claimed = row.claimed.display() if row.claimed else "not claimed"
    confirmed = row.confirmed.display() if row.confirmed else "no data"  # `1+`: seen, maybe more
    print(f"{row.equipment:16} {row.claimant or '-':14} claimed {claimed:12} confirmed {confirmed:>3} "
          f"{row.verdict}")

# The claimed rows the evidence does not hold up (what `materiel compare --strict` fails on).
print("not confirmed:", ", ".join(f"{r.equipment} ({r.claimant})" for r in comparison.short))

# Filters are keyword arguments named as the command line's options; equipment may be an alias.
tanks = dataset.claims(equipment="tanks")
print("claims of tanks:", [(r.claimant, str(r.quantity)) for r in tanks])

# A mistyped id is an error that names the nearest one, never an empty table.
try:
    dataset.compare(event="palmyra-2016-21")
except materiel.UsageError as error:
    print("error:", error)

# Plain records for pandas: the CSV's columns, typed, with lists kept as lists.
records = materiel.records(comparison)
try:
    import pandas
except ImportError:
    print(records[0])
else:
    frame = pandas.DataFrame(records)
    print(frame[["equipment", "claimant", "claimed_low", "confirmed", "verdict"]])
