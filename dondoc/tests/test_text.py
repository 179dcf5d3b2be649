from dondoc.lib.text import document_number_key, fold


def test_fold_drops_marks_and_folds_d_with_stroke():
    assert fold("Công đoàn Đà Nẵng") == "cong doan da nang"
    assert fold("  LIÊN   ĐOÀN ") == "lien doan"


def test_fold_treats_decomposed_text_like_composed():
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Tuyên giáo")) == fold("Tuyên giáo")


def test_document_numbers_match_across_written_variants():
    assert document_number_key("02/Ctr-BCH") == document_number_key("02/CTr-BCH")
    assert document_number_key("462/TB-TLD") == document_number_key("462/TB-TLĐ")
    assert document_number_key("1906 /SGDĐT-CTTTT") == document_number_key("1906/SGDĐT-CTTTT")
    assert document_number_key("02-NQ/TW") != document_number_key("02/NQ-TW")
