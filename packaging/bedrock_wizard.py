"""Entry point of the standalone (PyInstaller) build: the same command line as `bedrock-wizard`."""

import sys

from wizard.cli import main

if __name__ == "__main__":
    sys.exit(main())
