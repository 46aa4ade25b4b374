"""Benchmarks behind ``quotewire bench``: commands that measure, not timed tests."""
