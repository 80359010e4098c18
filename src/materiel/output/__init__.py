"""Output: typed results as tables (tables.py), exported (formats.py), drawn on a terminal
(terminal.py, charts.py) or in one HTML page (report.py), and written whole (files.py)."""
