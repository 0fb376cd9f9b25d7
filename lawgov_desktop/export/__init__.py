"""Exporters: one module per format, all fed from the same excerpt records."""
