"""Plain factory functions for tests (no magic): units, users, documents, tasks, submissions."""

import datetime as dt

from dondoc.accounts.models import User
from dondoc.directives import services as directives
from dondoc.directives.models import Fulfilment, GroupRule
from dondoc.lib import calendar as cal
from dondoc.units.models import Unit, UnitKind

PASSWORD = "a-long-test-password-1"


def unit(code: str, name: str, kind: str, parent: Unit | None = None, **extra) -> Unit:
    u = Unit(code=code, name=name, kind=kind, parent=parent, **extra)
    u.refresh_derived()
    u.save()
    return u


def registry() -> dict[str, Unit]:
    """The centre, two departments, three provincial federations, a sector union and grassroots units."""
    centre = unit("vgcl", "Tổng Liên đoàn Lao động Việt Nam", UnitKind.CENTRE, short_name="TLĐ")
    units = {
        "centre": centre,
        "tg": unit("vgcl-tg", "Ban Tuyên giáo Tổng Liên đoàn Lao động Việt Nam", UnitKind.DEPARTMENT, centre,
                   short_name="TG"),
        "toc": unit("vgcl-toc", "Ban Tổ chức Tổng Liên đoàn Lao động Việt Nam", UnitKind.DEPARTMENT, centre),
        "hanoi": unit("ldld-ha-noi", "Liên đoàn Lao động thành phố Hà Nội", UnitKind.PROVINCIAL_FEDERATION, centre,
                      short_name="LĐLĐ Hà Nội", province="Hà Nội"),
        "danang": unit("ldld-da-nang", "Liên đoàn Lao động thành phố Đà Nẵng", UnitKind.PROVINCIAL_FEDERATION,
                       centre, short_name="LĐLĐ Đà Nẵng", province="Đà Nẵng"),
        "quangnam": unit("ldld-quang-nam", "Liên đoàn Lao động tỉnh Quảng Nam", UnitKind.PROVINCIAL_FEDERATION,
                         centre, province="Quảng Nam"),
        "giaoduc": unit("cd-giao-duc", "Công đoàn Giáo dục Việt Nam", UnitKind.SECTOR_UNION, centre),
    }
    units["hanoi_upper"] = unit("hn-cd-kcn", "Công đoàn các Khu công nghiệp Hà Nội", UnitKind.UPPER_GRASSROOTS,
                                units["hanoi"])
    units["hanoi_grass"] = unit("hn-cdcs-1", "Công đoàn cơ sở Công ty A", UnitKind.GRASSROOTS, units["hanoi_upper"])
    return units


def user(username: str, *, role: str, unit: Unit | None) -> User:
    u = User(username=username, role=role, unit=unit, email=f"{username}@example.org")
    u.set_password(PASSWORD)
    u.save()
    return u


def document(number: str = "02/CTr-BCH", date: dt.date = dt.date(2021, 7, 20), **extra):
    extra.setdefault("title", "Chương trình hành động thực hiện Nghị quyết 02-NQ/TW")
    extra.setdefault("kind", "CTr")
    return directives.document_create(number=number, date=date, is_program=True, **extra)


def program(units: dict[str, Unit]) -> dict:
    """A program with a group duty on the direct units and a dated task for one department."""
    doc = document()
    plan = directives.task_create(document=doc, ref="1", title="Ban hành kế hoạch triển khai",
                                  lead_group=GroupRule.DIRECT_UNITS, fulfilment=Fulfilment.PLAN_ISSUED)
    dated = directives.task_create(document=doc, ref="2", title="Gửi kế hoạch tiến độ", lead_units=[units["tg"]],
                                   deadline_kind=cal.DATE, deadline_date=dt.date(2021, 11, 30),
                                   fulfilment=Fulfilment.PROGRESS_PLAN)
    return {"document": doc, "plan": plan, "dated": dated}


def pdf_bytes(text: str = "Ke hoach trien khai") -> bytes:
    """A small valid one-page PDF with a text layer."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def docx_bytes(*paragraphs: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    for text in paragraphs or ("Báo cáo",):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
