"""Pure-Python heart of the journal: values, scales, validation and guidance (no Qt, no SQL)."""
