"""One archive holds the whole system: the database and every uploaded file.

SQLite is copied with the online backup API (consistent while the app runs), PostgreSQL with
`pg_dump -Fc` / `pg_restore`. Restoring is all-or-nothing: the database in one transaction, the files
swapped in only after the database succeeded.
"""

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is Vietnamese."""


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor}.")
    return vendor


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432),
            "--username", db.get("USER") or "postgres"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise BackupError(f"Không tìm thấy chương trình {command[0]} (cài gói postgresql-client).") from None
    if result.returncode != 0:
        raise BackupError(f"{command[0]} thất bại: {result.stderr.strip()[:2000]}")


def _dump_database(target: Path) -> str:
    engine = _engine()
    if engine == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return "database.sqlite3"
    args, env = _pg_env()
    _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "--file", str(target),
          connection.settings_dict["NAME"]], env)
    return "database.pgdump"


def backup_create(path: Path) -> dict:
    """Write the archive to `path` (atomically: a failed backup leaves no partial file)."""
    path = Path(path)
    media = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=path.parent if path.parent.exists() else None) as tmp:
        dump = Path(tmp) / "database"
        name = _dump_database(dump)
        files = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
        manifest = {"format": FORMAT, "engine": connection.vendor, "database": name, "files": len(files),
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        partial = Path(tmp) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=name)
            for file in files:
                archive.add(file, arcname=f"files/{file.relative_to(media).as_posix()}")
        shutil.move(partial, path)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile("manifest.json"))
    except (KeyError, ValueError, AttributeError):
        raise BackupError("Tệp không phải bản sao lưu của dondoc (thiếu manifest.json).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError("Bản sao lưu có định dạng không được hỗ trợ.")
    return manifest


def _restore_database(manifest: dict, dump: Path) -> None:
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"Bản sao lưu của {manifest['engine']} không khôi phục được vào {engine}.")
    if engine == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    args, env = _pg_env()
    connection.close()
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
          "--exit-on-error", *args, "--dbname", connection.settings_dict["NAME"], str(dump)], env)


def backup_restore(path: Path) -> dict:
    """Replace the database and the uploaded files with the archive's."""
    media = Path(settings.MEDIA_ROOT)
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with-block below
    except (OSError, tarfile.TarError):
        raise BackupError(f"Không đọc được tệp sao lưu «{path}».") from None
    with archive, tempfile.TemporaryDirectory(dir=media.parent if media.parent.exists() else None) as tmp:
        manifest = _read_manifest(archive)
        try:
            # The "data" filter refuses absolute paths, "..", links out of the folder and device files.
            archive.extractall(tmp, filter="data")
        except (tarfile.TarError, OSError) as exc:
            raise BackupError(f"Tệp sao lưu bị hỏng: {exc}") from None
        _restore_database(manifest, Path(tmp) / manifest["database"])
        restored = Path(tmp) / "files"
        restored.mkdir(exist_ok=True)
        old = media.with_name(media.name + ".before-restore")
        if media.exists():
            shutil.rmtree(old, ignore_errors=True)
            media.rename(old)
        shutil.move(restored, media)
        shutil.rmtree(old, ignore_errors=True)
    return manifest
