"""The reciprocity chart: the arrays it draws (``ChartSeries``) and its widget.

``series`` and ``periods`` are pure NumPy, built on a worker thread; the rest
is Matplotlib, used on the UI thread only.
"""

from ixcoach_desktop.gui.chart.series import ChartSeries
from ixcoach_desktop.gui.chart.widget import ReciprocityChart

__all__ = ["ChartSeries", "ReciprocityChart"]
