#!/usr/bin/env python3
"""Write assets/sample.pkl and its CPython disassembly, assets/sample.dis.

Run from anywhere with CPython 3.11 (stdlib only):

    python3 scripts/gen_sample.py

The sample is a small machine-learning experiment record built only from
builtin types, so that it exercises most of what pklx has to show without any
class that a reader would need to import:

  - nested dicts, lists and tuples, an empty tuple and an empty list;
  - a set and a frozenset;
  - bytes and a bytearray (protocol 4 pickles bytearray by REDUCE of the
    global builtins.bytearray, so the file names one global it would import);
  - floats, small ints, a negative int and an int larger than 2**64 (LONG1);
  - None, True and False;
  - a string with non-ASCII characters;
  - one sub-object (the optimiser config) referenced from two places, so the
    pickle reads it back from the memo with BINGET;
  - a cycle: every run holds a "parent" link back to the record itself.

sample.dis is the exact standard output of `python3 -m pickletools
assets/sample.pkl`. It is CPython's output and serves as an oracle for
`pklx dis`: never regenerate it from pklx.

Set iteration order depends on string hashing, which CPython randomises per
process; the script re-executes itself with PYTHONHASHSEED=0 so that the
output is byte-for-byte reproducible.
"""

import os
import pickle
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.join(os.path.dirname(HERE), "assets")
PKL = os.path.join(ASSETS, "sample.pkl")
DIS = os.path.join(ASSETS, "sample.dis")
MAX_SIZE = 2048


def build():
    """Return the experiment record. Only builtin types, no classes."""
    optimizer = {
        "name": "adamw",
        "lr": 0.0003,
        "betas": (0.9, 0.999),
        "weight_decay": 0.01,
    }
    record = {
        "experiment": "résumé-classifier/α-sweep",
        "id": 2**70 + 12345,  # larger than 2**64: LONG1
        "seed": 1337,
        "offset": -42,
        "finished": True,
        "cancelled": False,
        "notes": None,
        "tags": {"baseline", "gpu", "fp16"},
        "labels": frozenset({"negative", "neutral", "positive"}),
        "optimizer": optimizer,
        "shape": (224, 224, 3),
        "empty": (),
        "checksum": bytes.fromhex("9f86d081884c7d659a2feaa0c55ad015"),
        "scratch": bytearray(b"\x00\x01\xfe\xff"),
        "runs": [],
    }
    for i, (loss, acc) in enumerate([(0.6931, 0.5), (0.2876, 0.8875)]):
        record["runs"].append(
            {
                "run": i,
                "loss": loss,
                "accuracy": acc,
                "history": [round(loss * (1 + k / 10), 4) for k in (3, 2, 1)],
                "optimizer": optimizer,  # shared: second reference is a memo GET
                "parent": record,  # cycle back to the top-level dict
                "warnings": [],
            }
        )
    return record


def check(record, data):
    """Fail loudly if the pickle does not round-trip to the same shape."""
    back = pickle.loads(data)
    assert back["runs"][0]["parent"] is back, "cycle lost"
    assert back["runs"][0]["optimizer"] is back["runs"][1]["optimizer"] is back["optimizer"], "sharing lost"
    assert isinstance(back["scratch"], bytearray)
    assert back["id"] > 2**64
    for key in record:
        if key != "runs":
            assert back[key] == record[key], key
    assert len(data) < MAX_SIZE, "sample.pkl is %d bytes, keep it under %d" % (len(data), MAX_SIZE)


def main():
    if os.environ.get("PYTHONHASHSEED") != "0":
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable] + sys.argv, env)

    record = build()
    data = pickle.dumps(record, protocol=4)
    check(record, data)
    with open(PKL, "wb") as f:
        f.write(data)

    dis = subprocess.run(
        [sys.executable, "-m", "pickletools", PKL],
        check=True,
        stdout=subprocess.PIPE,
    ).stdout
    with open(DIS, "wb") as f:
        f.write(dis)

    print("wrote %s (%d bytes) and %s (%d lines), python %s"
          % (os.path.relpath(PKL), len(data), os.path.relpath(DIS),
             dis.count(b"\n"), sys.version.split()[0]))


if __name__ == "__main__":
    main()
