"""Checks Plugin.Facade/Signatures.md against Paint.NET's API reference, page by page.

usage: python3 tools/paintdotnet/check_signatures.py APIDOCS_CLONE [Plugin.Facade/Signatures.md]
  APIDOCS_CLONE  a clone of https://github.com/paintdotnet/apidocs (its docs/api/*.html are read)

Each table row names a page; the row's declaration must be one of the declarations printed on that
page (attributes such as [Browsable(false)] aside). Type rows are checked loosely: the reference lists
every interface, the table only those the facade declares, so the row's kind, name, base types and
constraints must appear in the page's declaration. Prints every row that does not match and exits 1
if any does not. Not run in CI (the reference is not part of this repository); run it after changing
the facade or when Paint.NET publishes a new reference.
"""

import html
import os
import re
import sys


def declarations(docs, page):
    path = os.path.join(docs, "docs", "api", page)
    if not os.path.exists(path):
        return None
    text = open(path, encoding="utf-8").read()
    found = []
    for match in re.finditer(r'<pre><code class="lang-csharp hljs">(.*?)</code></pre>', text, re.S):
        plain = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip().replace("\n", " ")
        found.append(re.sub(r"^(\[[^\]]*\]\s*)+", "", plain))
    return found


def enum_values(docs, page):
    text = open(os.path.join(docs, "docs", "api", page), encoding="utf-8").read()
    return {html.unescape(v) for v in re.findall(r'<dt id="[^"]+"><code>(.*?)</code></dt>', text)}


def matches(row, page_declarations):
    declaration = row.split(": ", 1)[1]
    declaration = re.sub(r"\s*\{ [^}]*=[^}]* \}$", "", declaration)  # an enum row's values are checked apart
    declaration = re.sub(r"^\[Obsolete[^\]]*\]\s*", "", declaration)
    if declaration in page_declarations:
        return True
    # A type row: kind and name, then each base, then the constraints, in the page's declaration.
    plain = re.sub(r"^(\[[^\]]*\]\s*)+", "", declaration)
    head = plain.split(" : ")[0].split(" where ")[0].split(" {")[0]
    for candidate in page_declarations:
        if not candidate.startswith(head):
            continue
        bases = plain.split(" : ", 1)[1].split(" where ")[0] if " : " in plain else ""
        names = [b.strip().split("<")[0] for b in re.split(r",\s*(?![^<]*>)", bases) if b.strip()]
        constraints = plain[plain.index(" where "):] if " where " in plain else ""
        if all(n in candidate for n in names) and constraints in candidate:
            return True
    return False


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    docs = sys.argv[1]
    table = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "Plugin.Facade", "Signatures.md")
    rows = 0
    bad = []
    for line in open(table, encoding="utf-8"):
        cells = re.match(r"^\| `(.*?)` \| (.*) \|$", line.rstrip())
        if not cells:
            continue
        rows += 1
        row, where = cells.groups()
        page = re.search(r"`([^`]+\.html)`", where)
        if not page:
            bad.append((row, "no page named (" + where + ")"))
            continue
        found = declarations(docs, page.group(1))
        if found is None:
            bad.append((row, "page missing: " + page.group(1)))
        elif not matches(row, found):
            bad.append((row, "differs from " + page.group(1) + ": " + " | ".join(found)))
        elif values := re.search(r"\{ ([^}]*=[^}]*) \}$", row):
            # The facade may leave members out of an enum, never change a value or invent one.
            ours = {v.strip() for v in values.group(1).split(",")}
            missing = ours - enum_values(docs, page.group(1))
            if missing:
                bad.append((row, "enum values not in " + page.group(1) + ": " + ", ".join(sorted(missing))))
    for row, why in bad:
        print(f"{row}\n    {why}")
    print(f"{rows} rows, {len(bad)} not matching the reference")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
