"""`python -m scripts.site COMMAND`: the command editors, `make` and CI type (scripts/cli/site.py has the commands).

It stays at this address so that every README, workflow and habit keeps working as the package grows folders.
"""

import sys

if __name__ == "__main__":
    # Before the command imports the project: a build of one language starts its build process now, to import
    # while the command checks (scripts/cli/warm_start.py).
    from scripts.cli import warm_start

    warm_start.begin(sys.argv[1:])

from scripts.cli.site import main

if __name__ == "__main__":
    try:
        code = main()  # a build that passed its checks does not return here (scripts/cli/site.py: os.execv)
    finally:
        warm_start.let_go()  # whatever ended the command before (its checks, a wrong option, an error)
    sys.exit(code)
