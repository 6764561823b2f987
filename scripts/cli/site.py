"""The project's one command-line entry point: `python -m scripts.site COMMAND`.

Editors use it through `make` (see README and CONTRIBUTING.md). Commands that
check something exit 1 and print what is wrong and how to fix it.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

from scripts.cli import check_command, language_builds, scaffold, warm_start
from scripts.cli.language_builds import (  # noqa: F401 (_build_problems: read by the tests from here)
    ENGINES,
    OFFLINE_SITE_DIR,
    QUIET_ENV,
    SITE_DIR,
    Job,
    LanguageJob,
    _build_problems,
)
from scripts.config import editor_files
from scripts.config.editor_files import EditorFileError, problems_of, read_mkdocs_config, read_text
from scripts.config.generators import ENGINE_ENV, engine_named
from scripts.config.paths import ROOT
from scripts.config.problems import Problem
from scripts.config.project_config import (
    NO_LEAFLETS_ENV,
    SOURCE_LANGUAGE,
    language_config,
    load_base_config,
    release_from_env,
    site_languages,
    source_date_epoch,
)
from scripts.config.site_config import ConfigError
from scripts.i18n import catalogs
from scripts.renderers import root_pages
from scripts.renderers.leaflet import system_problem
from scripts.rules import language_check, page_versions
from scripts.rules.translation_status import (
    DiffError,
    Status,
    english_changes,
    language_status,
    source_version,
    word_diff,
)


def engine_from_env() -> str:
    engine = engine_named()
    if engine not in ENGINES:
        raise ConfigError(
            f"{ENGINE_ENV}={engine!r}: not a generator this site builds with — use one of {', '.join(ENGINES)}"
        )
    return engine


def build(
    langs: list[str] | None = None,
    *,
    offline: bool = False,
    quiet: bool = False,
    leaflets: bool = True,
    engine: str | None = None,
    handover: bool = False,
    jobs: int = 0,
) -> int:
    """Build each language into site/<lang>/ (languages in parallel, or one at a time when large), then the root
    pages. `handover`: once the checks have passed, this process becomes the language builds' (the command line's
    build: it does not return). `jobs`: how many languages build at once (0: one a core, or one at a time when
    large)."""
    engine = engine or engine_from_env()
    if not leaflets and release_from_env():
        print(
            "error: a release build lays out the printed leaflets, which the pages link to — "
            "build without --no-leaflets"
        )
        return 1
    epoch = source_date_epoch()
    if epoch is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # the language builds inherit it
    all_langs = site_languages()
    codes = [item.code for item in all_langs]
    wanted = langs or codes
    unknown = [code for code in wanted if code not in codes]
    missing_config = [code for code in wanted if code in codes and not language_config(code).is_file()]
    if unknown or missing_config:
        for code in unknown:
            print(f"error: unknown language '{code}' — mkdocs.yml extra.alternate lists {', '.join(codes)}")
        for code in missing_config:
            print(f"error: mkdocs.{code}.yml is missing — create it with `python -m scripts.site new-language {code}`")
        return 1
    unreadable: list[Problem | str] = []
    pages = 0
    docs_dirs: dict[str, Path] = {}
    for code in wanted:
        try:
            config = read_mkdocs_config(language_config(code), ROOT)
        except EditorFileError as exc:
            unreadable += problems_of(exc)
        else:
            pages = max(pages, _page_count(config))
            docs_dirs[code] = ROOT / str(config.get("docs_dir") or "docs")
    for code in wanted:
        try:
            catalogs.compile_catalog(code)
        except ValueError as exc:
            unreadable += str(exc).splitlines()
    if unreadable:
        for problem in dict.fromkeys(map(str, unreadable)):
            print(f"error: {problem}")
        return 1
    # Printed leaflets (scripts/renderers/leaflet.py): WeasyPrint needs Pango from the system. The question
    # opens the system's libraries without importing WeasyPrint (a build whose leaflets come from the cache
    # never imports it).
    if leaflets:
        system = system_problem()
        if system is not None:
            print(f"error: {system}")
            return 1
    # The root pages now, while what makes them is imported (not in the language builds' process, which only
    # puts them in place once every language has built).
    staged = Path(tempfile.mkdtemp(prefix="root-pages-"))
    try:
        root_pages.write_root_pages(staged, all_langs, base_config=load_base_config(), offline=offline)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    verdicts = _judge_languages_ahead(docs_dirs, codes)
    languages = [_language_job(code, offline, leaflets, engine, verdicts) for code in wanted]
    # The command line's build of one language has its process started already, waiting (warm_start.begin).
    warm = warm_start.take(engine) if handover else None
    if warm is not None and len(languages) == 1:
        languages = [dataclasses.replace(languages[0], warm=warm.to_text())]
    elif warm is not None:
        warm.abandon()
    job = Job(
        languages,
        engine=engine,
        offline=offline,
        quiet=quiet,
        pages=pages,
        jobs=jobs,
        root_pages=str(staged),
        verdicts=verdicts,
    )
    if handover and os.name == "posix":
        # The language builds run from a process that has imported almost nothing (scripts/cli/language_builds.py
        # says why), in this one's place: the same process id, output and exit status.
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, "-m", "scripts.cli.language_builds", job.to_json()])
    return language_builds.run(job)


def _judge_languages_ahead(docs_dirs: dict[str, Path], codes: list[str]) -> str:
    """Every text's language judged here, once for the whole build (scripts/rules/language_check.py judge_ahead),
    before the language builds start: the model is loaded once, and by a process that runs alone, instead of in
    each language's build beside the others' (README, "Speed and size"). The file of verdicts, or "" when none
    (the language builds then judge as before, and report what they find)."""
    pages, glossaries = [], []
    for code, docs in docs_dirs.items():
        pages += [(text, code) for text in editor_files.page_texts(docs, ROOT)]
        glossary = ROOT / "glossary" / f"{code}.yml"
        try:
            glossaries.append((read_text(glossary, ROOT, fix_missing=""), code))
        except EditorFileError:
            pass
    try:
        return language_check.judge_ahead(pages, glossaries, codes)
    except Exception:  # the language builds judge again, and report what stops them as before
        return ""


def _page_count(config: dict) -> int:
    """How many Markdown files a language's docs_dir holds (what its style rules are worked out for)."""
    docs = ROOT / str(config.get("docs_dir") or "docs")
    return sum(1 for _ in docs.rglob("*.md")) if docs.is_dir() else 0


# The offline copy's committed config: a language's config plus Material's offline plugin (its header says how).
OFFLINE_CONFIG = ROOT / "mkdocs.offline.yml"


def _language_job(lang: str, offline: bool, leaflets: bool, engine: str, verdicts: str = "") -> LanguageJob:
    config = OFFLINE_CONFIG if offline else language_config(lang)
    env = {} if leaflets else {NO_LEAFLETS_ENV: "1"}
    if verdicts:
        env[language_check.HANDED_VERDICTS_ENV] = verdicts
    if offline:
        env.update(OFFLINE_LANG_CONFIG=language_config(lang).name, OFFLINE_SITE_DIR=f"site-offline/{lang}")
    return LanguageJob(
        lang,
        [sys.executable, "-m", "scripts.cli.engine_process", engine, "build", "--strict", "--clean", "-f", str(config)],
        env=env,
        unset=[NO_LEAFLETS_ENV, language_check.HANDED_VERDICTS_ENV],
    )


def serve(lang: str, port: int) -> int:
    """Live preview of one language while editing (rebuilds on save)."""
    # The checks the build makes before MkDocs reads anything: a Python tag, a key given twice or a syntax
    # error in mkdocs.yml or the language's config is one line here, not code run or a traceback.
    read_mkdocs_config(language_config(lang), ROOT)
    catalogs.compile_catalog(lang)
    env = dict(os.environ, **QUIET_ENV)
    # MkDocs takes this process's place, so that stopping the preview (Ctrl-C, or a signal to this process)
    # stops the server itself: a child left behind would keep serving, and holding the port.
    os.chdir(ROOT)
    # --dirty: a save re-renders the pages saved since the last build, not the whole language (at 50 times
    # the pages, the whole language took 80 s); a change to anything else renders them all (adapters/language.py).
    # scripts.adapters.safe_mkdocs: MkDocs reading its configuration with the safe loader, also when it is saved again.
    command = [
        *[sys.executable, "-m", "scripts.adapters.safe_mkdocs"],
        *["serve", "--strict", "--dirty", "-f", str(language_config(lang))],
    ]
    os.execve(sys.executable, [*command, "-a", f"127.0.0.1:{port}"], env)


def translations_status(langs: list[str] | None) -> int:
    """Per language and page: up to date, out of date, or missing. Exit 1 unless all up to date."""
    codes = langs or [item.code for item in site_languages() if item.code != SOURCE_LANGUAGE]
    rows, bad = [], 0
    for code in codes:
        for entry in language_status(ROOT, code):
            rows.append((code, entry.page, entry.status.value))
            bad += entry.status is not Status.UP_TO_DATE
    width = max((len(r[1]) for r in rows), default=4)
    print(f"{'lang':4}  {'page':{width}}  status")
    for code, page, status in rows:
        print(f"{code:4}  {page:{width}}  {status}")
    if bad:
        print(
            f"\n{bad} page(s) need translation work. See what changed in the English since a translation was "
            "last brought up to date with `python -m scripts.site translations diff LANG PAGE`; after "
            "translating, record the English version with `python -m scripts.site translations mark LANG PAGE`."
        )
    return 1 if bad else 0


def translations_mark(lang: str, pages: list[str]) -> int:
    """Record that docs/<lang>/<page> now translates the current English page."""
    for page in pages:
        english = ROOT / "docs" / SOURCE_LANGUAGE / page
        target = ROOT / "docs" / lang / page
        if not english.is_file() or not target.is_file():
            print(f"error: docs/{lang}/{page} or docs/{SOURCE_LANGUAGE}/{page} does not exist")
            return 1
        version = source_version(english.read_text(encoding="utf-8"))
        text = target.read_text(encoding="utf-8")
        if "\ntranslation_of:" in text.split("\n---", 1)[0]:
            lines = [
                f"translation_of: {version}" if line.startswith("translation_of:") else line
                for line in text.split("\n")
            ]
            text = "\n".join(lines)
        else:
            text = text.replace("---\n", f"---\ntranslation_of: {version}\n", 1)
        target.write_text(text, encoding="utf-8")
        print(f"docs/{lang}/{page}: translation_of: {version}")
    return 0


def translations_diff(lang: str, page: str, *, root=ROOT) -> int:
    """What changed in docs/en/PAGE since docs/LANG/PAGE was last marked up to date, paragraph by paragraph."""
    english, translated = f"docs/{SOURCE_LANGUAGE}/{page}", f"docs/{lang}/{page}"
    try:
        recorded, commit, date, changes = english_changes(root, lang, page)
    except DiffError as exc:
        print(f"error: {exc}")
        return 1
    if not commit:
        print(f"{translated} translates the current {english} ({recorded}): nothing has changed since.")
        return 0
    print(
        f"{english}: what changed since the version {translated} translates ({recorded}, commit {commit[:10]} of {date})"
    )
    for change in changes:
        # Where to look: today's English page, or for a removed paragraph the version translated.
        where = (
            change.new.label if change.new else f"{change.old.label if change.old else '?'} of the version translated"
        )
        print(f"\n{change.kind.upper()} ({where})")
        if change.kind == "changed" and change.old and change.new:
            for line in change.old.text.split("\n"):
                print(f"  - {line}")
            for line in change.new.text.split("\n"):
                print(f"  + {line}")
            print(f"  words: {word_diff(change.old.text, change.new.text)}")
        else:
            sign, block = ("+", change.new) if change.new else ("-", change.old)
            for line in (block.text if block else "").split("\n"):
                print(f"  {sign} {line}")
    counts = {kind: sum(c.kind == kind for c in changes) for kind in ("changed", "added", "removed")}
    print(
        f"\n{len(changes)} paragraph(s) differ: {counts['changed']} changed, {counts['added']} added, "
        f"{counts['removed']} removed. Bring {translated} up to date, then run "
        f"`python -m scripts.site translations mark {lang} {page}`."
    )
    return 0


PUBLISHED_URLS = ROOT / "published-urls.txt"


def page_urls() -> list[tuple[str, str, str]]:
    """(language, source file, address) of every page, from docs/ and mkdocs.yml."""
    config = load_base_config()
    root_url = config["site_url"].rstrip("/") + "/"
    rows = []
    for item in site_languages():
        docs = ROOT / "docs" / item.code
        for page in sorted(docs.rglob("*.md")):
            rel = page.relative_to(docs).as_posix()
            slug = rel[: -len(".md")]
            path = "" if slug == "index" else (slug[: -len("index")] if slug.endswith("/index") else f"{slug}/")
            rows.append((item.code, f"docs/{item.code}/{rel}", f"{root_url}{item.code}/{path}"))
    return rows


def redirect_sources() -> set[str]:
    """Old page files kept alive by mkdocs-redirects (plugins.redirects.redirect_maps)."""
    maps = ((load_base_config().get("plugins") or {}).get("redirects") or {}).get("redirect_maps") or {}
    return set(maps)


def links(write: bool = False, check: bool = False) -> int:
    """Print the address of every page in every language; --check: exit 1 if a published one is gone."""
    rows = page_urls()
    root_url = load_base_config()["site_url"].rstrip("/") + "/"
    current = {url[len(root_url) :] for _, _, url in rows}
    if write:
        PUBLISHED_URLS.write_text(
            "# Every address the site has published, relative to site_url. Clinics link to these:\n"
            "# never remove one; when a page moves, add a redirect (mkdocs.yml plugins.redirects).\n"
            + "".join(f"{path}\n" for path in sorted(current | set(_published()))),
            encoding="utf-8",
        )
        print(f"{PUBLISHED_URLS.relative_to(ROOT)}: {len(current)} addresses")
        return 0
    if check:
        redirected = {source[: -len(".md")] + "/" for source in redirect_sources()}
        gone = [path for path in _published() if path not in current and path.split("/", 1)[-1] not in redirected]
        new = sorted(current - set(_published()))
        for path in gone:
            print(
                f"published-urls.txt: {path} is no longer built — restore the page or add a redirect in "
                f"mkdocs.yml plugins.redirects.redirect_maps ('{path.split('/', 1)[-1].rstrip('/')}.md': 'new-page.md')"
            )
        for path in new:
            print(f"published-urls.txt: {path} is new — run `python -m scripts.site links --write` and commit the list")
        return 1 if gone or new else 0
    width = max(len(source) for _, source, _ in rows)
    print(f"{'lang':4}  {'source':{width}}  address")
    for lang, source, url in rows:
        print(f"{lang:4}  {source:{width}}  {url}")
    return 0


def versions_record(langs: list[str] | None) -> int:
    """Record the versions of every page and leaflet as published now (data/page-versions.yml): run it when you
    publish, and commit the file, so that a printout's QR code can say what changed since."""
    codes = [language.code for language in site_languages()]
    unknown = sorted(set(langs or []) - set(codes))
    if unknown:
        print(f"error: {', '.join(unknown)}: not a language of the site — use one of: {', '.join(codes)}")
        return 1
    epoch = source_date_epoch()
    published = (dt.datetime.fromtimestamp(epoch, tz=dt.timezone.utc).date() if epoch else dt.date.today()).isoformat()
    _, added = page_versions.record(load_base_config(), langs or codes, published, source_language=SOURCE_LANGUAGE)
    for line in added:
        print(f"recorded: {line}")
    print(f"{len(added)} new version(s) recorded in data/page-versions.yml" if added else "nothing new to record")
    return 0


def _published() -> list[str]:
    if not PUBLISHED_URLS.is_file():
        return []
    return [
        line.strip()
        for line in PUBLISHED_URLS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.site", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("build", help=build.__doc__)
    p.add_argument("langs", nargs="*", help="languages to build (default: all)")
    p.add_argument("--offline", action="store_true", help="build the offline site into site-offline/")
    p.add_argument(
        "--no-leaflets",
        dest="leaflets",
        action="store_false",
        help="leave the printed leaflets out: quicker, for looking at the pages (their download link goes too); "
        "a release build refuses it",
    )
    p.add_argument(
        "--engine",
        choices=ENGINES,
        help=f"the generator to build with (default: ${ENGINE_ENV}, else {ENGINES[0]}); both give the same site",
    )
    p.add_argument(
        "--jobs",
        type=_at_least_one,
        default=0,
        metavar="N",
        help="how many languages build at once (default: one a core, but one at a time from 100 pages a language, "
        "which keeps the build's memory under 400 MB; more at once is quicker on a machine with memory to spare)",
    )
    p = commands.add_parser("serve", help=serve.__doc__)
    p.add_argument("lang", nargs="?", default=SOURCE_LANGUAGE)
    p.add_argument("--port", type=int, default=8000)

    p = commands.add_parser("translations", help="translation status of every page")
    sub = p.add_subparsers(dest="action", required=True)
    s = sub.add_parser("status", help=translations_status.__doc__)
    s.add_argument("langs", nargs="*")
    s = sub.add_parser("diff", help=translations_diff.__doc__)
    s.add_argument("lang")
    s.add_argument("page", help="the page's file name, e.g. next-page.md")
    s = sub.add_parser("mark", help=translations_mark.__doc__)
    s.add_argument("lang")
    s.add_argument("pages", nargs="+")

    p = commands.add_parser("links", help=links.__doc__)
    p.add_argument("--write", action="store_true", help="add the current addresses to published-urls.txt")
    p.add_argument("--check", action="store_true", help="exit 1 if a published address is gone or a new one unlisted")

    p = commands.add_parser("versions", help="the versions of pages and leaflets that printouts carry")
    sub = p.add_subparsers(dest="action", required=True)
    s = sub.add_parser("record", help=versions_record.__doc__)
    s.add_argument("langs", nargs="*", help="languages to record (default: all)")

    catalogs.add_commands(commands)
    check_command.add_commands(commands)
    scaffold.add_commands(commands)
    from_command_line = argv is None

    args = parser.parse_args(argv)
    try:
        return _dispatch(args, handover=from_command_line)
    except EditorFileError as exc:  # an editor's file cannot be read: one line each, never a traceback
        for problem in problems_of(exc):
            print(f"error: {problem}")
        return 1
    except ConfigError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}")
        return 1


def _at_least_one(text: str) -> int:
    """`--jobs`'s value: a whole number of 1 or more, else argparse's one-line error."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of language builds at once, 1 or more")
    return number


def _dispatch(args, handover: bool = False) -> int:
    if args.command == "build":
        # From the command line (no argv given), the process is the build's alone: it can pass itself on (os.execv).
        return build(
            args.langs,
            offline=args.offline,
            leaflets=args.leaflets,
            engine=args.engine,
            handover=handover,
            jobs=args.jobs,
        )
    if args.command == "serve":
        return serve(args.lang, args.port)
    if args.command == "links":
        return links(write=args.write, check=args.check)
    if args.command == "translations":
        if args.action == "status":
            return translations_status(args.langs)
        if args.action == "diff":
            return translations_diff(args.lang, args.page)
        return translations_mark(args.lang, args.pages)
    if args.command == "versions":
        return versions_record(args.langs)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
