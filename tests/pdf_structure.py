"""The tag tree of a PDF as plain data (pypdf), for tests that check what a screen reader gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject


@dataclass
class Element:
    """One structure element: its type, attributes, ID, alternate texts and the text of its marked content."""

    kind: str
    attributes: dict = field(default_factory=dict)
    identifier: str | None = None
    alt: str | None = None
    kids: list[Element] = field(default_factory=list)
    annotations: list[DictionaryObject] = field(default_factory=list)
    marked: int = 0  # pieces of marked content (page text or drawing) directly in this element

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()


def structure(pdf: Path) -> tuple[DictionaryObject, Element]:
    """The catalog and the root of the structure tree (a Document-like element holding the top elements)."""
    reader = PdfReader(str(pdf))
    catalog = reader.trailer["/Root"].get_object()
    tree = catalog["/StructTreeRoot"].get_object()
    root = Element("StructTreeRoot")
    root.kids = _kids(tree.get("/K"))
    return catalog, root


def _kids(value: Any) -> list[Element]:
    value = value.get_object() if hasattr(value, "get_object") else value
    if value is None or isinstance(value, int):
        return []
    items = value if isinstance(value, ArrayObject | list) else [value]
    out: list[Element] = []
    for item in items:
        item = item.get_object() if hasattr(item, "get_object") else item
        if not isinstance(item, DictionaryObject):
            continue
        if item.get("/Type") in ("/OBJR", "/MCR") or "/S" not in item:
            continue
        attributes = item.get("/A")
        attributes = attributes.get_object() if hasattr(attributes, "get_object") else attributes
        merged: dict = {}
        for attribute in attributes if isinstance(attributes, ArrayObject | list) else [attributes] if attributes else []:
            merged.update({str(k): v for k, v in attribute.get_object().items()})
        element = Element(
            kind=str(item["/S"])[1:],
            attributes=merged,
            identifier=str(item["/ID"]) if "/ID" in item else None,
            alt=str(item["/Alt"]) if "/Alt" in item else None,
            kids=_kids(item.get("/K")),
            annotations=_objr(item.get("/K")),
            marked=_marked(item.get("/K")),
        )
        out.append(element)
    return out


def _objr(value: Any) -> list[DictionaryObject]:
    value = value.get_object() if hasattr(value, "get_object") else value
    items = value if isinstance(value, ArrayObject | list) else [value] if value is not None else []
    found = []
    for item in items:
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, DictionaryObject) and item.get("/Type") == "/OBJR":
            found.append(item["/Obj"].get_object())
    return found


def _marked(value: Any) -> int:
    value = value.get_object() if hasattr(value, "get_object") else value
    items = value if isinstance(value, ArrayObject | list) else [value] if value is not None else []
    return sum(1 for item in items if isinstance(item, int) or (hasattr(item, "get") and item.get("/Type") == "/MCR"))


def headings(root: Element) -> list[int]:
    """The levels of the H1..H6 elements in reading order."""
    return [int(e.kind[1]) for e in root.walk() if len(e.kind) == 2 and e.kind[0] == "H" and e.kind[1].isdigit()]
