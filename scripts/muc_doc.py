"""Print one MUC-4 document's text exactly as the raw corpus has it (without its id line).

    python scripts/muc_doc.py DEV-MUC3-0123 > seeds/muc_dev_0123.txt

Looks in ../shared/data/muc4/raw_muc34/TASK/CORPORA (or MUC4_CORPORA). Seeds come from the
training pool only (DEV-MUC3-0001..1300): TST1-TST4 are the dev and test splits we report on.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = Path(os.environ.get("MUC4_CORPORA", ROOT.parent / "shared/data/muc4/raw_muc34/TASK/CORPORA"))
_DOC_ID = re.compile(r"^(DEV-MUC3-\d{4}|TST\d-MUC\d-\d{4}) \(", re.MULTILINE)


def document(doc_id: str) -> str:
    if not doc_id.startswith("DEV-MUC3-"):
        raise SystemExit(f"{doc_id}: seeds may only come from the training pool DEV-MUC3-0001..1300")
    number = int(doc_id.rsplit("-", 1)[1])
    low = (number - 1) // 100 * 100 + 1
    raw = (CORPORA / "dev" / f"dev-muc3-{low:04d}-{low + 99:04d}").read_text(encoding="latin-1")
    starts = [(m.group(1), m.start()) for m in _DOC_ID.finditer(raw)]
    for n, (found, start) in enumerate(starts):
        if found == doc_id:
            end = starts[n + 1][1] if n + 1 < len(starts) else len(raw)
            body = raw[start:end].split("\n", 1)[1]
            return body.strip("\n") + "\n"
    raise SystemExit(f"{doc_id} not found")


if __name__ == "__main__":
    sys.stdout.write(document(sys.argv[1]))
