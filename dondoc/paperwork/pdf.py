"""DOCX → PDF with LibreOffice headless. Runs in the worker or a command, never in a web request."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 180


class PdfError(RuntimeError):
    pass


def _profile_dir() -> Path:
    # Two soffice processes on one profile fail silently: one profile per worker process.
    return Path(tempfile.gettempdir()) / f"dondoc-lo-{os.getuid()}-{os.getpid()}"


def docx_to_pdf(data: bytes) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise PdfError("Máy chủ chưa cài LibreOffice (soffice): không tạo được PDF.")
    with tempfile.TemporaryDirectory(prefix="dondoc-pdf-") as tmp:
        source = Path(tmp) / "van-ban.docx"
        source.write_bytes(data)
        try:
            run = subprocess.run(
                [soffice, f"-env:UserInstallation={_profile_dir().as_uri()}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", tmp, str(source)],
                capture_output=True, timeout=TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError("LibreOffice không chuyển xong văn bản sang PDF trong thời gian cho phép.") from None
        target = source.with_suffix(".pdf")
        # soffice exits 0 even when the conversion failed: the output file is the only proof.
        if not target.exists() or target.stat().st_size == 0:
            detail = (run.stderr or run.stdout).decode(errors="replace").strip()[-300:]
            raise PdfError(f"LibreOffice không tạo được PDF. {detail}".strip())
        return target.read_bytes()
