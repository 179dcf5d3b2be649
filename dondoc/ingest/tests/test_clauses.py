from hypothesis import given, settings
from hypothesis import strategies as st

from dondoc.ingest.clauses import split_clauses, split_sentences

DOC = """KẾ HOẠCH
I. MỤC ĐÍCH
1. Mục đích
II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ có trách nhiệm:
a) Chủ trì xây dựng quy chế.
b) Phối hợp với Sở Tài chính.
- Gạch đầu dòng thuộc b.
2. Sở Y tế
Đoạn không số.
Điều 3. Thi hành
2.1. Nhãn tuyệt đối.
PHỤ LỤC
1. | Việc một | Ban A
"""


def test_refs():
    refs = [(c.kind, c.ref) for c in split_clauses(DOC)]
    assert ("roman", "I") in refs
    assert ("num", "II.1") in refs
    assert ("letter", "II.1.a") in refs
    assert ("bullet", "II.1.b") in refs
    assert (None, "II.2") in refs
    assert ("article", "3") in refs
    assert ("row", "PL.1") in refs


def test_absolute_numeric_labels():
    refs = [c.ref for c in split_clauses("2. Nhiệm vụ\n2.1. Việc một\nĐoạn tiếp.\n2.2. Việc hai\n3. Khác\n")]
    assert refs == ["2", "2.1", "2.1", "2.2", "3"]


def test_part_letters_and_roman():
    refs = [c.ref for c in split_clauses("A. MỤC ĐÍCH\nB. NỘI DUNG\nI. CÔNG TÁC\n1. Nội dung\nC. KHÁC\n")]
    assert refs == ["A", "B", "B.I", "B.I.1", "C"]


def test_sentences():
    text = "Ông. Nguyễn Văn A làm việc. Sở Y tế chủ trì; phối hợp. Bộ Tài chính bố trí kinh phí."
    parts = [s for _, _, s in split_sentences(text)]
    assert parts == ["Ông. Nguyễn Văn A làm việc.", "Sở Y tế chủ trì; phối hợp.", "Bộ Tài chính bố trí kinh phí."]


@settings(max_examples=200)
@given(st.lists(st.sampled_from(list("abcĐđ IVX12.)-:;\n|aủ") + ["1. ", "a) ", "- ", "II. ", "Điều 2. ", " | "]),
                max_size=120).map("".join))
def test_clause_split_keeps_text(text):
    clauses = split_clauses(text)
    last = -1
    for c in clauses:
        assert 0 <= c.start <= c.end <= len(text)
        assert c.start >= last
        assert text[c.start:c.end] == c.text
        last = c.end
    kept = "".join(c.text for c in clauses)
    assert "".join(text.split()) == "".join(kept.split())


@settings(max_examples=200)
@given(st.text(max_size=300))
def test_sentence_split_keeps_text(text):
    parts = split_sentences(text, 5)
    last = 5
    for start, end, piece in parts:
        assert last <= start <= end <= len(text) + 5
        assert text[start - 5:end - 5] == piece
        last = end
    assert "".join(text.split()) == "".join("".join(p for _, _, p in parts).split())
