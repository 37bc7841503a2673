"""The start-up baseline: the least a PySide6 + Matplotlib window can cost.

It imports only PySide6 and Matplotlib's QtAgg backend, shows a QMainWindow
holding one canvas with two small lines, draws it once, prints a line and
exits. The start-up benchmark runs it exactly like ``ixcoach-desktop
--self-test`` (a fresh process, offscreen) and reports the app's time as a
multiple of this one.
"""

from __future__ import annotations

import os
import sys
import time

_started = time.perf_counter()
# Like run_self_test: with no screen, render off-screen rather than fail.
if not any(os.environ.get(v) for v in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    figure = Figure(figsize=(6, 3), layout="constrained")
    canvas = FigureCanvasQTAgg(figure)
    axes = figure.add_subplot()
    axes.plot([0, 1, 2, 3], [1, 3, 2, 4], marker="o", label="Me")
    axes.plot([0, 1, 2, 3], [2, 2, 3, 3], marker="s", label="Them")
    axes.legend()
    window.setCentralWidget(canvas)
    window.resize(1240, 780)
    window.show()
    canvas.draw()
    image = window.grab()
    window.close()
    total_ms = (time.perf_counter() - _started) * 1000
    print(f"BASELINE OK drawn={not image.isNull()} total_ms={total_ms:.1f}")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
