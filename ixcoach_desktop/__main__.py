"""``python -m ixcoach_desktop``."""

import sys

from ixcoach_desktop.cli import main

sys.exit(main())
