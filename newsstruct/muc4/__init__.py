"""MUC-4: loading the benchmark's gold, and its two published scorers."""
