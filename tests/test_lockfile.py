"""requirements.lock pins every file by hash, and `make` installs with --require-hashes (scripts/cli/lockfile.py)."""

from __future__ import annotations

import pytest

from scripts.cli import lockfile
from scripts.config.paths import ROOT

SHA_A, SHA_B, SHA_C = "a" * 64, "b" * 64, "c" * 64


def test_the_shipped_lock_has_a_hash_on_every_requirement():
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    assert lockfile.parse_pins(text), "requirements.lock pins nothing"
    assert lockfile.unhashed(text) == []


def test_make_installs_the_lock_with_require_hashes_and_no_unchecked_build_tools():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.lock" in makefile
    assert "--no-build-isolation -e ." in makefile  # setuptools comes from the lock, not fetched at build time
    assert any(
        name.lower() == "setuptools" for name, _ in lockfile.parse_pins((ROOT / "requirements.lock").read_text())
    )


def test_a_requirement_without_a_hash_is_named_with_its_line():
    text = (
        "# comment\n"
        f"babel==2.18.0 \\\n    --hash=sha256:{SHA_A}\n"
        "\n"
        "mkdocs==1.6.1\n"
        f"jinja2==3.1.6 \\\n    --hash=sha256:{SHA_B} \\\n    --hash=sha256:{SHA_C}\n"
        "pyyaml==6.0.4 \\\n    --hash=md5:0123\n"
    )
    assert lockfile.unhashed(text) == [(5, "mkdocs==1.6.1"), (9, "pyyaml==6.0.4 --hash=md5:0123")]


def test_pins_are_read_from_freeze_and_lock_lines_extras_included():
    text = f"# c\nfonttools[woff]==4.68.0 \\\n    --hash=sha256:{SHA_A}\nMarkupSafe==3.0.4\n-e git+x#egg=y\n"
    assert lockfile.parse_pins(text) == [("fonttools", "4.68.0"), ("MarkupSafe", "3.0.4")]


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("PyYAML-6.0.4-cp311-cp311-manylinux_2_17_x86_64.whl", ("pyyaml", "6.0.4")),
        ("pyyaml-6.0.4.tar.gz", ("pyyaml", "6.0.4")),
        ("mkdocs_material-9.8.2-py3-none-any.whl", ("mkdocs-material", "9.8.2")),
        ("pyyaml-6.0.4.exe", None),
        ("not a file name.whl", None),
    ],
)
def test_a_registry_file_is_known_by_its_project_and_version(filename, expected):
    found = lockfile.file_version(filename)
    assert (None if found is None else (found[0], str(found[1]))) == expected


def test_hashes_are_every_file_of_the_version_sorted_and_never_another_version_or_a_yanked_file():
    index = {
        "files": [
            {"filename": "demo_pkg-1.0-py3-none-any.whl", "hashes": {"sha256": SHA_B}},
            {"filename": "demo-pkg-1.0.tar.gz", "hashes": {"sha256": SHA_A}},
            {"filename": "demo_pkg-1.0.1-py3-none-any.whl", "hashes": {"sha256": SHA_C}},
            {"filename": "demo_pkg-1.0-cp311-none-any.whl", "hashes": {"sha256": "d" * 64}, "yanked": True},
        ]
    }
    asked = []

    def fetch(url):
        asked.append(url)
        return index

    assert lockfile.file_hashes("Demo_Pkg", "1.0", fetch) == [SHA_A, SHA_B]
    assert asked == ["https://pypi.org/simple/demo-pkg/"]
    with pytest.raises(LookupError, match="demo==2.0"):
        lockfile.file_hashes("demo", "2.0", lambda url: {"files": []})


def test_the_lock_names_the_extras_other_packages_ask_for():
    extras = lockfile.extras_required(
        ["fonttools[woff]>=4.59.2", "brotli; extra == 'x'", "pytest[dev]; extra == 'test'", "not a requirement ["]
    )
    assert extras == {"fonttools": {"woff"}}
    text = lockfile.format_lock(
        [("zopfli", "0.4.3"), ("fonttools", "4.68.0")],
        {("zopfli", "0.4.3"): [SHA_A], ("fonttools", "4.68.0"): [SHA_B, SHA_C]},
        extras,
    )
    assert f"fonttools[woff]==4.68.0 \\\n    --hash=sha256:{SHA_B} \\\n    --hash=sha256:{SHA_C}\n" in text
    assert text.index("fonttools") < text.index("zopfli")
    assert lockfile.unhashed(text) == []
