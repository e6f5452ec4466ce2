"""Entry point of the windowed app on Windows and macOS (no console): the window, or the file it was opened with.

Explorer and Finder start it with the file a user double-clicked (a review or a report PDF) as its only
argument; on macOS PyInstaller's argv emulation turns Finder's open-document event into that argument.
"""

import sys

from wizard.cli import main

if __name__ == "__main__":
    files = [arg for arg in sys.argv[1:] if not arg.startswith("-psn_")]  # old macOS adds a process serial number
    sys.exit(main(["open", files[0]] if files else []))
