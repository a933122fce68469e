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


def language_name(code: str) -> str:
    """A BCP 47 code's English name ("en" → "English", "fa-IR" → "Persian"), or the code itself
    when Django does not know it: what facets and document pages show readers."""
    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0].lower()) or {}
    return info.get("name", code)

