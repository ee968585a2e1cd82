"""State changes of the schools app, one module per feature."""
