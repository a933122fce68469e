"""Folding names and text so that spellings a reader would call "the same" compare equal.

The same folding serves alias uniqueness, name look-up, mention detection and search, so
that "Al-Maliki", "al-Maliki" and "AL MALIKI" are one key everywhere. Also the one reading of a
language code as the name readers see.
"""

import re
import unicodedata

from django.conf.locale import LANG_INFO

# Arabic-script letters that Persian and Arabic keyboards write differently for the same
# letter (Arabic yeh/kaf vs Persian yeh/keheh, alef variants, teh marbuta), folded to one.
_ARABIC_SCRIPT_FOLD = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی Persian yeh
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک keheh
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0622": "\u0627",  # آ -> ا
        "\u0629": "\u0647",  # ة -> ه
        "\u200c": " ",  # ZWNJ separates parts of a Persian word; treat as a space
        "\u200d": "",  # ZWJ
        "\u0640": "",  # tatweel (kashida), a stretching mark only
    }
)

_PUNCTUATION_AS_SPACE = re.compile(r"[\s\-‐‑–—_.,;:!?'’‘\"“”«»()\[\]{}/\\|]+")


def fold(text: str) -> str:
    """Case-, diacritic- and script-variant-insensitive form of a text, spaces kept."""
    text = unicodedata.normalize("NFKC", text or "").translate(_ARABIC_SCRIPT_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def name_key(name: str) -> str:
    """The comparison key of a name: folded, punctuation and hyphens as single spaces.

    "Al-Maliki" and "al Maliki" share the key "al maliki"; "Mojahedin-e Khalq" becomes
    "mojahedin e khalq".
    """
    return _PUNCTUATION_AS_SPACE.sub(" ", fold(name)).strip()


# C0 and C1 control characters and DEL, except tab, line feed and carriage return (forms
# send CRLF). They have no meaning in a record's text, XML 1.0 cannot carry most of them
# (one in a published title broke the Atom feed for everyone), and a terminal or a
# spreadsheet may act on them.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def contains_control_characters(text: str) -> bool:
    return bool(_CONTROL_CHARACTERS.search(text or ""))


def strip_control_characters(text: str) -> str:
    """The text without control characters (tab and line breaks kept): for text from outside."""
    return _CONTROL_CHARACTERS.sub("", text or "")


def validate_no_control_characters(value: str) -> None:
    """Model validation of free text: refuse, naming the first control character and where it is."""
    from django.core.exceptions import ValidationError

    found = _CONTROL_CHARACTERS.search(value or "")
    if found:
        raise ValidationError(
            "Contains the control character U+%(code)04X at position %(position)d; remove it.",
            code="control_character",
            params={"code": ord(found.group()), "position": found.start() + 1},
        )


def language_name(code: str) -> str:
    """A BCP 47 code's English name ("en" → "English", "fa-IR" → "Persian"), or the code itself
    when Django does not know it: what facets and document pages show readers."""
    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0].lower()) or {}
    return info.get("name", code)
