"""Parses an SVG file with Python's own XML parser and prints, as JSON, what the
tests check: the points of the calibration chart (class "point": cx, cy and
their data-count), the count labels, the diagonal, the title, how many script
elements there are and every reference to something outside the file.

Exits 1 (with the parser's message) when the file is not well-formed XML or
its root is not an <svg> element in the SVG namespace."""

import json
import re
import sys
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def main(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        print(f"not well-formed XML: {e}", file=sys.stderr)
        return 1
    if root.tag != SVG + "svg":
        print(f"the root is {root.tag}, not an SVG element", file=sys.stderr)
        return 1
    points = [
        {
            "cx": float(c.get("cx")),
            "cy": float(c.get("cy")),
            "count": int(c.get("data-count")),
        }
        for c in root.iter(SVG + "circle")
        if c.get("class") == "point"
    ]
    labels = [t.text for t in root.iter(SVG + "text") if t.get("class") == "count"]
    diagonal = [
        [float(l.get(k)) for k in ("x1", "y1", "x2", "y2")]
        for l in root.iter(SVG + "line")
        if l.get("class") == "diagonal"
    ]
    title = root.find(SVG + "title")
    external = []
    for e in root.iter():
        for k, v in e.attrib.items():
            if k.endswith("href") or re.search(r"url\(", v):
                external.append(f"{e.tag} {k}={v}")
        if e.tag in (SVG + "image", SVG + "use", SVG + "foreignObject", SVG + "style"):
            external.append(e.tag)
    print(
        json.dumps(
            {
                "points": points,
                "labels": labels,
                "diagonal": diagonal[0] if len(diagonal) == 1 else diagonal,
                "title": title.text if title is not None else None,
                "scripts": sum(1 for _ in root.iter(SVG + "script")),
                "external": external,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
