"""Shared pieces of the simulation tools in sim/: ctest discovery, process runs, results files."""
