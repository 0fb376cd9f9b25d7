"""Pure-Python core: reading, outlining and analysing reports.  Never imports Qt."""
