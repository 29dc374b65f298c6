"""The MUC-4 suite: the product's reports scored against MUC-4 keys through an adapter.

Run it with ``python -m evals.muc4.run`` from the checkout."""
