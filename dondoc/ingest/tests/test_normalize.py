from hypothesis import given, settings
from hypothesis import strategies as st

from dondoc.ingest.normalize import normalize_text

PIECES = list("abcĐđ IVX12.)-:;\n|aủA*#&<>") + ["**", "### ", "<br>", "&nbsp;", "&amp;lt;", "1. ", "- ", " | ",
                                                 "\n\n", "các", "và", "\u0301", "|---|"]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(PIECES), max_size=80).map("".join))
def test_idempotent(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_markdown_table_and_heading():
    md = "#### **1. Về nhiệm vụ**\n\n| TT | Nội dung |\n| --- | --- |\n| 1. | *Rà soát* |\n"
    assert normalize_text(md) == "1. Về nhiệm vụ\n\nTT | Nội dung\n1. | Rà soát\n"


def test_page_number_and_page_break_joined():
    text = "Các đơn vị còn chưa có hoạt động\n\n- 2 -\n\n\ntriển khai cụ thể.\n"
    assert normalize_text(text) == "Các đơn vị còn chưa có hoạt động triển khai cụ thể.\n"
