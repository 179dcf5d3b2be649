from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dondoc.ingest.extraction import extract
from dondoc.ingest.reading import ReadError, read_document

from .fixtures import NOTICE, make_docx, make_pdf

DOCX = make_docx(NOTICE.splitlines(), [["TT", "Nội dung", "Chủ trì", "Thời gian"], ["1", "Việc", "Ban A", "Quý I/2025"]])
PDF = make_pdf(["Giao Ban To chuc thuc hien truoc ngay 30/11/2024.", "Noi nhan: Luu VT."])


def _read(data, name):
    try:
        read_document(data, name)
    except ReadError as exc:
        assert exc.message


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.md", "a.docx", "a.pdf", "a", "a.xyz"]))
def test_random_bytes(data, name):
    _read(data, name)


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from([DOCX, PDF, NOTICE.encode()]), st.integers(0, 100000), st.integers(0, 255))
def test_truncated_and_flipped_documents(base, cut, byte):
    cut = cut % (len(base) + 1)
    _read(base[:cut], "doc.docx")
    _read(base[:cut], "doc.pdf")
    if base:
        pos = cut % len(base)
        _read(base[:pos] + bytes([byte]) + base[pos + 1:], "doc.docx" if base is DOCX else "doc.pdf")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=1500))
def test_extract_never_raises(text):
    out = extract(text)
    assert set(out) == {"document", "references", "tasks", "distribution"}


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(NOTICE)), st.text(max_size=40))
def test_extract_on_mangled_notice(cut, junk):
    out = extract(NOTICE[:cut] + junk + NOTICE[cut:])
    for t in out["tasks"]:
        assert t["span"][0] <= t["span"][1]
