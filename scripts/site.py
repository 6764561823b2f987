"""`python -m scripts.site COMMAND`: the command editors, `make` and CI type (scripts/cli/site.py has the commands).

It stays at this address so that every README, workflow and habit keeps working as the package grows folders.
"""

import sys

from scripts.cli.site import main

if __name__ == "__main__":
    sys.exit(main())
