"""Print one MUC-4 training document's text exactly as the raw corpus has it (without its id line).

    python -m scripts.muc_doc DEV-MUC3-0123 > seeds/muc_dev_0123.txt   (from the checkout)

Looks in ../shared/data/muc4/raw_muc34/TASK/CORPORA (or MUC4_CORPORA). Seeds come from the
training pool only (DEV-MUC3-0001..1300): TST1-TST4 are the dev and test splits we report on.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from evals.muc4.data import read_split

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("MUC4_CORPORA", ROOT.parent / "shared/data/muc4/raw_muc34/TASK/CORPORA"))

if __name__ == "__main__":
    doc_id = sys.argv[1]
    if not doc_id.startswith("DEV-MUC3-"):
        raise SystemExit(f"{doc_id}: seeds may only come from the training pool DEV-MUC3-0001..1300")
    documents = read_split(CORPORA, "train")
    if doc_id not in documents:
        raise SystemExit(f"{doc_id} not found")
    sys.stdout.write(documents[doc_id])
