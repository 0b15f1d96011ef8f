#!/usr/bin/env python3
"""Renders a Markdown file with an independent CommonMark parser (markdown-it-py,
with the GitHub table and strikethrough extensions) and reports what became
markup, for the calling test to assert on.

Usage: python3 tests/md_check.py FILE

Prints, as JSON: `links` (every link's href), `images` (every image's src),
`html` (every raw HTML fragment, inline or block), `em` and `strike` (how many),
`strong` and `code` (the text of each). Exit 2: markdown-it-py is not installed.
"""

import json
import sys

try:
    from markdown_it import MarkdownIt
except ImportError:
    print("markdown-it-py is not installed: pip install markdown-it-py", file=sys.stderr)
    sys.exit(2)


def text_of(tokens, start):
    """The plain text from tokens[start] up to its matching close token."""
    depth, out = 0, []
    for tok in tokens[start:]:
        if tok.nesting == 1:
            depth += 1
        elif tok.nesting == -1:
            depth -= 1
            if depth == 0:
                break
        elif tok.type in ("text", "code_inline"):
            out.append(tok.content)
    return "".join(out)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        source = f.read()
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    found = {"links": [], "images": [], "html": [], "em": 0, "strike": 0, "strong": [], "code": []}
    for block in md.parse(source):
        if block.type == "html_block":
            found["html"].append(block.content)
        for i, tok in enumerate(block.children or []):
            kind = tok.type
            if kind == "link_open":
                found["links"].append(tok.attrGet("href"))
            elif kind == "image":
                found["images"].append(tok.attrGet("src"))
            elif kind == "html_inline":
                found["html"].append(tok.content)
            elif kind == "em_open":
                found["em"] += 1
            elif kind == "s_open":
                found["strike"] += 1
            elif kind == "strong_open":
                found["strong"].append(text_of(block.children, i))
            elif kind == "code_inline":
                found["code"].append(tok.content)
    json.dump(found, sys.stdout, ensure_ascii=False, indent=1)


main()
