"""Shared argument handling of `dondoc report` and `dondoc urge`."""

from pathlib import Path

from django.core.management.base import CommandError

from dondoc.directives.services import ServiceError, document_find
from dondoc.lib.calendar import parse_user_date

from . import services
from .pdf import PdfError, docx_to_pdf


def add_arguments(parser) -> None:
    parser.add_argument("program", help="Số, ký hiệu chương trình, ví dụ 02/CTr-BCH")
    parser.add_argument("--as-of", required=True, help="Số liệu tính đến ngày: dd/mm/yyyy hoặc yyyy-mm-dd")
    parser.add_argument("--out", required=True, help="Tệp kết quả .docx hoặc .pdf")
    parser.add_argument("--issue", action="store_true",
                        help="Cấp số, lưu văn bản đã phát hành (mặc định: bản dự thảo không số)")
    parser.add_argument("--date", help="Ngày ban hành khi --issue (mặc định: hôm nay)")
    parser.add_argument("--known-on", help="Số liệu như đã biết vào cuối ngày này (dd/mm/yyyy)")
    parser.add_argument("--unit", help="Mã đơn vị phát hành văn bản về chương trình của mình "
                                       "(mặc định: Tổng Liên đoàn)")


def parse(options: dict):
    try:
        day = parse_user_date(options["as_of"])
        issued_on = parse_user_date(options["date"]) if options.get("date") else None
        options["known_on"] = parse_user_date(options["known_on"]) if options.get("known_on") else None
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    options["issuer_unit"] = None
    if options.get("unit"):
        from dondoc.units.models import Unit

        options["issuer_unit"] = Unit.objects.filter(code=options["unit"]).first()
        if options["issuer_unit"] is None:
            raise CommandError(f"Không có đơn vị mã {options['unit']}.")
    program = document_find(options["program"])
    if program is None:
        raise CommandError(f"Không tìm thấy văn bản số {options['program']}.")
    out = Path(options["out"])
    if out.suffix.lower() not in (".docx", ".pdf"):
        raise CommandError("Tệp kết quả phải có đuôi .docx hoặc .pdf.")
    if not out.parent.is_dir():
        raise CommandError(f"Thư mục {out.parent} không tồn tại.")
    return program, day, issued_on, out


def write(command, out: Path, *, draft: bytes | None = None, paper=None) -> None:
    """Write the DOCX, or convert it here (a command is not a web request, so it may wait for LibreOffice)."""
    try:
        if paper is not None:
            with paper.docx.open("rb") as handle:
                data = handle.read()
            if out.suffix.lower() == ".pdf":
                paper = services.paper_pdf_render(paper=paper)
                if not paper.pdf:
                    raise CommandError(paper.pdf_error)
                with paper.pdf.open("rb") as handle:
                    data = handle.read()
        else:
            data = draft if out.suffix.lower() == ".docx" else docx_to_pdf(draft)
    except (PdfError, ServiceError) as exc:
        raise CommandError(str(exc)) from None
    out.write_bytes(data)
    label = f"Đã phát hành văn bản số {paper.number}" if paper is not None else "Đã tạo bản dự thảo"
    command.stdout.write(f"{label}: {out} ({len(data):,} byte)".replace(",", "."))
