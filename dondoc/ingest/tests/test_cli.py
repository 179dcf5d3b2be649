import json

from dondoc.ingest.cli import main

from .fixtures import NOTICE


def test_cli_json(tmp_path, capsys):
    path = tmp_path / "tb.txt"
    path.write_text(NOTICE, encoding="utf-8")
    assert main([str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["document"]["number"] == "77/TB-BCĐ" and len(out["tasks"]) == 3


def test_cli_text(tmp_path, capsys):
    path = tmp_path / "tb.txt"
    path.write_text(NOTICE, encoding="utf-8")
    assert main([str(path), "--format", "text"]) == 0
    assert "Ban Tổ chức" in capsys.readouterr().out


def test_cli_read_error(tmp_path, capsys):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04broken")
    assert main([str(path)]) == 2
    assert "DOCX" in capsys.readouterr().err
