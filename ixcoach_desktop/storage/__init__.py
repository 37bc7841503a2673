"""The journal on disk: SQLite through SQLAlchemy, migrations, unit of work."""
