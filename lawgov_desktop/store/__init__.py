"""The SQLite project: the only code that touches the database."""
