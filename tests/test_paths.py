"""scripts/config/paths.py keep_file: a cache file is written whole, or not at all."""

from __future__ import annotations

from scripts.config.paths import keep_file


def test_a_kept_file_is_written_whole_in_its_folder_and_leaves_no_temporary(tmp_path):
    path = tmp_path / "cache" / "answer.json"
    assert keep_file(path, '{"a": 1}')
    assert path.read_text(encoding="utf-8") == '{"a": 1}'
    assert keep_file(path, '{"a": 2}') and path.read_text(encoding="utf-8") == '{"a": 2}'
    assert [p.name for p in path.parent.iterdir()] == ["answer.json"]


def test_a_file_that_cannot_be_kept_is_said_not_raised(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    assert keep_file(blocker / "answer.json", "{}") is False
