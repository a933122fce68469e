"""Template helpers for the public pages: names that respect privacy, JSON-LD, dates."""

import functools
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from archive.dates import describe
from archive.text import language_name, name_key

register = template.Library()

# The characters that could end a <script> element or open a comment inside it, as JSON
# escapes: the same treatment as Django's json_script.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`data` as a schema.org JSON-LD block. A script element of a non-JavaScript type is a
    data block: browsers never run it, so the CSP's script-src does not apply to it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def entity_ref(role):
    """A role's person, organisation or place, linked, with the name as written when it
    differs. A private person is neither named nor linked, not even as written."""
    if not role.is_public:
        return format_html('<span class="private">{}</span>', _("a private individual"))
    entity = role.entity
    link = format_html('<a href="{}">{}</a>', entity.get_absolute_url(), entity.name)
    if role.name_as_written and name_key(role.name_as_written) != entity.name_key:
        link = format_html('{} <span class="as-written">({} “{}”)</span>', link, _("written as"), role.name_as_written)
    if role.note:
        link = format_html('{} <span class="note">— {}</span>', link, role.note)
    return link


@functools.lru_cache(maxsize=4096)
def _describe(value: str, language: str) -> str:
    return describe(value)


def date_meaning(value: str) -> str:
    """`archive.dates.describe`, remembered: parsing EDTF costs tens of milliseconds, and a
    page lists many documents with the same few dates."""
    return _describe(value or "", get_language() or "")


@register.filter
def edtf_meaning(value):
    return date_meaning(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.filter(name="language_name")
def language_name_filter(code):
    return language_name(code or "")


@register.filter
def any_checked(options):
    """True when one of a facet's (bucket, checked) options is chosen."""
    return any(checked for _bucket, checked in options)

