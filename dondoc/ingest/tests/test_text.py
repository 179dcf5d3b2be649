from dondoc.lib.text import fold


def test_fold_drops_marks_and_d():
    assert fold("Đoàn  Chủ tịch") == "doan chu tich"
    assert fold("LIÊN ĐOÀN LAO ĐỘNG") == "lien doan lao dong"


def test_fold_nfd_input_equals_nfc():
    import unicodedata

    s = "Ủy ban nhân dân tỉnh"
    assert fold(unicodedata.normalize("NFD", s)) == fold(s)
