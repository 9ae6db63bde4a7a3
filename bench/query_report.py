#!/usr/bin/env python3
"""Markdown report of bench/query_bench.sh runs.

Usage: python3 bench/query_report.py RUNS_DIR [SIZE ...]

RUNS_DIR holds SIZE/SYSTEM/ folders as query_bench.sh leaves them (meta.tsv,
loadavg.txt, the peers' logs, kg's per-query stderr files and every system's
result rows under out/). Without SIZE arguments every size found is reported.

Timings are milliseconds. cold = the first run (kg: median over fresh
processes), warm = the median of the runs after the first. Rows are compared
with kg's after reducing each row to the sorted tuple of its values (IRIs
without <>, literals by lexical form, integers canonical, unbound left out);
for property-path queries (`p+`, `p*`) distinct sets are compared, because
Virtuoso returns one row per path.
"""
import collections
import glob
import math
import os
import re
import statistics
import sys

SYSTEMS = ["kg", "virtuoso", "jena", "oxigraph", "kuzu"]
PEERS = SYSTEMS[1:]
LABEL = {"kg": "kg", "virtuoso": "Virtuoso", "jena": "Jena TDB2",
         "oxigraph": "Oxigraph", "kuzu": "Kùzu"}
GOAL_QUERY = 1.5   # no query slower than 1.5x the fastest peer
GOAL_GEOMEAN = 0.5  # geometric mean of kg/fastest-peer at most 0.5 (2x faster)
MS_FLOOR = 0.5     # Virtuoso and Jena report whole milliseconds


def read_meta(path):
    meta = collections.defaultdict(list)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                meta[parts[0]].append(parts[1:])
    return meta


def first(meta, key, idx=0, default=""):
    v = meta.get(key)
    return v[0][idx] if v and len(v[0]) > idx else default


def qkey(name):
    m = re.match(r"q(\d+)", name)
    return (int(m.group(1)) if m else 999, name)


def median(xs):
    return statistics.median(xs) if xs else None


def fmt_ms(x):
    if x is None:
        return "–"
    if x < 1:
        return f"{x:.2f}"
    if x < 10:
        return f"{x:.1f}"
    return f"{x:.0f}"


def new_q():
    return {"cold": [], "warm": [], "rows": None, "status": None, "out": None}


# ---------------------------------------------------------------- parsing
ENGINE = re.compile(r"^engine time: ([0-9.]+) ms(?: \((\d+) rows\))?")


def parse_kg(d, qnames):
    res = {}
    for n in qnames:
        q = new_q()
        werr = os.path.join(d, "q", f"{n}.warm.err")
        if not os.path.exists(werr):
            continue
        times, rows, other = [], None, []
        with open(werr, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = ENGINE.match(line)
                if m:
                    times.append(float(m.group(1)))
                    if m.group(2):
                        rows = int(m.group(2))
                elif line.strip():
                    other.append(line.strip())
        rc = open(os.path.join(d, "q", f"{n}.warm.rc")).read().split()[0] \
            if os.path.exists(os.path.join(d, "q", f"{n}.warm.rc")) else "?"
        out = os.path.join(d, "out", f"kg-{n}.tsv")
        if rc != "0" or not times:
            q["status"] = "error: " + (other[-1] if other else f"exit {rc}")[:120]
            res[n] = q
            continue
        q["cold"].append(times[0])
        q["warm"] = times[1:]
        for c in sorted(glob.glob(os.path.join(d, "q", f"{n}.cold-*.err"))):
            with open(c, encoding="utf-8", errors="replace") as f:
                for line in f:
                    m = ENGINE.match(line)
                    if m:
                        q["cold"].append(float(m.group(1)))
                        break
        if os.path.exists(out):
            with open(out, encoding="utf-8") as f:
                q["rows"] = max(0, sum(1 for ln in f if ln.strip()) - 1)
            q["out"] = out
        elif rows is not None:
            q["rows"] = rows
        q["status"] = "ok"
        res[n] = q
    return res


def peer_logs(d):
    return sorted(glob.glob(os.path.join(d, "log-*.txt")),
                  key=lambda p: int(re.search(r"log-(\d+)", p).group(1)))


def load_line(d):
    for lg in peer_logs(d):
        with open(lg, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("LOAD "):
                    return line.strip()
    return None


def fail_line(d):
    """First error-looking line of the first log (a failed load)."""
    logs = peer_logs(d)
    if not logs:
        return "did not run"
    with open(logs[0], encoding="utf-8", errors="replace") as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    for ln in lines:
        if re.search(r"Error|error|FATAL|Killed|abort|WATCHDOG|out of memory", ln):
            return ln[:200]
    return (lines[-1] if lines else "no output")[:200]


RUN = re.compile(r"^QUERY (\S+) run (\d+): (?:wall ([0-9.]+) s, (?:server (\d+) ms, )?rows (\d+)|ERROR ?(.*))")
JCOLD = re.compile(r"^QUERY (\S+) cold: wall ([0-9.]+) s \(jvm incl\.\), engine ([0-9.]+) s, rows (\d+)")
JERR = re.compile(r"^QUERY (\S+): ERROR")


def parse_peer(sys_, d, qnames, kuzu_names):
    res = {}
    back = {v: k for k, v in kuzu_names.items()}
    for lg in peer_logs(d):
        with open(lg, encoding="utf-8", errors="replace") as f:
            lines = f.read().split("\n")
        for i, line in enumerate(lines):
            if sys_ == "jena":
                m = JCOLD.match(line)
                if m:
                    q = res.setdefault(m.group(1), new_q())
                    q["cold"] = [float(m.group(3)) * 1000]
                    q["rows"] = int(m.group(4))
                    q["status"] = "ok"
                    continue
                m = JERR.match(line)
                if m:
                    q = res.setdefault(m.group(1), new_q())
                    q["status"] = "error: " + " ".join(lines[i + 1:i + 3]).strip()[:120]
                continue
            m = RUN.match(line)
            if not m:
                continue
            name = m.group(1)
            if sys_ == "kuzu":
                name = os.path.basename(name)
                if name.endswith(".cypher"):
                    name = name[:-len(".cypher")]
                name = back.get(name, name)
            q = res.setdefault(name, new_q())
            if m.group(6) is not None and m.group(3) is None:
                msg = m.group(6).strip() or " ".join(lines[i + 1:i + 3]).strip()
                q["status"] = "error: " + msg[:120]
                continue
            ms = float(m.group(4)) if m.group(4) is not None else float(m.group(3)) * 1000
            (q["cold"] if m.group(2) == "1" else q["warm"]).append(ms)
            q["rows"] = int(m.group(5))
            q["status"] = "ok"
    if sys_ == "jena":
        for n, q in res.items():
            w = os.path.join(d, "warm", f"{n}.txt")
            if os.path.exists(w):
                with open(w, encoding="utf-8", errors="replace") as f:
                    q["warm"] = [float(x) * 1000 for x in re.findall(r"^Time: ([0-9.]+) sec", f.read(), re.M)]
    meta = read_meta(os.path.join(d, "meta.tsv"))
    qt = first(meta, "query_timeout", 0, "?")
    for inc in meta.get("incomplete", []):
        n, rc = inc[0], inc[1]
        q = res.setdefault(n, new_q())
        why = f"timeout (> {qt} s per run)" if rc == "timeout" else f"peer exited {rc}"
        if q["status"] == "ok" and q["cold"]:
            q["status"] = f"partial: {why}"
        elif not (q["status"] or "").startswith("error"):
            q["status"] = why
    # result files
    for n, q in res.items():
        fn = {"virtuoso": f"virtuoso-{n}.out", "jena": f"jena-{n}.tsv",
              "oxigraph": f"oxigraph-{n}.tsv",
              "kuzu": f"kuzu-{kuzu_names.get(n, n)}.tsv"}[sys_]
        p = os.path.join(d, "out", fn)
        if os.path.exists(p):
            q["out"] = p
    return res


# ---------------------------------------------------------------- rows
def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            e = s[i + 1]
            if e in "uU":
                k = 4 if e == "u" else 8
                try:
                    out.append(chr(int(s[i + 2:i + 2 + k], 16)))
                    i += 2 + k
                    continue
                except ValueError:
                    pass
            out.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(e, e))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def norm(cell):
    c = cell.strip()
    if c in ("", "NULL", "null", "undefined"):
        return None
    if c.startswith("<") and c.endswith(">"):
        return c[1:-1]
    if c.startswith('"'):
        i, esc = 1, False
        while i < len(c):
            if esc:
                esc = False
            elif c[i] == "\\":
                esc = True
            elif c[i] == '"':
                break
            i += 1
        val = unescape(c[1:i])
    else:
        val = c
    if re.fullmatch(r"[+-]?\d+", val):
        return str(int(val))
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)([eE][+-]?\d+)?|[+-]?\d+[eE][+-]?\d+", val):
        return repr(float(val))
    return val


def rows_tsv(path, header=True):
    """(variables or None, rows as lists of normalised values, None = unbound)."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    names = None
    if header:
        names = lines[0].split("\t") if lines else []
        names = names if all(v.startswith("?") for v in names) else None
        lines = lines[1:]
    return names, [[norm(x) for x in ln.split("\t")] for ln in lines if ln.strip()]


def rows_isql(path):
    """Virtuoso isql output: fixed-width columns; starts read off the type line."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    try:
        u = next(i for i, ln in enumerate(lines) if ln.startswith("_____"))
    except StopIteration:
        return None
    types = lines[u - 1]
    starts = [0] + [m.end() for m in re.finditer(r" {2,}", types) if m.end() < len(types)]
    out = []
    for ln in lines[u + 2:]:
        if re.match(r"^\d+ Rows\. -- \d+ msec\.", ln):
            break
        if not ln.strip():
            continue
        cells = [ln[a:b] for a, b in zip(starts, starts[1:] + [len(ln) + 1])]
        out.append([norm(x) for x in cells])
    return None, out


def result_rows(sys_, path):
    if not path or not os.path.exists(path):
        return None
    if sys_ == "virtuoso":
        return rows_isql(path)
    return rows_tsv(path)


def reduce_rows(rows):
    return collections.Counter(tuple(sorted(v for v in r if v is not None)) for r in rows)


def compare(ref, got, path_query):
    """'=' same multiset; '= set' same distinct set (duplicates); else a diff.

    The Oxigraph peer script writes the columns of its first solution only: when
    a variable is unbound there, the column is missing from the whole file. kg's
    rows are then compared on the columns the peer wrote (said in the result)."""
    if ref is None or got is None:
        return "–"
    (rv, rrows), (gv, grows) = ref, got
    note = ""
    if rv and gv is not None and set(gv) < set(rv):
        idx = [rv.index(v) for v in gv]
        rrows = [[r[i] if i < len(r) else None for i in idx] for r in rrows]
        note = f" on {' '.join(gv)} only (the peer script wrote no {' '.join(v for v in rv if v not in gv)} column)"
    a, b = reduce_rows(rrows), reduce_rows(grows)
    if a == b:
        return "=" + note
    if set(a) == set(b):
        dup = sum(b.values()) - len(b)
        if path_query:
            return f"= set ({dup:,} dup rows){note}"
        return f"≠ as bag, = set ({dup:,} dup rows){note}"
    extra, missing = len(set(b) - set(a)), len(set(a) - set(b))
    return f"**≠** ({extra:,} extra, {missing:,} missing distinct rows){note}"


# ---------------------------------------------------------------- report
def loadavg_summary(d):
    p = os.path.join(d, "loadavg.txt")
    vals = []
    if os.path.exists(p):
        with open(p) as f:
            for ln in f:
                parts = ln.split()
                if len(parts) == 2:
                    vals.append(float(parts[1]))
    if not vals:
        return "–"
    return f"{min(vals):.2f}–{max(vals):.2f} (median {statistics.median(vals):.2f})"


def describe_query(path):
    try:
        with open(path, encoding="utf-8") as f:
            for ln in f:
                if ln.startswith("#"):
                    return ln.lstrip("# ").strip()
    except OSError:
        pass
    return ""


def is_path_query(path):
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return False
    text = "\n".join(ln for ln in text.split("\n") if not ln.lstrip().startswith("#"))
    return re.search(r"[\w>)][+*]\s", text) is not None


def main():
    runs = sys.argv[1]
    sizes = sys.argv[2:] or sorted(
        (os.path.basename(p) for p in glob.glob(os.path.join(runs, "*")) if os.path.basename(p).isdigit()),
        key=int)
    out = []
    w = out.append
    w("# Query benchmark: kg vs Virtuoso, Jena TDB2, Oxigraph, Kùzu")
    w("")
    w("Made by `bench/query_bench.sh` (protocol in `docs/benchmarks.md`, section \"Queries\"). "
      "Times in milliseconds; **cold** = first run (kg: first run in a fresh process, median of the fresh "
      "processes), **warm** = median of the runs after the first. kg: engine time of `kg query --time` "
      "(opening the database excluded). Virtuoso: the server's `msec` in isql. Jena: `tdb2.tdbquery --time` "
      "(cold in a fresh JVM after the load; warm in one JVM after one warm-up run). Oxigraph and Kùzu: wall "
      "time of the in-process query call, results materialised in JavaScript. "
      "**kg ÷ fastest** = kg warm ÷ the fastest warm median among the peers whose rows agree with kg's. "
      "Goals: no query above 1.5 (1.5× the fastest peer) and the geometric mean at most 0.5 (2× faster).")
    w("")
    summary = []
    for size in sizes:
        sdir = os.path.join(runs, size)
        metas = {s: read_meta(os.path.join(sdir, s, "meta.tsv")) for s in SYSTEMS
                 if os.path.isdir(os.path.join(sdir, s))}
        if "kg" not in metas:
            continue
        qfiles, kuzu_names = {}, {}
        for s, m in metas.items():
            for rec in m.get("qfile", []):
                qfiles.setdefault(rec[0], rec[1])
                if s == "kg" and len(rec) > 2 and rec[2]:
                    kuzu_names[rec[0]] = os.path.basename(rec[2]).replace(".cypher", "")
        qnames = sorted(qfiles, key=qkey)
        res = {"kg": parse_kg(os.path.join(sdir, "kg"), qnames)}
        for s in PEERS:
            if s in metas:
                res[s] = parse_peer(s, os.path.join(sdir, s), qnames, kuzu_names)
        qsets = {s: first(m, "queries") for s, m in metas.items()}
        n = int(size)
        w(f"## {n:,} triples")
        w("")
        km = metas["kg"]
        data = km.get("data", [[""]])[0]
        w(f"Data: `python3 ../shared/peers/gen_kg.py {n} …` ({data[3] if len(data) > 3 else ''}), "
          f"{int(data[1]) / 1e6:.0f} MB, md5 `{data[2] if len(data) > 2 else '?'}`. "
          f"Warm runs per query: {first(km, 'warm')}; kg cold processes: {first(km, 'cold_procs')}; "
          f"timeout per run: {first(km, 'query_timeout')} s. Host: {first(km, 'host')}.")
        w("")
        w("| system | build | ran (UTC) | 1-min load average while it ran | load |")
        w("| --- | --- | --- | --- | --- |")
        for s in SYSTEMS:
            if s not in metas:
                w(f"| {LABEL[s]} | not run | | | |")
                continue
            m = metas[s]
            if s == "kg":
                ld = first(m, "load", 1)
                ld = f"{float(ld):.1f} s (`kg load`, whole process)" if ld else "–"
            else:
                ll = load_line(os.path.join(sdir, s))
                ld = ll[5:].replace("|", "\\|") if ll else "**failed**: " + fail_line(os.path.join(sdir, s)).replace("|", "\\|")
            started = first(m, "started")[:16].replace("T", " ")
            fin = first(m, "finished")[11:16]
            w(f"| {LABEL[s]} | {first(m, 'system')} | {started}–{fin} | {loadavg_summary(os.path.join(sdir, s))} | {ld} |")
        cmds = sorted({first(m, "command") for m in metas.values() if first(m, "command")})
        w("")
        w("Command" + ("s" if len(cmds) > 1 else "") + ": " + "; ".join(f"`{c}`" for c in cmds) + ".")
        if len(set(qsets.values())) > 1:
            w("")
            w("**Warning**: the systems ran different versions of the query files (query-set checksums "
              + ", ".join(f"{LABEL[s]} {v}" for s, v in qsets.items()) + ").")
        w("")

        # rows and agreement
        ref_rows, cmp_ = {}, collections.defaultdict(dict)
        for q in qnames:
            path_q = is_path_query(qfiles[q])
            ref_rows[q] = result_rows("kg", res["kg"].get(q, {}).get("out"))
            for s in PEERS:
                if s not in res:
                    continue
                r = res[s].get(q)
                if s == "kuzu" and q not in kuzu_names:
                    cmp_[q][s] = "n/a"
                    continue
                if not r or r["status"] != "ok":
                    cmp_[q][s] = "–"
                    continue
                if s == "kuzu" and kuzu_names.get(q) == "k1":
                    cmp_[q][s] = "n/c"
                    continue
                cmp_[q][s] = compare(ref_rows[q], result_rows(s, r["out"]), path_q)

        # timing table
        head = "| query | kg cold | kg warm |" + "".join(f" {LABEL[s]} cold / warm |" for s in PEERS if s in res)
        head += " fastest peer (warm) | kg ÷ fastest | ≤ 1.5× |"
        w(head)
        w("|" + " --- |" * (head.count("|") - 1))
        ratios, notes = [], set()
        for q in qnames:
            kq = res["kg"].get(q) or new_q()
            row = f"| {q} |"
            if kq["status"] != "ok":
                row += f" {kq['status'] or 'not run'} | |"
            else:
                row += f" {fmt_ms(median(kq['cold']))} | {fmt_ms(median(kq['warm']))} |"
            best = None
            for s in PEERS:
                if s not in res:
                    continue
                r = res[s].get(q)
                c = cmp_[q].get(s, "–")
                if s == "kuzu" and q not in kuzu_names:
                    row += " n/a |"
                    continue
                if not r or r["status"] is None:
                    row += " load failed |" if load_line(os.path.join(sdir, s)) is None else " not run |"
                    continue
                if r["status"] != "ok" and not r["cold"]:
                    row += f" {r['status'].replace('|', '/')} |"
                    continue
                mark = ""
                if c.startswith("= set"):
                    mark = "‡"
                    notes.add("‡")
                elif c.startswith("= on"):
                    mark = "¶"
                    notes.add("¶")
                elif c == "n/c":
                    mark = "§"
                    notes.add("§")
                elif c != "=":
                    mark = "†"
                    notes.add("†")
                wm = median(r["warm"])
                cell = f"{fmt_ms(median(r['cold']))} / {fmt_ms(wm)}{mark}"
                if r["status"] != "ok":
                    cell += f" ({r['status']})"
                row += f" {cell} |"
                eligible = (c == "=" or c.startswith("= set") or c.startswith("= on")) and wm is not None and r["status"] == "ok"
                if eligible:
                    eff = wm
                    if s in ("virtuoso", "jena") and wm < MS_FLOOR:
                        eff = MS_FLOOR
                        notes.add("floor")
                    if best is None or eff < best[1]:
                        best = (s, eff, wm)
            kw = median(kq["warm"]) if kq["status"] == "ok" else None
            if best and kw is not None:
                ratio = kw / best[1]
                ratios.append((q, ratio))
                ok = ratio <= GOAL_QUERY
                row += f" {LABEL[best[0]]} {fmt_ms(best[2])} | {ratio:.2f} | {'yes' if ok else '**no**'} |"
            else:
                row += " – | – | – |"
            w(row)
        w("")
        gm = math.exp(sum(math.log(max(r, 1e-9)) for _, r in ratios) / len(ratios)) if ratios else None
        slow = [q for q, r in ratios if r > GOAL_QUERY]
        if "‡" in notes:
            w("‡ rows agree with kg's as a distinct set only: the peer returns one row per path (see rows below).")
        if "¶" in notes:
            w("¶ rows agree with kg's on the columns the peer script wrote (it drops a column unbound in its first row).")
        if "†" in notes:
            w("† rows differ from kg's (see rows below); such a peer is not counted as the fastest.")
        if "§" in notes:
            w("§ Kùzu's k1 (built into the peer script) leaves out literal-valued triples: a different result, "
              "not counted as the fastest.")
        if "floor" in notes:
            w(f"A peer median below its 1 ms resolution counts as {MS_FLOOR} ms in the ratio.")
        w("n/a: Kùzu's schema in the peer script holds only IRI-to-IRI edges (no literals), so queries on "
          "labels, dates or vote counts have no Cypher equivalent.")
        w("")
        if gm is not None:
            w(f"**Geometric mean of kg ÷ fastest peer over {len(ratios)} queries: {gm:.2f}** "
              f"(goal ≤ {GOAL_GEOMEAN}: {'met' if gm <= GOAL_GEOMEAN else '**no**'}). "
              f"Queries above {GOAL_QUERY}×: {', '.join(slow) if slow else 'none'} "
              f"(goal: none: {'met' if not slow else '**no**'}).")
            summary.append((n, gm, slow, ratios))
        w("")

        # rows
        w("Rows returned, and agreement with kg's rows (= same rows; = set: same distinct rows):")
        w("")
        w("| query | what | kg rows |" + "".join(f" {LABEL[s]} |" for s in PEERS if s in res))
        w("|" + " --- |" * (3 + sum(1 for s in PEERS if s in res)))
        for q in qnames:
            kq = res["kg"].get(q) or new_q()
            row = f"| {q} | {describe_query(qfiles[q]).replace('|', '/')} | {kq['rows'] if kq['rows'] is not None else '–'} |"
            for s in PEERS:
                if s not in res:
                    continue
                r = res[s].get(q)
                c = cmp_[q].get(s, "–")
                if c == "n/a":
                    row += " n/a |"
                elif not r or r["rows"] is None:
                    if load_line(os.path.join(sdir, s)) is None:
                        row += " load failed |"
                    else:
                        row += f" {(r or {}).get('status') or '–'} |"
                else:
                    row += f" {r['rows']:,} {c} |"
            w(row)
        w("")

        # raw timings
        w("<details><summary>Every timing (ms), in run order</summary>")
        w("")
        w("| query | system | cold runs | warm runs |")
        w("| --- | --- | --- | --- |")
        for q in qnames:
            for s in SYSTEMS:
                if s not in res or q not in res[s]:
                    continue
                r = res[s][q]
                w(f"| {q} | {LABEL[s]} | {' '.join(fmt_ms(x) for x in r['cold'])} | "
                  f"{' '.join(fmt_ms(x) for x in r['warm'])} |")
        w("")
        w("</details>")
        w("")

    if summary:
        w("## Goals")
        w("")
        w("| size | geometric mean kg ÷ fastest peer (goal ≤ 0.5) | queries above 1.5× the fastest peer (goal: none) |")
        w("| --- | --- | --- |")
        for n, gm, slow, _ in summary:
            w(f"| {n:,} | {gm:.2f} {'met' if gm <= GOAL_GEOMEAN else '**no**'} | "
              f"{', '.join(slow) + ' **no**' if slow else 'none, met'} |")
        w("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
