"""The journal on disk.

Writes go through a unit of work and repositories over the SQLAlchemy ORM
(unit_of_work.py, repositories.py); reads are plain SQL through the driver
(queries.py), so start-up never waits for SQLAlchemy. Rows become domain
values in mapping.py. copying.py copies and sets aside journal files,
file_checks.py checks a file's integrity, schema.py holds the migrations.
"""
