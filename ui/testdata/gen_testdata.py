#!/usr/bin/env python3
"""Writes the pickles the ui tests decode. Run with CPython 3.11 from ui/testdata:

    python3 gen_testdata.py

Every file is written by CPython's own pickle module (except broken*.pkl, which
are the nested pickle cut short), so the tests see what real pickles look like.
"""
import pickle


class Point:
    """A plain class: pickled as __main__.Point with its __dict__ as state."""

    def __init__(self, x, y):
        self.x = x
        self.y = y


def nested():
    shared = {"lr": 0.001, "momentum": 0.9}
    return {
        "name": "Arun",
        "scores": [1, 2, 3.14],
        "meta": {"epochs": 10, "optimizer": shared},
        "again": shared,
        "blob": b"\x00\x01\x02",
        "tags": {3, 1, 2},
        "point": Point(1, 2),
        "wide": {f"k{i}": i for i in range(2500)},
    }


def cyclic():
    root = {"name": "root"}
    root["self"] = root
    items = [root]
    items.append(items)
    root["items"] = items
    return root


def write(name, obj, protocol=4):
    with open(name, "wb") as f:
        pickle.dump(obj, f, protocol=protocol)


def main():
    write("nested.pkl", nested())
    write("cycle.pkl", cyclic())
    write("big100k.pkl", list(range(100_000)))
    with open("multi.pkl", "wb") as f:
        pickle.dump({"first": 1}, f, protocol=2)
        pickle.dump(["second", "pickle"], f, protocol=4)
    # Protocol 2 has no frames, so a cut pickle decodes up to the cut.
    data = pickle.dumps(nested(), protocol=2)
    with open("broken.pkl", "wb") as f:
        f.write(data[: len(data) * 2 // 3])
    # Protocol 4 frames its ops: the cut leaves the first FRAME short.
    data = pickle.dumps(nested(), protocol=4)
    with open("broken_framed.pkl", "wb") as f:
        f.write(data[: len(data) * 2 // 3])


if __name__ == "__main__":
    main()
