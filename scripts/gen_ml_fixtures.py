#!/usr/bin/python3
"""Write testdata/ml: pickles and containers written by the real libraries
(NumPy, PyTorch, pandas, scikit-learn, joblib and the standard library),
each with the answers those libraries themselves give, for pklx's
decoder/container and model/ml tests.

Run with Debian's Python, which has the libraries from apt:

    apt-get install -y python3-numpy python3-pandas python3-sklearn \
        python3-joblib python3-torch
    /usr/bin/python3 scripts/gen_ml_fixtures.py

For every fixture NAME.EXT it writes NAME.json:

    {"file": "NAME.EXT", "how": "the call that wrote it",
     "format": the container format pklx should report,
     "versions": {library: version},
     "expect": {...}}

where "expect" holds what the library reports about the object (arr.tolist(),
tensor.tolist(), df.to_dict(), estimator.get_params(deep=False), repr(),
...), with floats that JSON cannot hold (nan, inf) written as
{"$float": "nan"}, complex numbers as {"real": re, "imag": im} and bytes as
{"$bytes": base64}, as pklx's plain JSON writes them. The Go
tests read these files; they never run Python.

Only the writers run here: the fixtures are written by pickle.dump,
torch.save, joblib.dump, np.save and friends; nothing is loaded back except
where a library's own answer is taken from the object in memory.
"""

import base64
import collections
import datetime
import decimal
import io
import json
import math
import os
import pathlib
import pickle
import re
import sys
import uuid
import warnings
import zipfile

import numpy as np

warnings.filterwarnings("ignore")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "ml")
os.makedirs(OUT, exist_ok=True)

VERSIONS = {"python": sys.version.split()[0], "numpy": np.__version__}


def jsonable(v):
    """Make v JSON: nan/inf and complex tagged, tuples as lists, numpy scalars as Python."""
    if isinstance(v, (np.generic,)):
        v = v.item()
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return {"$float": "nan"}
        if math.isinf(v):
            return {"$float": "inf" if v > 0 else "-inf"}
        return v
    if isinstance(v, complex):
        return {"real": jsonable(v.real), "imag": jsonable(v.imag)}
    if isinstance(v, bytes):
        return {"$bytes": base64.b64encode(v).decode()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): jsonable(x) for k, x in v.items()}
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    return repr(v)


def write(name, data, how, fmt, expect, versions=None):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    base = name.split(".")[0]
    meta = {"file": name, "how": how, "format": fmt,
            "versions": versions or VERSIONS, "expect": jsonable(expect)}
    with open(os.path.join(OUT, base + ".json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")


def array_expect(a):
    """What NumPy says about an array."""
    return {"dtype": a.dtype.str, "dtype_name": str(a.dtype), "shape": list(a.shape),
            "fortran": bool(a.flags.f_contiguous and not a.flags.c_contiguous),
            "values": a.tolist(), "itemsize": a.dtype.itemsize}


# ---------------------------------------------------------------- NumPy
def gen_numpy():
    f64 = np.arange(12, dtype=np.float64).reshape(3, 4) / 10
    f64[0, 1] = np.nan
    f64[2, 3] = np.inf
    i32 = np.array([[1, -2, 3], [2**31 - 1, -2**31, 0]], dtype=np.int32)
    fort = np.asfortranarray(np.arange(6, dtype=np.int16).reshape(2, 3))
    for proto in (2, 4):
        write(f"np_f64_p{proto}.pkl", pickle.dumps(f64, protocol=proto),
              f"pickle.dumps(f64 3x4 with nan and inf, protocol={proto})", "pickle", array_expect(f64))
    write("np_i32_p5.pkl", pickle.dumps(i32, protocol=5), "pickle.dumps(i32 2x3, protocol=5) (in-band)",
          "pickle", array_expect(i32))
    write("np_fortran_p4.pkl", pickle.dumps(fort, protocol=4), "pickle.dumps(fortran int16 2x3, protocol=4)",
          "pickle", array_expect(fort))
    write("np_fortran_p5.pkl", pickle.dumps(fort, protocol=5), "pickle.dumps(fortran int16 2x3, protocol=5)",
          "pickle", array_expect(fort))
    zero_d = np.array(2.5, dtype=np.float32)
    write("np_0d_p4.pkl", pickle.dumps(zero_d, protocol=4), "pickle.dumps(np.array(2.5, float32), protocol=4)",
          "pickle", array_expect(zero_d))
    # Out-of-band buffers: the pickle, and the buffers in a side file as
    # 8-byte little-endian length + bytes each.
    oob = np.linspace(0, 1, 5, dtype=np.float64)
    bufs = []
    data = pickle.dumps(oob, protocol=5, buffer_callback=bufs.append)
    side = b"".join(len(b.raw()).to_bytes(8, "little") + bytes(b.raw()) for b in bufs)
    with open(os.path.join(OUT, "np_oob_p5.buffers"), "wb") as f:
        f.write(side)
    write("np_oob_p5.pkl", data, "pickle.dumps(linspace(0,1,5), protocol=5, buffer_callback=bufs.append); "
          "buffers in np_oob_p5.buffers as u64le length + bytes", "pickle", array_expect(oob))
    # dtypes
    many = {
        "bool": np.array([True, False, True]),
        "uint8": np.array([0, 255, 7], dtype=np.uint8),
        "int64": np.array([-(2**63), 2**63 - 1], dtype=np.int64),
        "float16": np.array([0.5, -2.0, 65504.0], dtype=np.float16),
        "float32": np.array([1.5, -0.25], dtype=np.float32),
        "complex128": np.array([1 + 2j, -0.5j], dtype=np.complex128),
        "big_endian_i4": np.array([1, 256, -1], dtype=">i4"),
        "unicode": np.array(["ab", "ĉu", ""], dtype="<U3"),
        "bytes": np.array([b"ab", b"c"], dtype="S2"),
    }
    for proto in (2, 4):
        write(f"np_dtypes_p{proto}.pkl", pickle.dumps(many, protocol=proto),
              f"pickle.dumps(dict of 1-d arrays of several dtypes, protocol={proto})", "pickle",
              {k: array_expect(v) for k, v in many.items()})
    big = np.arange(2000, dtype=np.float32).reshape(40, 50) / 8
    write("np_big_p4.pkl", pickle.dumps(big, protocol=4), "pickle.dumps(arange(2000, float32).reshape(40, 50)/8, protocol=4)",
          "pickle", dict(array_expect(big), repr=repr(big)))
    st = np.array([(1, 2.5, b"x"), (-3, 0.125, b"yz")], dtype=[("a", "<i4"), ("b", "<f8"), ("c", "S2")])
    write("np_struct_p4.pkl", pickle.dumps(st, protocol=4), "pickle.dumps(structured array a:i4 b:f8 c:S2, protocol=4)",
          "pickle", dict(array_expect(st), names=list(st.dtype.names)))
    obj = np.array([1, "two", None, 3.5], dtype=object)
    write("np_object_p4.pkl", pickle.dumps(obj, protocol=4), "pickle.dumps(object array, protocol=4)",
          "pickle", array_expect(obj))
    scal = {"f8": np.float64(3.25), "i4": np.int32(-7), "b": np.bool_(True), "c8": np.complex64(1 - 1j),
            "u2": np.uint16(65535)}
    write("np_scalars_p4.pkl", pickle.dumps(scal, protocol=4), "pickle.dumps(dict of numpy scalars, protocol=4)",
          "pickle", {k: {"dtype": v.dtype.str, "value": v.item()} for k, v in scal.items()})
    # NumPy 2 module names (numpy._core), made from the protocol 2 pickle
    # (GLOBAL ops take the module name as a text line).
    p2 = pickle.dumps(f64, protocol=2)
    n2 = p2.replace(b"cnumpy.core.multiarray\n", b"cnumpy._core.multiarray\n")
    assert n2 != p2
    write("np_f64_numpy2names_p2.pkl", n2, "pickle.dumps(f64, protocol=2) with GLOBAL numpy.core.multiarray "
          "rewritten to numpy._core.multiarray (as NumPy 2 writes)", "pickle", array_expect(f64))
    # .npy and .npz
    buf = io.BytesIO()
    np.save(buf, f64)
    write("np_f64.npy", buf.getvalue(), "np.save(f64)", "npy", array_expect(f64))
    buf = io.BytesIO()
    np.save(buf, fort)
    write("np_fortran.npy", buf.getvalue(), "np.save(fortran int16)", "npy", array_expect(fort))
    buf = io.BytesIO()
    np.save(buf, obj, allow_pickle=True)
    write("np_object.npy", buf.getvalue(), "np.save(object array, allow_pickle=True)", "npy", array_expect(obj))
    buf = io.BytesIO()
    np.savez(buf, weights=f64, ints=i32, objs=obj)
    write("np_arrays.npz", buf.getvalue(), "np.savez(weights=f64, ints=i32, objs=obj)", "npz",
          {"weights": array_expect(f64), "ints": array_expect(i32), "objs": array_expect(obj)})
    buf = io.BytesIO()
    np.savez_compressed(buf, a=big, b=st)
    write("np_compressed.npz", buf.getvalue(), "np.savez_compressed(a=big, b=structured)", "npz",
          {"a": array_expect(big), "b": array_expect(st)})


# ---------------------------------------------------------------- stdlib
def gen_stdlib():
    tz = datetime.timezone(datetime.timedelta(hours=5, minutes=30), "IST")
    dd = collections.defaultdict(list)
    dd["x"].append(1)
    objs = collections.OrderedDict([
        ("datetime", datetime.datetime(2024, 1, 2, 3, 4, 5, 678901)),
        ("datetime_tz", datetime.datetime(2024, 12, 31, 23, 59, 59, tzinfo=tz)),
        ("datetime_utc", datetime.datetime(2000, 2, 29, 12, 0, tzinfo=datetime.timezone.utc)),
        ("date", datetime.date(1999, 12, 31)),
        ("time", datetime.time(13, 14, 15, 16)),
        ("timedelta", datetime.timedelta(days=-1, seconds=5, microseconds=7)),
        ("decimal", decimal.Decimal("-3.14159")),
        ("complex", complex(1.5, -2)),
        ("ordered", collections.OrderedDict([("b", 1), ("a", 2)])),
        ("defaultdict", dd),
        ("deque", collections.deque([1, 2, 3], maxlen=5)),
        ("counter", collections.Counter("abracadabra")),
        ("uuid", uuid.UUID("12345678-1234-5678-1234-567812345678")),
        ("path", pathlib.PurePosixPath("/tmp/data/x.csv")),
        ("pattern", re.compile(r"^a+b?$", re.IGNORECASE)),
        ("range", range(2, 20, 3)),
        ("slice", slice(1, None, 2)),
    ])
    expect = {}
    for k, v in objs.items():
        e = {"repr": repr(v), "type": type(v).__module__ + "." + type(v).__qualname__}
        if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
            e["iso"] = v.isoformat()
        if isinstance(v, datetime.timedelta):
            e["parts"] = [v.days, v.seconds, v.microseconds]
            e["total_seconds"] = v.total_seconds()
        if isinstance(v, decimal.Decimal):
            e["str"] = str(v)
        if isinstance(v, complex):
            e["value"] = v
        if isinstance(v, uuid.UUID):
            e["str"] = str(v)
        if isinstance(v, re.Pattern):
            e["pattern"] = v.pattern
            e["flags"] = v.flags
        expect[k] = e
    for proto in (0, 2, 4):
        write(f"stdlib_p{proto}.pkl", pickle.dumps(objs, protocol=proto),
              f"pickle.dumps(OrderedDict of stdlib values, protocol={proto})", "pickle", expect)


# ---------------------------------------------------------------- PyTorch
def gen_torch():
    import torch
    v = dict(VERSIONS, torch=torch.__version__)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    sd = model.state_dict()

    def tensor_expect(t):
        return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "stride": list(t.stride()),
                "storage_offset": t.storage_offset(), "requires_grad": t.requires_grad, "device": str(t.device),
                "values": t.tolist()}
    sd_expect = {k: tensor_expect(t) for k, t in sd.items()}
    buf = io.BytesIO()
    torch.save(sd, buf)
    write("torch_state_dict.pt", buf.getvalue(), "torch.save(Sequential(Linear(3,2), BatchNorm1d(2)).state_dict())",
          "pytorch zip", sd_expect, v)
    buf = io.BytesIO()
    torch.save(sd, buf, _use_new_zipfile_serialization=False)
    write("torch_state_dict_legacy.pt", buf.getvalue(),
          "torch.save(same state_dict, _use_new_zipfile_serialization=False)", "pytorch legacy", sd_expect, v)
    base = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    views = collections.OrderedDict([
        ("base", base), ("row", base[1]), ("col", base[:, 2]), ("t", base.t()),
        ("half", torch.tensor([0.5, -1.0], dtype=torch.float16)),
        ("long", torch.tensor([[1, -2], [3, 2**40]], dtype=torch.int64)),
        ("bool", torch.tensor([True, False])),
        ("param", torch.nn.Parameter(torch.tensor([1.0, 2.0]))),
        ("scalar", torch.tensor(7, dtype=torch.int32)),
    ])
    expect = {k: tensor_expect(t) for k, t in views.items()}
    expect["_shared"] = [["base", "row", "col", "t"]]
    buf = io.BytesIO()
    torch.save(views, buf)
    write("torch_views.pt", buf.getvalue(), "torch.save(OrderedDict of a tensor, views sharing its storage, "
          "dtypes, a Parameter and a 0-d tensor)", "pytorch zip", expect, v)
    buf = io.BytesIO()
    torch.save(views, buf, _use_new_zipfile_serialization=False)
    write("torch_views_legacy.pt", buf.getvalue(), "torch.save(same, _use_new_zipfile_serialization=False)",
          "pytorch legacy", expect, v)


# ---------------------------------------------------------------- pandas
def gen_pandas():
    import pandas as pd
    v = dict(VERSIONS, pandas=pd.__version__)
    df = pd.DataFrame({
        "id": np.arange(5, dtype=np.int64),
        "score": [0.5, np.nan, 2.25, -1.0, 1e10],
        "name": ["ann", "bob", None, "dee", "eve"],
        "ok": [True, False, True, True, False],
        "n32": np.array([1, 2, 3, 4, 5], dtype=np.int32),
    })
    expect = {"shape": list(df.shape), "columns": list(df.columns), "dtypes": [str(t) for t in df.dtypes],
              "index": df.index.tolist(), "data": df.to_dict(orient="list")}
    write("pandas_df_p4.pkl", pickle.dumps(df, protocol=4), "pickle.dumps(DataFrame 5x5, protocol=4)",
          "pickle", expect, v)
    write("pandas_df_p5.pkl", pickle.dumps(df, protocol=5), "pickle.dumps(DataFrame 5x5, protocol=5)",
          "pickle", expect, v)
    df2 = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [4, 5, 6]}, index=pd.Index(["a", "b", "c"], name="key"))
    expect2 = {"shape": list(df2.shape), "columns": list(df2.columns), "dtypes": [str(t) for t in df2.dtypes],
               "index": df2.index.tolist(), "index_name": df2.index.name, "data": df2.to_dict(orient="list")}
    write("pandas_df_strindex_p4.pkl", pickle.dumps(df2, protocol=4),
          "pickle.dumps(DataFrame with a named str index, protocol=4)", "pickle", expect2, v)
    s = pd.Series([1.5, 2.5, np.nan], index=[10, 20, 30], name="temp")
    write("pandas_series_p4.pkl", pickle.dumps(s, protocol=4), "pickle.dumps(Series name=temp, protocol=4)",
          "pickle", {"name": s.name, "dtype": str(s.dtype), "index": s.index.tolist(), "values": s.tolist()}, v)


# ---------------------------------------------------------------- scikit-learn and joblib
def gen_sklearn():
    import joblib
    import sklearn
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    v = dict(VERSIONS, sklearn=sklearn.__version__, joblib=joblib.__version__)
    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 3))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    rf = RandomForestClassifier(n_estimators=3, max_depth=2, random_state=0).fit(X, y)
    pipe = Pipeline([("scale", StandardScaler()), ("clf", LogisticRegression())]).fit(X, y)

    def est_expect(e):
        out = {"class": type(e).__module__ + "." + type(e).__qualname__,
               "sklearn_version": sklearn.__version__,
               "params": {k: (repr(p) if hasattr(p, "get_params") or isinstance(p, list) else p)
                          for k, p in e.get_params(deep=False).items()},
               "fitted": sorted(k for k in vars(e) if k.endswith("_") and not k.startswith("_"))}
        return out
    rf_expect = est_expect(rf)
    rf_expect["n_estimators_"] = len(rf.estimators_)
    rf_expect["estimators"] = [est_expect(t) for t in rf.estimators_]
    rf_expect["classes_"] = rf.classes_.tolist()
    rf_expect["tree0_node_count"] = rf.estimators_[0].tree_.node_count
    rf_expect["tree0_feature"] = rf.estimators_[0].tree_.feature.tolist()
    rf_expect["tree0_threshold"] = rf.estimators_[0].tree_.threshold.tolist()
    pipe_expect = est_expect(pipe)
    pipe_expect["steps"] = [[name, est_expect(s)] for name, s in pipe.steps]
    pipe_expect["scale_mean_"] = pipe.named_steps["scale"].mean_.tolist()
    pipe_expect["coef_"] = pipe.named_steps["clf"].coef_.tolist()
    write("sklearn_rf_p4.pkl", pickle.dumps(rf, protocol=4), "pickle.dumps(RandomForestClassifier(n_estimators=3, "
          "max_depth=2).fit(X, y), protocol=4)", "pickle", rf_expect, v)
    write("sklearn_pipeline_p5.pkl", pickle.dumps(pipe, protocol=5), "pickle.dumps(Pipeline(StandardScaler, "
          "LogisticRegression).fit(X, y), protocol=5)", "pickle", pipe_expect, v)

    def dump(obj, **kw):
        path = os.path.join(OUT, ".tmp.joblib")
        joblib.dump(obj, path, **kw)
        with open(path, "rb") as f:
            b = f.read()
        os.remove(path)
        return b
    write("joblib_rf.joblib", dump(rf), "joblib.dump(the RandomForestClassifier)", "joblib", rf_expect, v)
    write("joblib_pipeline.joblib", dump(pipe), "joblib.dump(the Pipeline)", "joblib", pipe_expect, v)
    arrays = {"f64": np.arange(12, dtype=np.float64).reshape(3, 4) / 4,
              "fortran": np.asfortranarray(np.arange(6, dtype=np.int16).reshape(2, 3)),
              "objs": np.array([1, "two", None], dtype=object),
              "list": [np.array([1, 2, 3], dtype=np.uint8), "text", 3.5],
              "struct": np.array([(1, 2.5)], dtype=[("a", "<i4"), ("b", "<f8")]),
              "empty": np.zeros((0, 3), dtype=np.float32)}
    aexp = {k: array_expect(a) for k, a in arrays.items() if isinstance(a, np.ndarray)}
    aexp["list0"] = array_expect(arrays["list"][0])
    write("joblib_arrays.joblib", dump(arrays), "joblib.dump(dict of arrays: f64, fortran int16, object, a list "
          "holding an array, structured, empty)", "joblib", aexp, v)
    small = {"w": np.arange(10, dtype=np.float64) / 3, "name": "model", "objs": np.array(["a", 1], dtype=object)}
    sexp = {"w": array_expect(small["w"]), "objs": array_expect(small["objs"]), "name": "model"}
    comps = [("zlib", ("zlib", 3), "z"), ("gzip", "gzip", "gz"), ("bz2", "bz2", "bz2"), ("xz", "xz", "xz"),
             ("lzma", "lzma", "lzma")]
    try:
        import lz4  # noqa: F401
        comps.append(("lz4", "lz4", "lz4"))
    except ImportError:
        print("lz4 module not installed: no joblib lz4 fixture", file=sys.stderr)
    for name, comp, ext in comps:
        write(f"joblib_{name}.joblib.{ext}", dump(small, compress=comp), f"joblib.dump(small dict, compress={comp!r})",
              f"joblib ({name})", sexp, v)


def gen_zip_member_check():
    """A zip whose members are plain pickles and not a PyTorch archive."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in [("a.pkl", pickle.dumps({"a": 1}, protocol=4)),
                           ("sub/b.pickle", pickle.dumps([1, 2, 3], protocol=2)),
                           ("readme.txt", b"not a pickle")]:
            # A fixed date keeps the fixture byte-identical between runs.
            z.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, compress_type=zipfile.ZIP_DEFLATED)
    write("zip_of_pickles.zip", buf.getvalue(), "zipfile with a.pkl, sub/b.pickle (deflated) and readme.txt",
          "zip", {"a.pkl": {"a": 1}, "sub/b.pickle": [1, 2, 3]})


if __name__ == "__main__":
    gen_numpy()
    gen_stdlib()
    gen_zip_member_check()
    for gen in (gen_torch, gen_pandas, gen_sklearn):
        gen()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f"wrote {len(os.listdir(OUT))} files, {total} bytes, in {OUT}")
