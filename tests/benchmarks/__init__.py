"""Performance benchmarks, run by ``make bench`` (``python -m tests.benchmarks``), never by pytest.

No file here is named ``test_*.py``, so ``make test`` does not collect them.
See docs/performance.md for the figures and how they were taken.
"""
