"""data/project_file.py: the .yunce format without Qt (issue 14)."""

from __future__ import annotations

import json
import os
import stat
import zipfile

import pytest

from data.project_file import (
    FORMAT,
    ProjectFileError,
    project_from_input,
    read_project_file,
    read_project_input,
    rule_issues,
    write_project_file,
)
from data.samples import sample_county
from data.workbook import InputError


def test_round_trip_gives_the_same_planning_input(tmp_path) -> None:
    inp = sample_county()
    path = write_project_file(tmp_path / "县.yunce", project_from_input(inp))
    back = read_project_input(path)
    assert back.policy == inp.policy
    assert (
        back.workloads == inp.workloads
        and back.platforms == inp.platforms
        and back.prices == inp.prices
    )
    assert read_project_file(path)["manifest"]["format"] == FORMAT


def test_saved_file_gets_the_umask_permissions_and_no_temp_file_is_left(tmp_path) -> None:
    old = os.umask(0o022)
    try:
        path = write_project_file(tmp_path / "县.yunce", project_from_input(sample_county()))
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert [p.name for p in tmp_path.iterdir()] == ["县.yunce"]


def test_unwritable_folder_is_a_clear_bilingual_error(tmp_path) -> None:
    with pytest.raises(ProjectFileError) as err:
        write_project_file(tmp_path / "没有" / "县.yunce", project_from_input(sample_county()))
    assert "不存在" in str(err.value) and "does not exist" in err.value.message.en


def test_newer_format_version_asks_to_upgrade(tmp_path) -> None:
    path = tmp_path / "新.yunce"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": FORMAT, "version": 99}))
    with pytest.raises(ProjectFileError) as err:
        read_project_file(path)
    assert "新.yunce" in str(err.value) and "99" in str(err.value) and "升级" in str(err.value)


def test_other_zip_is_not_a_project(tmp_path) -> None:
    path = tmp_path / "x.yunce"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("manifest.json", json.dumps({"format": "something-else"}))
    with pytest.raises(ProjectFileError, match="不是云策项目文件"):
        read_project_file(path)


def test_a_bad_rule_is_named_and_the_others_stand(tmp_path) -> None:
    data = project_from_input(sample_county())
    data["manifest"]["rules"]["budget_annual"] = "待定"
    assert set(rule_issues(data["manifest"]["rules"])) == {"budget_annual"}
    path = write_project_file(tmp_path / "县.yunce", data)
    with pytest.raises(InputError) as err:
        read_project_input(path)
    errors = [i for i in err.value.issues if i.severity == "error"]
    assert len(errors) == 1 and errors[0].sheet == "约束" and errors[0].value == "待定"
