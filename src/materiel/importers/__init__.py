"""Importers of the public record (public.py), the files they read (files.py), and the crosswalk
between the General Staff's and Oryx's vocabularies and the catalog (crosswalk.py)."""
