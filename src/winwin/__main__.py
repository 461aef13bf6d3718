import sys

from winwin.cli import main

sys.exit(main())
