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


_NOT_WORD = re.compile(r"[^0-9a-z]+")


def search_words(query: str | None) -> list[str]:
    """The words of a search box entry, folded and split the way PostgreSQL's "simple" text search
    splits the stored text (letters and digits only), so both databases agree on what a word is."""
    return [word for word in _NOT_WORD.split(fold(query)) if word]


def search_text_of(text: str | None) -> str:
    """What a search column stores: the folded words, separated by single spaces."""
    return " ".join(search_words(text))


# A last word this short is taken as the start of a word; a longer one must be a whole word.
# Prefix matches cost PostgreSQL a recheck of every row the prefix allows (4x slower on
# "nguyen van hung" over 11 million people), so they are kept for what users type in progress.
PREFIX_BELOW = 4


def last_word_is_prefix(words: list[str]) -> bool:
    return len(words) == 1 or len(words[-1]) < PREFIX_BELOW


# Vietnamese alphabetical order: letters with a breve, circumflex or horn, and đ, are letters of
# their own; tones (grave, acute, hook, tilde, dot below) only break ties.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0301": 2, "\u0303": 3, "\u0309": 4, "\u0323": 5}


def vietnamese_sort_key(text: str) -> tuple:
    """A key that sorts like PostgreSQL's vi-x-icu collation ("Dương" before "Đặng", "Ánh" with "Anh"),
    for SQLite, which has no ICU."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", (text or "").lower()):
        if char in _TONES:
            tones[-1:] = [_TONES[char]]
        elif unicodedata.combining(char) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
        else:
            letters.append(char)
            tones.append(0)
    primary = tuple(_letter_rank(ch) for ch in letters)
    return primary, tuple(tones)


def _letter_rank(char: str) -> int:
    # As ICU: spaces and punctuation first, then digits, then the alphabet, then anything else.
    if char in _ALPHABET:
        return _ALPHABET.index(char)
    if char.isdigit():
        return -10 + int(char) if char.isascii() else -10
    if not char.isalnum():
        return -100
    return 100 + ord(char)



def match_key(text) -> str:
    """How an Excel import compares catalogue values: folded, with spaces and punctuation gone, so
    "H'Mông", "Hmông" and "h mong", or "CĐCS" and "cđ cs", are the same value."""
    return "".join(search_words(str(text) if text is not None else ""))
