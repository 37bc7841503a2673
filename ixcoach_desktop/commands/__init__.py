"""Sub-commands of ``ixcoach-desktop``, one module each, registered by cli.py.

Each module has ``register(commands)`` adding its sub-parser with a
``handler(args, data_dir) -> exit code``. Heavy imports stay inside handlers
so that every command starts quickly.
"""
