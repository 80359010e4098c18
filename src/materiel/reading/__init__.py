"""Reading: bytes -> plain data and positions (strict.py composes with positions, fast.py reads
quickly without them, document.py alone chooses between the two)."""
