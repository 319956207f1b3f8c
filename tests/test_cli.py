"""The command line as a user meets it: real processes, real files, bad input included."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

SEED = EXAMPLES / "syria_aleppo_hts_offensive.txt"


def run(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "observatory", *args], input=stdin, capture_output=True,
                          timeout=120, env=full_env)


def one_line_error(proc: subprocess.CompletedProcess) -> str:
    err = proc.stderr.decode()
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    return lines[0]


def test_help_lists_commands():
    proc = run("--help")
    assert proc.returncode == 0
    assert b"extract" in proc.stdout and b"gazetteer" in proc.stdout


def test_extract_json_follows_contract():
    proc = run("extract", str(SEED), "--published", "2024-11-28", "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert set(data) == {"article", "events", "warnings"}
    checker = Path(__file__).resolve().parents[2] / "shared" / "tools" / "check-contract"
    contract = subprocess.run([sys.executable, str(checker)], input=proc.stdout, capture_output=True)
    assert contract.returncode == 0, contract.stdout.decode()
    assert b" 0 problems" in contract.stdout


def test_extract_csv_has_acled_columns():
    proc = run("extract", str(SEED), "--published", "2024-11-28", "--format", "csv")
    assert proc.returncode == 0
    header = proc.stdout.decode().splitlines()[0].split(",")
    for col in ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "inter1", "admin1",
                "latitude", "geo_precision", "fatalities"):
        assert col in header


def test_extract_table_and_stdin():
    proc = run("extract", "-", "--published", "2024-11-28", stdin=SEED.read_bytes())
    assert proc.returncode == 0, proc.stderr.decode()
    assert "Battles" in proc.stdout.decode()


def test_missing_path():
    proc = run("extract", "/nonexistent/report.txt")
    assert proc.returncode == 2
    assert "no such file" in one_line_error(proc)


@pytest.mark.parametrize("content", [b"", b"   \n\t  \n"])
def test_empty_file(tmp_path, content):
    f = tmp_path / "empty.txt"
    f.write_bytes(content)
    proc = run("extract", str(f))
    assert proc.returncode == 2
    assert "empty" in one_line_error(proc)


def test_binary_file(tmp_path):
    f = tmp_path / "photo.jpg"
    f.write_bytes(bytes(range(256)) * 64)
    proc = run("extract", str(f))
    assert proc.returncode == 2
    assert "binary" in one_line_error(proc)


def test_non_utf8_file_is_read_with_a_warning(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Gunmen killed three civilians in Kidal, Mali, on 3 May 2024, the governor said. "
                  "Caf\u00e9 owners fled.".encode("cp1252"))
    proc = run("extract", str(f), "--published", "2024-05-04", "--format", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout)
    assert any(w["kind"] == "encoding" for w in data["warnings"])


def test_huge_file_is_refused(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(b"Soldiers clashed with rebels. " * (20 * 1024 * 1024 // 30 + 1))
    proc = run("extract", str(f))
    assert proc.returncode == 2
    assert "limit" in one_line_error(proc)


def test_non_english_report(tmp_path):
    f = tmp_path / "fr.txt"
    f.write_text("Des hommes armés ont tué trois civils dans le village de Boulkessi, selon les autorités "
                 "locales qui ont été informées de l'attaque par des habitants.", encoding="utf-8")
    proc = run("extract", str(f))
    assert proc.returncode == 2
    assert "'fr'" in one_line_error(proc)


def test_arabic_report(tmp_path):
    f = tmp_path / "ar.txt"
    f.write_text("قتل ثلاثة مدنيين في قصف على مدينة حلب يوم الأربعاء", encoding="utf-8")
    proc = run("extract", str(f))
    assert proc.returncode == 2
    assert "'ar'" in one_line_error(proc)


def test_directory_is_refused(tmp_path):
    proc = run("extract", str(tmp_path))
    assert proc.returncode == 2
    assert "directory" in one_line_error(proc)


def test_bad_published_date():
    proc = run("extract", str(SEED), "--published", "28/11/2024")
    assert proc.returncode == 2
    assert b"YYYY-MM-DD" in proc.stderr
