"""``python -m frauddetector_mock``: the same command line as ``frauddetector-mock``."""

import sys

from frauddetector_mock.cli import main

sys.exit(main())
