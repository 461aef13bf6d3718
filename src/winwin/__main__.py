import sys

from winwin.cli import main

if __name__ == "__main__":  # guarded: sweeps start local processes by spawning
    sys.exit(main())
