"""Building the XML answers with the standard library, keeping text XML-safe."""

import re
import xml.etree.ElementTree as ET

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
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)
