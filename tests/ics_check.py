#!/usr/bin/env python3
"""Checks an .ics file with an independent parser (the `icalendar` package).

Usage: python3 tests/ics_check.py FILE

Fails (exit 1, reason on stderr) when the file is not strict RFC 5545 framing
(CRLF line ends, physical lines of at most 75 octets, each whole UTF-8), when
a TEXT value is not escaped as §3.3.11 says (the parser itself is lenient), or
when icalendar records a parse error on any component.
Otherwise prints, as JSON, the calendar's properties and every VTODO's and VEVENT's fields,
decoded, for the calling test to assert on. Exit 2: icalendar is not installed.
"""

import json
import re
import sys

try:
    import icalendar
except ImportError:
    print("ics_check: the Python package `icalendar` is not installed", file=sys.stderr)
    sys.exit(2)


def fail(message):
    print(f"ics_check: {message}", file=sys.stderr)
    sys.exit(1)


def check_framing(data):
    if not data.endswith(b"\r\n"):
        fail("the file does not end with CRLF")
    for number, line in enumerate(data[:-2].split(b"\r\n"), start=1):
        if b"\n" in line or b"\r" in line:
            fail(f"line {number}: a bare CR or LF")
        if len(line) > 75:
            fail(f"line {number}: {len(line)} octets (more than 75)")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as e:
            fail(f"line {number}: not UTF-8 on its own (a character split by a fold?): {e}")


# RFC 5545 §3.3.11: TEXT is safe characters (":" and DQUOTE included) and the
# escapes \\ \; \, \n; a raw ";" "," or "\" or a control character (but tab) is
# not allowed. In a multi-valued TEXT property (CATEGORIES) "," separates values.
_UNIT = r"(?:[^\\;,\x00-\x08\x0a-\x1f\x7f]|\\[\\;,nN])*"
TEXT = re.compile(_UNIT)
TEXT_LIST = re.compile(rf"{_UNIT}(?:,{_UNIT})*")
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "PRODID", "X-WR-CALNAME", "COMMENT", "LOCATION"}
LIST_PROPERTIES = {"CATEGORIES"}


def check_text_escaping(data):
    """The parser is lenient about TEXT escaping; check it here, on unfolded lines."""
    unfolded = re.sub(rb"\r\n[ \t]", b"", data).decode("utf-8")
    for line in unfolded.split("\r\n")[:-1]:
        head, sep, value = line.partition(":")
        if not sep or '"' in head:
            fail(f"cannot split the content line {line!r}")
        name = head.split(";")[0].upper()
        if name in TEXT_PROPERTIES and not TEXT.fullmatch(value):
            fail(f"{name}: badly escaped TEXT {value!r}")
        if name in LIST_PROPERTIES and not TEXT_LIST.fullmatch(value):
            fail(f"{name}: badly escaped TEXT list {value!r}")


def text(component, name):
    value = component.get(name)
    return None if value is None else str(value)


def when(component, name):
    if component.get(name) is None:
        return None
    value = component.decoded(name)
    return {"type": type(value).__name__, "iso": value.isoformat()}


def categories(component):
    values = component.get("CATEGORIES")
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    return [str(c) for v in values for c in v.cats]


def todo(component):
    priority = component.get("PRIORITY")
    return {
        "uid": text(component, "UID"),
        "dtstamp": when(component, "DTSTAMP"),
        "due": when(component, "DUE"),
        "summary": text(component, "SUMMARY"),
        "description": text(component, "DESCRIPTION"),
        "categories": categories(component),
        "priority": None if priority is None else int(priority),
        "status": text(component, "STATUS"),
        "completed": when(component, "COMPLETED"),
        "url": text(component, "URL"),
    }


def event(component):
    return {
        "uid": text(component, "UID"),
        "dtstart": when(component, "DTSTART"),
        "dtend": when(component, "DTEND"),
        "summary": text(component, "SUMMARY"),
        "status": text(component, "STATUS"),
        "transp": text(component, "TRANSP"),
        "url": text(component, "URL"),
    }


def main():
    if len(sys.argv) != 2:
        fail("usage: ics_check.py FILE")
    with open(sys.argv[1], "rb") as f:
        data = f.read()
    check_framing(data)
    check_text_escaping(data)
    calendar = icalendar.Calendar.from_ical(data)
    for component in calendar.walk():
        if component.errors:
            fail(f"{component.name}: {component.errors}")
    result = {
        "calendar": {
            name: text(calendar, name)
            for name in ["VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME"]
        },
        "components": [c.name for c in calendar.subcomponents],
        "todos": [todo(c) for c in calendar.walk("VTODO")],
        "events": [event(c) for c in calendar.walk("VEVENT")],
    }
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()


main()
