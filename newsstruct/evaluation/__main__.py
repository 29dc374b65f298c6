"""``python -m newsstruct.evaluation FILE...``: fill gold files' evidence offsets and check them."""

import sys

from newsstruct.evaluation._gold import main

sys.exit(main())
