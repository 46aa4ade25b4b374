"""Thin Faust wiring around the pure core: each module registers one role's agents on an app."""
