import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dondoc.units.importing import ImportError_, import_units
from dondoc.units.models import Succession, Unit, UnitKind

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "core" / "data"
HEADER = "code,name,short_name,kind,parent\n"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return (header + "\n".join(rows) + "\n").encode()


def xlsx_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_2021_registry_imports_with_its_tree():
    result = import_units((DATA / "vgcl_units_2021.csv").read_bytes(), "vgcl_units_2021.csv")
    assert result.created == 103
    assert Unit.objects.filter(kind__in=[UnitKind.PROVINCIAL_FEDERATION]).count() == 63
    dct = Unit.objects.get(code="vgcl-ttdct")
    assert dct.path == "/vgcl/vgcl-bch/vgcl-dct/vgcl-ttdct/"
    assert Unit.objects.get(code="ldld-da-nang").province == "Đà Nẵng"
    assert Unit.objects.get(code="vgcl").kind == UnitKind.CENTRE  # "apparatus" in the file


def test_importing_again_updates_instead_of_duplicating():
    data = (DATA / "vgcl_units_2021.csv").read_bytes()
    import_units(data, "u.csv")
    result = import_units(data.replace("Liên đoàn Lao động tỉnh An Giang".encode(), "LĐLĐ An Giang (sửa)".encode()),
                          "u.csv")
    assert (result.created, result.updated) == (0, 103)
    assert Unit.objects.get(code="ldld-an-giang").name == "LĐLĐ An Giang (sửa)"


def test_excel_with_validity_and_successors():
    rows = [["code", "name", "short_name", "kind", "parent", "valid_from", "valid_to", "successors"],
            ["vgcl", "Tổng Liên đoàn", "TLĐ", "centre", "", "", "", ""],
            ["ldld-qn", "LĐLĐ tỉnh Quảng Nam", "", "provincial_federation", "vgcl", "", "30/06/2025", "ldld-dn2"],
            ["ldld-dn2", "LĐLĐ thành phố Đà Nẵng", "", "provincial_federation", "vgcl", "01/07/2025", "", ""]]
    result = import_units(xlsx_bytes(rows), "units.xlsx")
    assert (result.created, result.successions) == (3, 1)
    succession = Succession.objects.get()
    assert (succession.predecessor.code, succession.successor.code, succession.on.isoformat()) == (
        "ldld-qn", "ldld-dn2", "2025-07-01")


def test_children_listed_before_their_parent_are_fine():
    import_units(csv_bytes("child,Con,,grassroots,mid", "mid,Giữa,,upper_grassroots,top", "top,Trên,,centre,"),
                 "x.csv")
    assert Unit.objects.get(code="child").path == "/top/mid/child/"


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "x.csv", "Tệp rỗng"),
    (b"code,name\nx,Y\n", "x.csv", "Dòng 1: thiếu cột kind"),
    (csv_bytes("a,A,,centre,", "a,B,,centre,"), "x.csv", "Dòng 3: mã «a» trùng với dòng 2"),
    (csv_bytes("a,A,,planet,"), "x.csv", "Dòng 2: loại «planet» không hợp lệ"),
    (csv_bytes("a,A,,centre,nowhere"), "x.csv", "Dòng 2: đơn vị cấp trên «nowhere» không có"),
    (csv_bytes("a,,,centre,"), "x.csv", "Dòng 2: thiếu tên"),
    (csv_bytes("a b,A,,centre,"), "x.csv", "Dòng 2: mã «a b»"),
    (csv_bytes("a,A,,centre,b", "b,B,,centre,a"), "x.csv", "vòng lặp"),
    (csv_bytes("a,A,,centre,,31/02/2021", header="code,name,short_name,kind,parent,valid_from\n"), "x.csv",
     "Dòng 2: cột valid_from"),
    ("code,name,short_name,kind,parent\na,Đà Nẵng,,centre,\n".encode("utf-16"), "x.csv", "UTF-8"),
    (b"PK\x03\x04garbage", "x.xlsx", "hỏng"),
    (b"\x89PNG\r\n", "x.png", "Chỉ nhận tệp .csv hoặc .xlsx"),
])
def test_bad_files_are_refused_with_row_numbers_and_import_nothing(data, name, message):
    with pytest.raises(ImportError_) as caught:
        import_units(data, name)
    assert any(message in error for error in caught.value.errors), caught.value.errors
    assert not Unit.objects.exists()


def test_one_bad_row_among_good_ones_imports_nothing():
    with pytest.raises(ImportError_):
        import_units(csv_bytes("a,A,,centre,", "b,B,,department,a", "c,C,,nonsense,a"), "x.csv")
    assert not Unit.objects.exists()


def test_command_reports_errors_and_progress(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes("a,A,,centre,missing"))
    with pytest.raises(CommandError, match="chưa nhập dòng nào"):
        call_command("import-units", str(bad))
    good = tmp_path / "good.csv"
    good.write_bytes((DATA / "vgcl_units_2021.csv").read_bytes())
    call_command("import-units", str(good))
    out = capsys.readouterr()
    assert "103 đơn vị mới" in out.out
    assert "103/103" in out.err
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import-units", str(tmp_path / "none.csv"))
