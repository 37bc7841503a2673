"""Entry point of the frozen app: the same ``main`` as the installed ``ixcoach-desktop`` script."""

import sys

from ixcoach_desktop.cli import main

sys.exit(main())
