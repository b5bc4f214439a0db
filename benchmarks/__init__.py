"""Benchmarks of mediasearch beside Datasette on synthetic catalogues: `make bench`."""
