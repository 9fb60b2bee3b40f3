#!/usr/bin/env python3
"""Side-by-side benchmark of pklx against CPython: `make bench`.

Generates the workloads with the standard library (plus NumPy when the
interpreter has it) into a temporary folder, then measures, for each file and
several runs, the median wall time and the peak resident memory of:

  floor         reading the file once (cat > /dev/null)
  pickle.load   CPython's unpickler
  pickletools   python3 -m pickletools FILE > /dev/null   (one run: it is slow)
  pklx stat     full decode and index (the command-line build, CGO_ENABLED=0,
                and the desktop build, whose start links GL, X11 and GTK)
  pklx dis      pickletools-identical disassembly > /dev/null
  pklx json     JSON export > /dev/null (W2: --typed)

and writes a Markdown table (ratios against pickle.load) to BENCHMARKS.md, with
the machine and the command.

usage: python3 scripts/bench.py [--pklx bin/pklx] [--pklx-cli bin/pklx-cli]
       [--runs 3] [--only W1p4,W4]
       [--out BENCHMARKS.md] [--no-pickletools] [--python PYTHON]
"""
import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

GEN = {
    "W1p4": ("list of 1,000,000 small dicts, protocol 4",
             "import pickle\nd=[{'id': i, 'name': 'user%d' % i, 'score': i * 0.5, 'tags': ['a', 'b']} for i in range(1_000_000)]\n"
             "pickle.dump(d, open(OUT, 'wb'), protocol=4)"),
    "W1p2": ("list of 1,000,000 small dicts, protocol 2",
             "import pickle\nd=[{'id': i, 'name': 'user%d' % i, 'score': i * 0.5, 'tags': ['a', 'b']} for i in range(1_000_000)]\n"
             "pickle.dump(d, open(OUT, 'wb'), protocol=2)"),
    "W2": ("200,000 dicts linked by shared references and cycles",
           # Each dict refers to two earlier ones, to itself and to the list
           # that holds them all: references, not nesting (a reference to a
           # later dict would nest the pickle 200,000 levels deep).
           "import pickle\nnodes=[{'id': i, 'peers': []} for i in range(200_000)]\n"
           "for i, n in enumerate(nodes):\n    n['peers'].append(nodes[(i * 7919) % (i + 1)])\n"
           "    n['peers'].append(nodes[i - 1] if i else n)\n    n['self'] = n\n    n['all'] = nodes\n"
           "pickle.dump(nodes, open(OUT, 'wb'), protocol=4)"),
    "W3p5": ("about 500 MB of NumPy float arrays, protocol 5 in-band",
             "import pickle, numpy as np\nd={'w%d' % i: np.random.rand(1000, 1250) for i in range(50)}\n"
             "pickle.dump(d, open(OUT, 'wb'), protocol=5)"),
    "W3p4": ("about 500 MB of NumPy float arrays, protocol 4",
             "import pickle, numpy as np\nd={'w%d' % i: np.random.rand(1000, 1250) for i in range(50)}\n"
             "pickle.dump(d, open(OUT, 'wb'), protocol=4)"),
    "W4": ("5,000,000 short strings",
           "import pickle\nd=['s%d' % i for i in range(5_000_000)]\npickle.dump(d, open(OUT, 'wb'), protocol=4)"),
    "W5p0": ("protocol-0 pickle of 200,000 dicts",
             "import pickle\nd=[{'id': i, 'name': 'user%d' % i, 'score': i * 0.5} for i in range(200_000)]\n"
             "pickle.dump(d, open(OUT, 'wb'), protocol=0)"),
}


def measure(cmd, stdout=subprocess.DEVNULL, timeout=900):
    """Runs cmd; returns (seconds, peak RSS in MB, exit code)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.DEVNULL)
    try:
        _, status, ru = os.wait4(p.pid, 0)
    except KeyboardInterrupt:
        p.kill()
        raise
    dt = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return dt, ru.ru_maxrss / 1024.0, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pklx", default="bin/pklx", help="the desktop build")
    ap.add_argument("--pklx-cli", default="bin/pklx-cli",
                    help="the command-line build (make cli); the desktop build when missing")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="")
    ap.add_argument("--out", default="BENCHMARKS.md")
    ap.add_argument("--no-pickletools", action="store_true")
    ap.add_argument("--python", default=sys.executable)
    ap.add_argument("--numpy-python", default="/usr/bin/python3")
    args = ap.parse_args()
    only = [w for w in args.only.split(",") if w]
    cli = args.pklx_cli if os.path.exists(args.pklx_cli) else args.pklx
    tmp = tempfile.mkdtemp(prefix="pklx-bench-")
    rows = []
    for name, (desc, code) in GEN.items():
        if only and name not in only:
            continue
        py = args.python
        if "numpy" in code:
            py = args.numpy_python
            if subprocess.run([py, "-c", "import numpy"], capture_output=True).returncode != 0:
                print(f"{name}: skipped (no numpy for {py})", flush=True)
                continue
        path = os.path.join(tmp, name + ".pkl")
        subprocess.run([py, "-c", "OUT=%r\n" % path + code], check=True)
        size = os.path.getsize(path)
        print(f"{name}: {desc}: {size / 1e6:.1f} MB", flush=True)
        load = "import pickle,sys\nwith open(sys.argv[1],'rb') as f: pickle.load(f)"
        cmds = [
            ("floor (read once)", ["cat", path], args.runs),
            ("CPython pickle.load", [py, "-c", load, path], args.runs),
            ("pklx stat", [cli, "stat", path], args.runs),
            ("pklx stat (desktop build)", [args.pklx, "stat", path], args.runs),
            ("pklx dis", [cli, "dis", path], args.runs),
            # W2's dicts refer to each other: plain JSON writes a shared
            # object wherever it recurs, which grows without end (pklx stops
            # at its output limit); typed JSON writes each object once.
            ("pklx json --typed" if name == "W2" else "pklx json",
             [cli, "json"] + (["--typed"] if name == "W2" else []) + [path], args.runs),
        ]
        if not args.no_pickletools:
            cmds.append(("python3 -m pickletools", [py, "-m", "pickletools", path], 1))
        results = {}
        for label, cmd, runs in cmds:
            times, mems, code_ = [], [], 0
            for _ in range(runs):
                dt, mb, code_ = measure(cmd)
                times.append(dt)
                mems.append(mb)
            results[label] = (statistics.median(times), max(mems), code_, runs)
            print(f"  {label:24s} {statistics.median(times):8.3f} s {max(mems):9.1f} MB  exit {code_}  ({runs} runs)", flush=True)
        rows.append((name, desc, size, results))
        os.remove(path)
    write_report(args, rows)


def write_report(args, rows):
    lines = ["# Benchmarks", "",
             "Produced by `make bench` (`python3 scripts/bench.py`), which writes the workloads with CPython into a temporary",
             "folder and measures each command as a separate process: median wall time over the runs and peak resident",
             "memory (ru_maxrss). Ratios are against CPython's `pickle.load` of the same file in the same run.",
             "`pklx stat`, `dis` and `json` run the command-line build (`make cli`, CGO_ENABLED=0); \"desktop build\" is",
             "the same command in the window's binary, whose start loads the GL, X11 and GTK libraries.", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; Python {platform.python_version()}; "
             f"date {time.strftime('%Y-%m-%d')}; command `python3 scripts/bench.py --runs {args.runs}`.", ""]
    for name, desc, size, res in rows:
        base = res.get("CPython pickle.load")
        lines.append(f"## {name}: {desc} ({size / 1e6:.1f} MB)")
        lines.append("")
        lines.append("| command | median time | peak memory | time vs pickle.load | memory vs pickle.load | runs |")
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for label, (t, m, code_, runs) in res.items():
            rt = f"{t / base[0]:.3f}x" if base else ""
            rm = f"{m / base[1]:.3f}x" if base else ""
            bad = "" if code_ == 0 else f" (exit {code_})"
            lines.append(f"| {label}{bad} | {t:.3f} s | {m:.0f} MB | {rt} | {rm} | {runs} |")
        lines.append("")
    with open(args.out, "w") as f:
        f.write("\n".join(lines))
    print("wrote", args.out)


if __name__ == "__main__":
    main()
