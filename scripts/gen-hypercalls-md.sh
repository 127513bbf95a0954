#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Generates docs/hypercalls.md, the list of every hypercall and sub-op and
# what Parvus does with it, from the code, so the list cannot drift:
# - hypercalls/hypercall_table.c: its HYPERCALL(name, do_handler) and
#   UNIMPLEMENTED(name) lines;
# - the hypercalls/*.c file defining each do_handler, and the hypercalls/
#   files it calls into (memory.c -> memory_reservation.c);
# - there, each sub-op's `case CONSTANT:` label (or, in a family without a
#   switch, its `== CONSTANT` test or its bit in a mask) and what the code
#   under it does first: returns an error, or does the work;
# - the numbers and the full list of each family's constants from the Xen
#   public headers (XEN_INCLUDE, default /usr/include/xen).
# Which constants belong to which hypercall is the FAMILIES list below.
#   scripts/gen-hypercalls-md.sh [OUT]   OUT defaults to docs/hypercalls.md; - is stdout
# tests/checks/hypercalls-doc.sh fails when the committed file is stale.
set -eu
cd "$(dirname "$0")/.."
exec python3 - "$@" <<'PY'
import glob, os, re, sys

XEN = os.environ.get("XEN_INCLUDE", "/usr/include/xen")
TABLE = "hypercalls/hypercall_table.c"

# hypercall, what its constants are, header, name pattern, nested
# enumerations sharing the prefix (left out)
FAMILIES = [
    ("mmu_update", "request types", "xen.h", r"MMU_[A-Z_]+", None),
    ("memory_op", "sub-ops", "memory.h", r"XENMEM_[a-z]\w*",
        r"XENMEM_(paging_op|access_op|sharing_op|resource)_"),
    ("xen_version", "sub-ops", "version.h", r"XENVER_\w+", None),
    ("console_io", "commands", "xen.h", r"CONSOLEIO_\w+", None),
    ("grant_table_op", "sub-ops", "grant_table.h", r"GNTTABOP_[a-z]\w*", None),
    ("vm_assist", "commands", "xen.h", r"VMASST_CMD_\w+", None),
    ("vm_assist", "types", "xen.h", r"VMASST_TYPE_\w+", None),
    ("vcpu_op", "sub-ops", "vcpu.h", r"VCPUOP_\w+", None),
    ("set_segment_base", "registers", "arch-x86/xen-x86_64.h", r"SEGBASE_\w+", None),
    ("mmuext_op", "commands", "xen.h", r"MMUEXT_\w+", None),
    ("sched_op", "sub-ops", "sched.h", r"SCHEDOP_\w+", None),
    ("sched_op", "reasons of `SCHEDOP_shutdown`", "sched.h", r"SHUTDOWN_[a-z]\w*", None),
    ("callback_op", "sub-ops", "callback.h", r"CALLBACKOP_\w+", None),
    ("callback_op", "types", "callback.h", r"CALLBACKTYPE_\w+", None),
    ("event_channel_op", "sub-ops", "event_channel.h", r"EVTCHNOP_\w+", None),
    ("physdev_op", "sub-ops", "physdev.h", r"PHYSDEVOP_[a-z]\w*", None),
]

# Copies and checks: not where a case's work is done.
NOT_A_CALL = {"if", "for", "while", "switch", "return", "sizeof", "offsetof",
              "copy_from_guest", "copy_to_guest", "hypercall_charge",
              "hypercall_preempt_check", "guest_range_ok"}


def fail(msg):
    sys.exit("gen-hypercalls-md: " + msg)


# ---- the Xen public headers ----

def header_constants(path, pattern, nested=None):
    """Numeric #defines matching pattern, by value: those only Xen itself
    sees (#ifdef __XEN__) left out, those only its tools see marked."""
    out, seen, conds = [], set(), []
    for line in open(os.path.join(XEN, path)):
        m = re.match(r"\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)", line)
        if m:
            kw, cond = m.group(1), m.group(2).strip()
            if kw in ("if", "ifdef", "ifndef"):
                conds.append([kw, cond, False])
            elif kw == "endif":
                conds.pop()
            else:
                conds[-1][2] = True
            continue
        m = re.match(r"\s*#\s*define\s+(%s)\s+(0x[0-9a-fA-F]+|\d+)\b" % pattern, line)
        if not m or m.group(1) in seen or (nested and re.match(nested, m.group(1))):
            continue
        live = [(kw, cond) for kw, cond, in_else in conds if not in_else]
        if ("ifdef", "__XEN__") in live:
            continue
        seen.add(m.group(1))
        out.append((int(m.group(2), 0), m.group(1),
                    any("__XEN_TOOLS__" in cond for kw, cond in live)))
    return sorted(out)


# ---- C sources ----

def blank(m):
    return re.sub(r"[^\n]", " ", m.group(0))


class Source:
    def __init__(self, path):
        self.path = path
        self.text = re.sub(r"/\*.*?\*/|//[^\n]*", blank, open(path).read(), flags=re.S)
        self.functions = []  # (name, start, end, static)
        for body in re.finditer(r"^\{\n.*?^\}\n", self.text, re.M | re.S):
            head = None
            for line in reversed(self.text[:body.start()].splitlines()):
                head = re.match(r"[A-Za-z_].*?\b([A-Za-z_]\w*)\(", line)
                if head:
                    break
            if head:
                self.functions.append((head.group(1), body.start(), body.end(),
                                       line.startswith("static")))

    def defines(self, name, exported_only=False):
        return any(f[0] == name and not (exported_only and f[3]) for f in self.functions)

    def function_at(self, pos):
        for name, start, end, static in self.functions:
            if start <= pos < end:
                return name, end
        fail("%s: offset %d is in no function" % (self.path, pos))


def matching_paren(text, i):
    depth = 0
    for j in range(i, len(text)):
        depth += {"(": 1, ")": -1}.get(text[j], 0)
        if depth == 0:
            return j
    fail("unbalanced parentheses")


def statement_at(text, pos):
    """The statement starting at pos (the first one of a block), and where it ends."""
    while text[pos].isspace() or text[pos] == "{":
        pos += 1
    depth = 0
    for i in range(pos, len(text)):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(text[i], 0)
        if text[i] == ";" and depth == 0:
            return " ".join(text[pos:i + 1].split()), i + 1
    return " ".join(text[pos:].split()), len(text)


def outcome(stmt):
    """What a statement answers: an error it returns, or None: it does the work."""
    if re.match(r"return \w*nosys\w*\(", stmt):
        return "`-ENOSYS`, logged"
    m = re.match(r"return -XEN_(E[A-Z]+);$", stmt)
    return "`-%s`" % m.group(1) if m else None


def first_call(text):
    for m in re.finditer(r"(?<![\w.>])([a-z_]\w*)\s*\(", text):
        if m.group(1) not in NOT_A_CALL:
            return m.group(1)
    return None


def if_around(text, pos):
    """The (open, close) parentheses of the `if` condition holding pos, or None."""
    depth = 0
    for i in range(pos - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(" and depth:
            depth -= 1
        elif text[i] == "(" and re.search(r"\bif\s*$", text[:i]):
            return i, matching_paren(text, i)
        elif text[i] in ";{}":
            return None
    return None


def guarded(text, cond):
    """The statement an `if` guards, and the one after it."""
    stmt, end = statement_at(text, cond[1] + 1)
    return stmt, statement_at(text, end)[0]


def ifs_testing(src, pattern):
    for m in re.finditer(r"\bif\s*\(", src.text):
        cond = (m.end() - 1, matching_paren(src.text, m.end() - 1))
        if re.search(pattern, src.text[cond[0]:cond[1]]):
            yield cond


# ---- where a constant is handled ----

class Site:
    """Where the code decides about one constant, and what it does there."""
    def __init__(self, src, pos, result, call=None, how=None):
        self.src, self.pos, self.result, self.call, self.how = src, pos, result, call, how


def case_site(src, m):
    text = src.text
    fn_end = src.function_at(m.start())[1]
    end = m.end()
    while True:  # the other labels of the same group
        label = re.match(r"\s*(case\s+\w+|default)\s*:", text[end:fn_end])
        if not label:
            break
        end += label.end()
    stop = re.search(r"\b(case\s+\w+|default)\s*:", text[end:fn_end])
    body = text[end:end + stop.start()] if stop else text[end:fn_end]
    result = outcome(statement_at(text, end)[0])
    return Site(src, m.start(), result, None if result else first_call(body))


def compare_site(src, m):
    cond = if_around(src.text, m.start())
    if not cond:  # a predicate: true for the constants it accepts
        return Site(src, m.start(), None, how="accepted by `%s()`" %
                src.function_at(m.start())[0])
    stmt = guarded(src.text, cond)[0]
    result = outcome(stmt)
    return Site(src, m.start(), result, None if result else first_call(stmt))


def mask_site(src, m):
    macro = re.findall(r"#\s*define\s+(\w+)", src.text[:m.start()])
    return Site(src, m.start(), None, how="in the mask `%s`" % macro[-1])


def find_site(files, name, kind):
    patterns = {
        "case": r"\bcase\s+%s\s*:" % name,
        "compare": r"[=!]=\s*%s\b|\b%s\s*[=!]=" % (name, name),
        "mask": r"<<\s*%s\b" % name,
    }
    for src in files:
        m = re.search(patterns[kind], src.text)
        if m:
            return {"case": case_site, "compare": compare_site,
                "mask": mask_site}[kind](src, m)
    return None


def otherwise(files, kind, sites):
    """What every constant without a site of its own gets: (result, where)."""
    site = sites[0]
    src, text = site.src, site.src.text
    if kind == "case":
        fn = src.function_at(site.pos)[0]
        depth = 0
        for m in re.finditer(r"[{}]|\bdefault\s*:", text[site.pos:]):
            if m.group(0) in "{}":
                depth += 1 if m.group(0) == "{" else -1
                if depth < 0:
                    break
            elif depth == 0:
                stmt = statement_at(text, site.pos + m.end())[0]
                return outcome(stmt) or "handled", "`default:` in `%s()`" % fn
        fail("%s: the switch in %s() has no default" % (src.path, fn))
    elif kind == "compare" and site.how:
        fn = src.function_at(site.pos)[0]
        for s in files:
            for cond in ifs_testing(s, r"!\s*%s\s*\(" % fn):
                stmt = guarded(s.text, cond)[0]
                return outcome(stmt) or "handled", "when `%s()` refuses, in `%s()`" % (
                    fn, s.function_at(cond[0])[0])
    elif kind == "mask":
        macro = re.search(r"`(\w+)`", site.how).group(1)
        for cond in ifs_testing(src, r"\b%s\b" % macro):
            stmt = guarded(text, cond)[0]
            return outcome(stmt) or "handled", "outside `%s`, in `%s()`" % (
                macro, src.function_at(cond[0])[0])
    else:
        fn = src.function_at(site.pos)[0]
        stmt = guarded(text, if_around(text, site.pos))[1]
        return outcome(stmt) or "handled", "past the tests in `%s()`" % fn
    fail("%s: cannot tell what is done with other values" % src.path)


# ---- the table and the sources ----

def hypercall_numbers():
    return {name[len("__HYPERVISOR_"):]: nr
            for nr, name, tools in header_constants("xen.h", r"__HYPERVISOR_\w+")}


def table_entries():
    entries = []
    for line in open(TABLE):
        m = re.match(r"\s*HYPERCALL\((\w+),\s*(\w+)\)", line)
        if m:
            entries.append((m.group(1), m.group(2)))
        m = re.match(r"\s*UNIMPLEMENTED\((\w+)\)", line)
        if m:
            entries.append((m.group(1), None))
    if not entries:
        fail(TABLE + ": no HYPERCALL or UNIMPLEMENTED lines")
    return entries


HYPERCALL_SOURCES = [Source(p) for p in sorted(glob.glob("hypercalls/*.c")) if p != TABLE]
ALL_SOURCES = HYPERCALL_SOURCES + [
    Source(p) for p in sorted(glob.glob("hypervisor/**/*.c", recursive=True))]


def handler_source(handler):
    found = [s for s in HYPERCALL_SOURCES if s.defines(handler, exported_only=True)]
    if len(found) != 1:
        fail("%s is defined in %d files of hypercalls/" % (handler, len(found)))
    return found[0]


def reached_files(first):
    """first, and the hypercalls/ files it calls into, transitively."""
    files = [first]
    for src in files:
        for name in set(re.findall(r"\b([a-z_]\w*)\s*\(", src.text)):
            for other in HYPERCALL_SOURCES:
                if other not in files and other.defines(name, exported_only=True):
                    files.append(other)
    return files


def where_defined(name, near):
    if near.defines(name):
        return near
    found = [s for s in ALL_SOURCES if s.defines(name, exported_only=True)]
    return found[0] if len(found) == 1 else None


def only_core_call(src, name):
    """The one function of the core (hypervisor/) that src's name() calls,
    if it calls exactly one: a thin wrapper's way to the core (the perf
    counters it bumps on the way are not its way)."""
    start, end = [(f[1], f[2]) for f in src.functions if f[0] == name][0]
    core = set()
    for call in re.findall(r"(?<![\w.>])([a-z_]\w*)\s*\(", src.text[start:end]):
        home = where_defined(call, src)
        if (call not in NOT_A_CALL and not call.startswith(("hypercall_", "perfc_")) and
                home and home.path.startswith("hypervisor/")):
            core.add((call, home.path))
    return core.pop() if len(core) == 1 else None


def describe(site):
    if site.how:
        return "`%s`, %s" % (site.src.path, site.how)
    where = "`%s` `%s()`" % (site.src.path, site.src.function_at(site.pos)[0])
    if not site.call:
        return where
    home = where_defined(site.call, site.src)
    if home and home is not site.src:
        where += " → `%s()` in `%s`" % (site.call, home.path)
    else:
        where += " → `%s()`" % site.call
    core = home and home.path.startswith("hypercalls/") and only_core_call(home, site.call)
    return where + (" → `%s()` in `%s`" % core if core else "")


# ---- output ----

def family_prefix(pattern):
    return re.match(r"[A-Z_]+", pattern).group(0)


def family_section(hypercall, what, header, pattern, nested, files):
    constants = header_constants(header, pattern, nested)
    if not constants:
        fail("no %s in %s" % (pattern, header))
    sites = {}
    for kind in ("case", "compare", "mask"):
        sites = {name: find_site(files, name, kind) for v, name, t in constants}
        sites = {k: v for k, v in sites.items() if v}
        if sites:
            break
    if not sites:
        fail("%s: no %s handled in %s" % (hypercall, pattern, files[0].path))
    rest, rest_where = otherwise(files, kind, list(sites.values()))
    done = sum(1 for s in sites.values() if not s.result)
    out = ["### `%s*` %s (`xen/%s`)" % (family_prefix(pattern), what, header), "",
           "%d of %d done; any other value: %s (%s)." % (
                done, len(constants), rest, rest_where), "",
           "| value | constant | result | where |", "| --- | --- | --- | --- |"]
    for value, name, tools in constants:
        site = sites.get(name)
        result = (site.result or "done") if site else rest
        where = describe(site) if site else rest_where
        out.append("| %d | `%s`%s | %s | %s |" % (
            value, name, " (tools)" if tools else "", result, where))
    return out + [""]


def hypercall_section(name, nr, handler, src, fams):
    out = ["## %s" % name, "", "Hypercall %d, `%s` in `%s`." % (nr, handler, src.path), ""]
    files = reached_files(src)
    for fam in fams:
        out += family_section(*fam, files)
    return out


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else "docs/hypercalls.md"
    if not os.path.isfile(os.path.join(XEN, "xen.h")):
        fail("no Xen public headers in %s: run 'make deps' (libxen-dev)" % XEN)
    numbers = hypercall_numbers()
    entries = dict(table_entries())
    for name in entries:
        if name not in numbers:
            fail("%s: %s is not a hypercall of xen/xen.h" % (TABLE, name))
    overview = ["| nr | hypercall | handler | file | constants |",
                "| --- | --- | --- | --- | --- |"]
    sections = []
    for name, nr in sorted(numbers.items(), key=lambda kv: kv[1]):
        handler = entries.get(name)
        if not handler:
            overview.append("| %d | `%s` | `-ENOSYS`, logged | | |" % (nr, name))
            continue
        src = handler_source(handler)
        fams = [f for f in FAMILIES if f[0] == name]
        links = ", ".join("[`%s*`](#%s)" % (family_prefix(f[3]), name) for f in fams)
        overview.append("| %d | `%s` | `%s` | `%s` | %s |" % (
            nr, name, handler, src.path, links))
        if fams:
            sections += hypercall_section(name, nr, handler, src, fams)

    text = "\n".join(HEAD + overview + [""] + sections).rstrip("\n") + "\n"
    if out_path == "-":
        sys.stdout.write(text)
    else:
        open(out_path, "w").write(text)


HEAD = """\
<!-- Generated by scripts/gen-hypercalls-md.sh from the code and the Xen public headers: do not edit by hand; change the code and run the script. -->
# Hypercalls

Every hypercall number of `xen/xen.h` and every sub-op constant of the Xen
public headers, with what Parvus does with it. The table comes from
`hypercalls/hypercall_table.c`; a family's list from the `case` labels of
its handler (and the `hypercalls/` files it calls into). `tests/checks/hypercalls-doc.sh`
fails when this file and the code disagree.

- **done**: the code under the constant's label does the work. *Where*
  names the label's file and function, then the first function it calls
  (with its file when it is elsewhere) and, when that one calls a single
  function of the core (`hypervisor/`), that function too: the way from
  the ABI to the code that keeps its rules.
- **`-ENOSYS`, logged**: the guest gets `-ENOSYS` and the hypervisor prints
  one line the first time a domain uses that hypercall number
  (`hypercall_nosys`); plain **`-ENOSYS`** is returned without a line.
- **(tools)**: the header offers the constant only to toolstacks
  (`__XEN_TOOLS__`), never to a guest build.
- An error code (`-EINVAL`, `-EPERM`, ...) is what the code returns for
  that constant, or for every value it does not name.

A number not in the table (or beyond it) returns `-ENOSYS`, logged.
See `docs/architecture.md` for how a call travels from the guest to these
handlers and on.

## All hypercalls

""".splitlines()

main()
PY
