"""The tests' and the benchmark's server caches what README's "Publishing" tells a host to cache for a year:
every fingerprinted asset, Material's and the site's own, and nothing else."""

from __future__ import annotations

import pytest

from bench.server import FINGERPRINTED, IMMUTABLE, REVALIDATE, cache_control


@pytest.mark.parametrize(
    "name",
    ["bundle.a5f9d56c.min.js", "main.0253249f.min.css", "site.3f2a9c1d0b7e.css", "page-versions.1a2b3c4d5e.js"],
)
def test_fingerprinted_assets_are_cached_for_a_year(name):
    assert cache_control(FINGERPRINTED, f"assets/{name}") == IMMUTABLE


@pytest.mark.parametrize(
    "name", ["index.html", "patient.css", "search-on-demand.js", "logo.12345678.svg", "bundle.a5f9d56.min.js"]
)
def test_other_files_are_revalidated(name):
    assert cache_control(FINGERPRINTED, f"assets/{name}") == "no-cache"
    assert cache_control(REVALIDATE, name) == "public, max-age=0, must-revalidate"


def test_an_unknown_policy_is_refused():
    with pytest.raises(ValueError, match="unknown cache policy"):
        cache_control("forever", "a.js")
