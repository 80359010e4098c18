"""`python -m materiel`."""

from materiel.cli import main

if __name__ == "__main__":
    main()
