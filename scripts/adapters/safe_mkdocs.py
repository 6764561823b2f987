"""`python -m scripts.adapters.safe_mkdocs serve …`: MkDocs' own command line, reading its configuration as data.

MkDocs reads mkdocs*.yml with PyYAML's full loader, which builds Python objects from tags such as
`!!python/object/apply:os.system`: whoever edits mkdocs.yml could run a command on the machine of anyone
who previews the site. `make serve` checks the configuration before it starts (scripts/cli/site.py), but the
preview reads the files again whenever they are saved; so here MkDocs' loader is made of the editors' safe
loader (scripts/config/editor_files.py EditorLoader: no Python tags, no key twice, no alias bomb) before MkDocs
reads anything. Its own tags (!ENV, !relative) and INHERIT keep working: MkDocs adds them to the loader
it is given.
"""

from __future__ import annotations

import sys

from mkdocs.utils import yaml as mkdocs_yaml

from scripts.config.editor_files import EditorLoader


def make_mkdocs_loader_safe() -> None:
    """Every `get_yaml_loader()` of MkDocs (its config, INHERIT's parents) builds on EditorLoader."""
    defaults = mkdocs_yaml.get_yaml_loader.__defaults__ or ()
    mkdocs_yaml.get_yaml_loader.__defaults__ = (EditorLoader, *defaults[1:])


def main(argv: list[str] | None = None) -> int:
    make_mkdocs_loader_safe()
    from mkdocs.__main__ import cli

    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())
