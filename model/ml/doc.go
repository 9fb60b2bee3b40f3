// Package ml recognises the objects of Python's data and machine-learning
// libraries in a decoded pickle and presents them the way their library
// would: NumPy arrays, dtypes and scalars, PyTorch tensors and parameters,
// pandas DataFrames, Series and indexes, scikit-learn estimators, and the
// standard library's datetime, decimal, collections, uuid, pathlib and re
// objects, range and slice.
//
// Everything is read from the raw graph and the bytes: the reconstruction
// calls a pickle holds (numpy.core.multiarray._reconstruct + BUILD,
// torch._utils._rebuild_tensor_v2, pandas' block managers, ...) are matched
// by the names they call, and values are decoded from the array bytes the
// pickle carries, or that its container holds outside the pickle (a
// PyTorch storage, a joblib inline array, an out-of-band buffer) through
// the pickle's model.Extern. Nothing is imported, resolved or run.
//
// Recognize returns a View for a node: a one-line Summary
// ("numpy.ndarray (float64, 3×4)", "DataFrame (100 rows × 3 columns)",
// "datetime.datetime(2024, 1, 2, 3, 4, 5)"), detail Rows for the tree, and,
// for values with a plain JSON form (arrays, tensors, DataFrames, Series,
// datetimes, Decimals, UUIDs, paths), WriteJSON. Plain JSON follows
// model/export's conventions: nan as {"$float": "nan"}, bytes as
// {"$bytes": base64}, complex items as {"real": re, "imag": im}. A view is a layer over
// the graph: the raw calls stay where they are.
//
// Work is bounded: a view reads only the nodes its recogniser names, never
// walks the graph recursively, checks every length and offset read from
// the pickle against the bytes at hand before using it, and formats at
// most a few thousand values for any text. JSON of an array streams its
// values.
//
// Package ml never imports Fyne and builds with CGO_ENABLED=0.
package ml
