"""Entry point for ``python -m mapapp``."""

import sys

from mapapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
