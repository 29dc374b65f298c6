"""Evaluation suites run from a checkout: the seeds and MUC-4, with their results."""
