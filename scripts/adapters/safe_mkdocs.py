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

import functools
import os
import sys
import sysconfig
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.utils import yaml as mkdocs_yaml

from scripts.config.editor_files import EditorLoader


def make_mkdocs_loader_safe() -> None:
    """Every `get_yaml_loader()` of MkDocs (its config, INHERIT's parents) builds on EditorLoader."""
    defaults = mkdocs_yaml.get_yaml_loader.__defaults__ or ()
    mkdocs_yaml.get_yaml_loader.__defaults__ = (EditorLoader, *defaults[1:])


# The theme's files (Material's are some 14,000, its icons) are listed again by every build MkDocs makes; the
# preview lists them once, and again when a theme folder outside the installed packages (overrides/) gains or
# loses a file.
_theme_listings: dict[tuple, list[tuple[str, str | None]]] = {}
_INSTALLED = tuple(str(Path(path).resolve()) for path in {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})


def _file_names(folder: str) -> tuple[str, ...]:
    if str(Path(folder).resolve()).startswith(_INSTALLED):
        return ()  # an installed theme changes only with its package, and the preview is started again
    return tuple(sorted(os.path.join(top, name) for top, _, names in os.walk(folder) for name in names))


def keep_theme_listing() -> None:
    """MkDocs' Files.add_files_from_theme, its listing kept between the builds of one preview."""
    listed = Files.add_files_from_theme

    def add_files_from_theme(self: Files, env, config) -> None:
        dirs = tuple(config.theme.dirs)
        key = (dirs, tuple(sorted(config.theme.static_templates)), tuple(_file_names(d) for d in dirs))
        if key not in _theme_listings:
            found = Files([])
            listed(found, env, config)
            _theme_listings.clear()
            _theme_listings[key] = [(file.src_uri, file.src_dir) for file in found]
        for path, folder in _theme_listings[key]:
            if self.get_file_from_path(path) is None:  # theme files do not override docs_dir files
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]


# How often the preview looks for saved files: MkDocs' 0.5 s is, on average, a quarter of a second between a
# save and its build; each look reads the folders' listings (at 600 pages, about 1.5 % of a core per 0.5 s).
PREVIEW_POLL_S = 0.25


def poll_sooner(interval: float = PREVIEW_POLL_S) -> None:
    """MkDocs' live-reload server (which `mkdocs serve` makes with keywords) looks for saved files every
    `interval` seconds."""
    from mkdocs.livereload import LiveReloadServer

    init: Any = LiveReloadServer.__init__

    @functools.wraps(init)
    def sooner(self, *args, polling_interval: float = interval, **kwargs) -> None:
        init(self, *args, polling_interval=polling_interval, **kwargs)

    LiveReloadServer.__init__ = sooner  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    make_mkdocs_loader_safe()
    if (argv if argv is not None else sys.argv[1:])[:1] == ["serve"]:
        keep_theme_listing()
        poll_sooner()
    from mkdocs.__main__ import cli

    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())
