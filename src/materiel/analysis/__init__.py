"""Analysis: the rules behind every number (rules.py) and the queries that apply them
(queries.py), from a Dataset and Filters to typed rows (rows.py)."""
