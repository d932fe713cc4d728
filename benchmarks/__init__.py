"""Speed measurements: ``python -m benchmarks`` runs them all (see docs/performance.md)."""
