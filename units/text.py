"""Text folding for accent-insensitive search, the same in Python, SQLite and PostgreSQL.

Search columns hold the folded text, so "dien bien phu" finds "Điện Biên Phủ" and "d" finds "đ"
without database extensions; see docs/decisions/0003-search-column.md.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lowercase, strip Vietnamese diacritics (đ → d) and collapse whitespace."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def search_terms(query: str | None) -> list[str]:
    """The folded words of a search box entry; every word must match."""
    return [term for term in fold(query).split(" ") if term]
