"""The plugin's modules import each other without circles, and along the allowed directions.

Read from the sources (ast), not by importing: every ``import``/``from ... import`` of every
module of flac_raster_qgis/ is an edge, including the ones inside functions. A lazy import
only defers a circle to the first call; two modules that need each other are one module in
two files, which is what these checks keep out. Not seen: names built at run time
(``importlib.import_module``: the FLAC binding modules, the Processing base's ``core("api")``),
which import leaves or the front door.

An edge goes to the module a statement needs: ``from pkg import mod`` to ``pkg.mod`` when that
is a module, else to ``pkg`` itself (its ``__init__``). A module's own parent packages are not
edges: Python runs them before the module in any case.
"""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = "flac_raster_qgis"



def modules():
    """{module name: (path, package it lives in)} for every .py of the plugin."""
    found = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
            package = ".".join(parts)
        else:
            package = ".".join(parts[:-1])
        found[".".join(parts)] = (path, package)
    return found


def resolve(package, level, module):
    parts = package.split(".")
    if level > 1:
        parts = parts[:len(parts) - (level - 1)]
    return ".".join(parts + ([module] if module else []))


def imports_of(path, package):
    """Every module name a file imports (ours or not), with the line of each."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = resolve(package, node.level, node.module) if node.level else node.module
            for alias in node.names:
                yield base, alias.name, node.lineno


def graph():
    """{module: {imported module of ours: first line}}"""
    mods = modules()
    edges = {}
    for name, (path, package) in mods.items():
        out = edges.setdefault(name, {})
        ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        for base, member, line in imports_of(path, package):
            target = f"{base}.{member}" if member and f"{base}.{member}" in mods else base
            while target not in mods and "." in target:
                target = target.rsplit(".", 1)[0]      # import a.b.c of a module a.b
            if target in mods and target != name and target not in ancestors:
                out.setdefault(target, line)
    return edges


def cycles(edges):
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    counter = [0]
    for start in edges:
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(frozenset(component))
            elif child not in index:
                index[child] = low[child] = counter[0]
                counter[0] += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(edges[child])))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def describe(component, edges):
    return "\n".join(f"  {a} -> {b} (line {edges[a][b]})"
                     for a in sorted(component) for b in sorted(edges[a]) if b in component)


def test_no_import_cycles():
    edges = graph()
    assert len(edges) > 80, "the walk found too few modules"
    unexpected = cycles(edges)
    assert not unexpected, "import cycles:\n" + "\n\n".join(
        describe(c, edges) for c in unexpected)


def test_cycle_finder_finds_a_circle():
    """The checker itself: a circle of three and a lone edge."""
    edges = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert cycles(edges) == [frozenset("abc")]


def test_processing_never_imports_gui():
    """qgis_process loads Processing without a desktop GUI: processing/ must not need gui/."""
    bad = [(a, b, line) for a, out in graph().items() if a.startswith(f"{PACKAGE}.processing")
           for b, line in out.items() if b.startswith(f"{PACKAGE}.gui")]
    assert bad == []


def test_core_imports_only_core_and_never_qgis():
    """core/ is the QGIS-free library: it imports neither qgis/PyQt nor the plugin around it."""
    bad = []
    for name, (path, package) in modules().items():
        if not (name == f"{PACKAGE}.core" or name.startswith(f"{PACKAGE}.core.")):
            continue
        for base, _member, line in imports_of(path, package):
            top = base.split(".")[0]
            if top in ("qgis", "PyQt5", "PyQt6", "sip") or (
                    top == PACKAGE and not (base == f"{PACKAGE}.core"
                                            or base.startswith(f"{PACKAGE}.core."))):
                bad.append(f"{name}:{line} imports {base}")
    assert bad == []


# Which rooms of core/ each room may import (besides the top modules of core/): one direction,
# so a room can be read knowing only those below it (docs/architecture.md).
ROOM_NEEDS = {
    "codec": set(),
    "raster": {"codec"},
    "sources": set(),
    "formats": {"codec", "raster", "sources"},
}


def test_rooms_import_in_one_direction():
    def room(module):
        parts = module.split(".")
        return parts[2] if parts[:2] == [PACKAGE, "core"] and len(parts) > 3 else None

    bad = [f"{a} -> {b} (line {line})" for a, out in graph().items() for b, line in out.items()
           if room(a) and room(b) and room(a) != room(b) and room(b) not in ROOM_NEEDS[room(a)]]
    assert bad == []
    rooms = {room(m) for m in modules()} - {None}
    assert rooms == set(ROOM_NEEDS), "a room was added or removed: update ROOM_NEEDS"
