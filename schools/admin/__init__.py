"""Admin screens and hooks of the schools app, one module per feature."""
