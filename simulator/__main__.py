"""``python -m simulator`` and the PyInstaller entry point: the ``mpsim`` command."""

import sys

from simulator.cli import main

if __name__ == "__main__":
    sys.exit(main())
