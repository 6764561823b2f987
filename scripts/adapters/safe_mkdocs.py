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
from watchdog import events
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

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


# How often the preview looks for saved files where the system cannot tell it (no inotify): MkDocs' 0.5 s is, on
# average, a quarter of a second between a save and its build; each look reads the folders' listings (at 600
# pages, about 1.5 % of a core per 0.5 s).
PREVIEW_POLL_S = 0.25
# How long the preview waits after a change for the next one before it builds (MkDocs: 0.1 s). An editor's save
# is its writes within a few milliseconds; a save during a build is built again after it (adapters/language.py).
PREVIEW_SETTLE_S = 0.03

# What a save, a new file, a rename or a removal makes: never a read (the build reads every page, and a
# read seen as a change would build again, for ever).
SAVE_EVENTS: list[type[events.FileSystemEvent]] = [
    events.FileCreatedEvent,
    events.FileModifiedEvent,
    events.FileMovedEvent,
    events.FileDeletedEvent,
    events.FileClosedEvent,
    events.DirCreatedEvent,
    events.DirMovedEvent,
    events.DirDeletedEvent,
]


class SaveWatcher:
    """What tells the preview of saved files (the observer MkDocs' live-reload server schedules its folders on):
    the system's own notice (Linux' inotify) as the save happens, or, where there is none or no watch is left
    (fs.inotify.max_user_watches), a look at every watched folder each `polling_interval` seconds."""

    def __init__(self, polling_interval: float) -> None:
        self.timeout = polling_interval
        self._wanted: dict[int, tuple[Any, str, bool]] = {}  # what to watch, until start() chooses how
        self._watches: dict[int, Any] = {}
        self._observer: BaseObserver | None = None

    def _watch(self, observer: BaseObserver, handler, path: str, recursive: bool):
        if isinstance(observer, PollingObserver):
            return observer.schedule(handler, path, recursive=recursive)
        return observer.schedule(handler, path, recursive=recursive, event_filter=SAVE_EVENTS)

    def schedule(self, event_handler, path, *, recursive: bool = False) -> int:
        token = len(self._wanted) + len(self._watches) + 1
        if self._observer is None:
            self._wanted[token] = (event_handler, str(path), recursive)
        else:
            self._watches[token] = self._watch(self._observer, event_handler, str(path), recursive)
        return token

    def unschedule(self, token: int) -> None:
        if self._observer is None:
            self._wanted.pop(token, None)
        elif token in self._watches:
            self._observer.unschedule(self._watches.pop(token))

    def _started(self, observer: BaseObserver) -> BaseObserver:
        self._watches = {token: self._watch(observer, *wanted) for token, wanted in self._wanted.items()}
        observer.start()
        return observer

    def start(self) -> None:
        try:
            from watchdog.observers.inotify import InotifyObserver

            notified = InotifyObserver()
        except (ImportError, OSError):  # not Linux, or no inotify instance left
            notified = None
        try:
            self._observer = self._started(notified) if notified is not None else None
        except OSError:  # no inotify watch left
            notified.stop()  # type: ignore[union-attr]
        if self._observer is None:
            self._observer = self._started(PollingObserver(timeout=self.timeout))
        self._wanted.clear()

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()

    def join(self, timeout: float | None = None) -> None:
        if self._observer is not None:
            self._observer.join(timeout)

    @property
    def polling(self) -> bool:
        return isinstance(self._observer, PollingObserver)


def see_saves_sooner(interval: float = PREVIEW_POLL_S, settle: float = PREVIEW_SETTLE_S) -> None:
    """MkDocs' live-reload server (which `mkdocs serve` makes with keywords) hears of a save from the system
    (SaveWatcher) rather than looking every half second, and builds `settle` seconds after the last change."""
    from mkdocs.livereload import LiveReloadServer

    init: Any = LiveReloadServer.__init__

    @functools.wraps(init)
    def sooner(self, *args, polling_interval: float = interval, **kwargs) -> None:
        init(self, *args, polling_interval=polling_interval, **kwargs)
        self.observer = SaveWatcher(polling_interval)
        self.build_delay = settle

    LiveReloadServer.__init__ = sooner  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    make_mkdocs_loader_safe()
    if (argv if argv is not None else sys.argv[1:])[:1] == ["serve"]:
        keep_theme_listing()
        see_saves_sooner()
    from mkdocs.__main__ import cli

    return cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="mkdocs")


if __name__ == "__main__":
    sys.exit(main())
