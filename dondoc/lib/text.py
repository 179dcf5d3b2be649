"""Small text helpers shared by the extractor and the Django core."""

import unicodedata

__all__ = ["fold", "nfc"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Diacritic-insensitive key: NFD, drop combining marks, đ→d, casefold, collapse spaces."""
    text = unicodedata.normalize("NFD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("đ", "d").replace("Đ", "D")
    return " ".join(text.casefold().split())
