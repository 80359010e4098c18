"""materiel: claims of seized and lost military equipment, checked against the evidence."""

__version__ = "0.1.0"
