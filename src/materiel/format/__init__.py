"""The format: its fixed words, quantities, record models, the equipment tree, problems, schema."""
