"""Vietnamese text helpers: NFC normalisation and diacritic folding for search and matching."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case without diacritics, đ folded to d ("Công đoàn Đà Nẵng" -> "cong doan da nang").

    đ is a letter of its own, not a letter with a mark, so no Unicode decomposition removes it.
    """
    decomposed = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()


_NUMBER_SPACES = re.compile(r"\s+")


def document_number_key(number: str) -> str:
    """The comparable form of a document number: variants such as Ctr/CTr and TLD/TLĐ agree.

    "02/Ctr-BCH" and "02/CTr-BCH" give the same key; so do "462/TB-TLD" and "462/TB-TLĐ".
    """
    return _NUMBER_SPACES.sub("", fold(number)).replace("–", "-").replace("—", "-")
