"""Writing: the one YAML emitter (yaml.py), records added to a file (add.py), and drafts of a
claim's items from its words (draft.py)."""
