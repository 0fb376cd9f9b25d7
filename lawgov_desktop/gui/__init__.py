"""The PySide6 desktop app: widgets, Qt models, undo commands and workers (no SQL, no parsing)."""
