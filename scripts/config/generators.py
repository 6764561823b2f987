"""The generators a language can be built with, and what their processes are given.

MkDocs 1.6.1 is the default; ProperDocs, a drop-in fork of MkDocs 1.6 that reads the same mkdocs.yml, plugins and
hooks, is the tested way forward if MkDocs 1.x breaks (README, "Versions"): `SITE_ENGINE=properdocs make site`, or
`build --engine properdocs`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

# The first is the default.
ENGINES = ("mkdocs", "properdocs")
ENGINE_ENV = "SITE_ENGINE"


def engine_named(environ: Mapping[str, str] = os.environ) -> str:
    """The generator $SITE_ENGINE names (the default when it names none), not yet checked against ENGINES."""
    return environ.get(ENGINE_ENV, "").strip() or ENGINES[0]


# Both notices (MkDocs 2 and Material's end of life) are known and answered in README ("Versions"); keep them out
# of the build output editors read.
QUIET_ENV = {"DISABLE_MKDOCS_2_WARNING": "true", "NO_MKDOCS_2_WARNING": "1"}
