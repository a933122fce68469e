"""Building the XML answers with the standard library, keeping text XML-safe."""

import re
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

for prefix, uri in {
    "": OAI_NS, "xsi": XSI_NS, "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/", "oai-identifier": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}.items():
    ET.register_namespace(prefix, uri)

# Characters XML 1.0 cannot carry at all, even escaped; a saved web page may contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text) -> str:
    return _NOT_XML.sub("", str(text))


def clean_attributes(attributes: dict) -> dict:
    """Attribute values XML can carry: the request's arguments are echoed as attributes."""
    return {name: clean(value) for name, value in attributes.items()}


def sub(parent, tag, attrib=None, text=None):
    element = ET.SubElement(parent, tag if tag.startswith("{") else f"{{{OAI_NS}}}{tag}",
                            clean_attributes(attrib) if attrib else {})
    if text is not None:
        element.text = clean(text)
    return element


def to_bytes(root) -> bytes:
    """A tree without markup written as text (an error answer) as the bytes of an answer."""
    return Markup().to_bytes(root)


def text(value) -> str:
    """`value` as XML character data, for markup written as text (`Markup`)."""
    return escape(clean(value))


class Markup:
    """Parts of an answer written as text rather than as elements: a page of a hundred
    records is two thousand elements, which took longer to build and serialize one by one
    than everything else the answer needs. Each part is marked in the tree by a comment
    and put in its place when the tree is serialized; no text of the tree can make that
    comment, since element text and attributes are escaped. Markup written here declares
    the namespaces it uses, but the tree's own (the default one, OAI-PMH's, and `xsi`)."""

    PLACE = "archive:markup"

    def __init__(self):
        self.parts: list[str] = []

    def put(self, parent, markup: str) -> None:
        parent.append(ET.Comment(self.PLACE))
        self.parts.append(markup)

    def to_bytes(self, root) -> bytes:
        pieces = ET.tostring(root, encoding="unicode").split(f"<!--{self.PLACE}-->")
        if len(pieces) != len(self.parts) + 1:
            raise ValueError("the tree's markers and the markup written do not match")
        written = [pieces[0]]
        for part, piece in zip(self.parts, pieces[1:], strict=True):
            written += [part, piece]
        return ("<?xml version='1.0' encoding='UTF-8'?>\n" + "".join(written)).encode("utf-8")
