"""Data rights: find, export and erase personal data (issue 10)."""
