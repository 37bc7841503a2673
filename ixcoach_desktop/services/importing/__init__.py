"""Importing contacts (vCard, CSV) and whole journals (JSON exports).

- ``service``: ImportService, the preview and the one-transaction apply.
- ``vcard``, ``csv_contacts``, ``json_journal``: one module per format, turning
  a file's text into checked domain values and reporting each bad record.
- ``reading``: extension, size, binary and encoding checks before parsing.
- ``duplicates``: who is already in the journal.
- ``records``: the plain values a preview and a report are made of.
- ``progress``: progress reports and cancellation across threads.

Exporting lives in services/exporting.py.
"""
