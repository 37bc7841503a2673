"""PyInstaller run-time hook: keep Matplotlib's font cache between starts.

PyInstaller's own hook points Matplotlib at a new temporary folder on every
start (needed by one-file builds, which unpack to a new path each time), so
the font cache is rebuilt at each launch: about half a second, more with
many system fonts. A one-folder build has fixed paths, so the cache can live
in the app's own cache folder (not Matplotlib's shared one, which another
Matplotlib version may own). A user's own MPLCONFIGDIR still wins.
"""

import os

from platformdirs import user_cache_path

os.environ.setdefault(
    "MPLCONFIGDIR", str(user_cache_path("ixcoach-desktop", appauthor=False) / "matplotlib")
)
