"""metadata.txt's ``changelog=`` field, generated from CHANGELOG.md (Keep a Changelog).

    python3 -m scripts.changelog --write   # rewrite the field in metadata.txt (make changelog)
    python3 -m scripts.changelog --check   # exit 1 if the field is out of date (make package)

CHANGELOG.md is the single source of the release notes; metadata.txt stays the single source
of everything else. The field lists the released versions, newest first, as QGIS's plugin
manager shows them (plain text, indented continuation lines).
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHANGELOG = os.path.join(ROOT, "CHANGELOG.md")
METADATA = os.path.join(ROOT, "metadata.txt")
RELEASE = re.compile(r"^## \[?(\d+\.\d+\.\d+[^\]\s]*)\]? - (\d{4}-\d{2}-\d{2})\s*$")
INDENT = "    "


def releases(text):
    """[(version, date, [lines])] of the dated releases in a Keep-a-Changelog text."""
    found, current = [], None
    for line in text.splitlines():
        match = RELEASE.match(line)
        if match:
            current = (match.group(1), match.group(2), [])
            found.append(current)
        elif line.startswith("## "):
            current = None  # [Unreleased] and anything undated
        elif current is not None:
            current[2].append(line.rstrip())
    return found


def render(text):
    """The field's value: one block per release, list items unwrapped onto one line."""
    out = []
    for version, date, lines in releases(text):
        out.append(f"{version} ({date})")
        for line in lines:
            if line.startswith("### "):
                out.append(line[4:].strip() + ":")
            elif line.startswith(("- ", "* ")):
                out.append("- " + line[2:].strip())
            elif line.strip() and out and out[-1].startswith("- "):
                out[-1] += " " + line.strip()
    return "\n".join(out).replace("%", "%%")  # QGIS reads metadata with interpolation


def field(text):
    """The ``changelog=`` lines, continuation lines indented for configparser."""
    value = render(text).split("\n")
    return "changelog=" + value[0] + "".join("\n" + INDENT + v for v in value[1:]) + "\n"


def replace_field(metadata, new_field):
    """``metadata`` with its changelog entry (and its continuation lines) replaced."""
    lines = metadata.splitlines(keepends=True)
    out, skipping, done = [], False, False
    for line in lines:
        if skipping and (line.startswith((" ", "\t")) or not line.strip()):
            continue
        skipping = False
        if line.startswith("changelog=") or line.startswith("changelog ="):
            out.append(new_field)
            skipping, done = True, True
            continue
        out.append(line)
    if not done:
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        out.append(new_field)
    return "".join(out)


def expected_metadata():
    with open(CHANGELOG, encoding="utf-8") as fh:
        changelog = fh.read()
    with open(METADATA, encoding="utf-8") as fh:
        metadata = fh.read()
    return metadata, replace_field(metadata, field(changelog))


def main(argv):
    current, expected = expected_metadata()
    if "--write" in argv:
        if current != expected:
            with open(METADATA, "w", encoding="utf-8") as fh:
                fh.write(expected)
        return 0
    if current != expected:
        print("metadata.txt's changelog= differs from CHANGELOG.md: run 'make changelog'",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
