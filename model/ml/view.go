package ml

import (
	"fmt"
	"strings"

	"pklx/model"
	"pklx/model/pyrepr"
)

// View is a recognised object: what its library would call it and show.
type View interface {
	// Type is the Python type the object is, e.g. "numpy.ndarray",
	// "torch.Tensor", "pandas.DataFrame", "datetime.datetime".
	Type() string
	// Summary is one line: "numpy.ndarray (float64, 3×4)",
	// "DataFrame (100 rows × 3 columns)", "datetime.datetime(2024, 1, 2, 3, 4, 5)".
	Summary() string
	// Rows are the details shown below the object: its dtype, shape,
	// values, columns, hyper-parameters... Rows with a Node stand for that
	// node of the pickle (a DataFrame column's array, an estimator's
	// parameter).
	Rows() []Row
}

// Row is one detail line of a View.
type Row struct {
	Name string       // "dtype", "shape", "values", "'score'", "n_estimators"
	Text string       // the value, as one line
	Node model.NodeID // the node the row stands for, or NoNode
}

// JSONer is a View with a plain JSON form (arrays, tensors, DataFrames,
// Series, dates and times, Decimals, complex numbers, UUIDs, paths).
type JSONer interface {
	View
	// WriteJSON writes the value as plain JSON.
	WriteJSON(w *JSONWriter) error
}

// rowText bounds the text of a value row.
const rowText = 240

// Recognize returns the view of node n when it is an object this package
// knows. It costs a few edge lookups for nodes it does not know, so it
// can be asked about every row of a tree.
func Recognize(p *model.Pickle, n model.NodeID) (View, bool) {
	return recognize(p, n, 0)
}

// maxNest bounds how deeply views look into each other (a DataFrame
// reads its index, which reads its array; an estimator's rows summarise
// its parameters). Beyond it a node is named by its type only, so cycles
// through BUILD states and memo references end.
const maxNest = 3

// recognize is Recognize at nesting depth d.
func recognize(p *model.Pickle, n model.NodeID, d int) (View, bool) {
	if d > maxNest {
		return nil, false
	}
	if p == nil || n < 0 || int(n) >= p.NumNodes() || p.Kind(n) != model.KindCall {
		return nil, false
	}
	g := PickleGraph(p)
	name := callee(g, n)
	switch name {
	case "numpy.core.multiarray._reconstruct", "numpy.core.numeric._frombuffer":
		return arrayView(p, g, n, d)
	case "numpy.core.multiarray.scalar":
		return scalarView(p, g, n, d)
	case "numpy.dtype":
		if d, err := ParseDType(g, n); err == nil {
			return &DTypeView{DType: d}, true
		}
		return nil, false
	case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter",
		"torch._utils._rebuild_parameter_with_state":
		return tensorView(p, g, n)
	case "pandas.core.indexes.base._new_Index":
		return indexView(p, g, n, d)
	case "pandas.core.internals.managers.BlockManager", "pandas.core.internals.managers.SingleBlockManager":
		return nil, false
	}
	if v, ok := stdlibView(p, g, n, name, d); ok {
		return v, true
	}
	class, state, ok := instance(g, n)
	if !ok {
		return nil, false
	}
	switch class {
	case "joblib.numpy_pickle.NumpyArrayWrapper":
		return joblibArrayView(p, g, n, state, d)
	case "pandas.core.frame.DataFrame":
		return frameView(p, g, n, state, d)
	case "pandas.core.series.Series":
		return seriesView(p, g, n, state, d)
	}
	if strings.HasPrefix(class, "sklearn.") {
		return estimatorView(p, g, n, class, state, d)
	}
	if v, ok := stdlibInstance(p, g, n, class, state); ok {
		return v, true
	}
	return nil, false
}

// inlineNode is a short text for a node inside a view's text: the repr of
// simple values, the type of others.
func inlineNode(p *model.Pickle, n model.NodeID, d int) string {
	if p == nil || n < 0 {
		return "?"
	}
	switch p.Kind(n) {
	case model.KindNone:
		return "None"
	case model.KindBool:
		return pyrepr.Bool(p.Int(n) != 0)
	case model.KindInt, model.KindBigInt:
		return pyrepr.Int(p.BigInt(n))
	case model.KindFloat:
		return pyrepr.Float(p.Float(n))
	case model.KindStr:
		s := p.Str(n)
		if len(s) > 60 {
			s = s[:60] + "…"
		}
		return pyrepr.Str(s)
	case model.KindStr8, model.KindBytes, model.KindByteArray:
		b := p.Bytes(n)
		if len(b) > 40 {
			return pyrepr.Bytes(b[:40]) + "…"
		}
		return pyrepr.Bytes(b)
	case model.KindGlobal:
		m, nm := p.Global(n)
		return m + "." + nm
	case model.KindList, model.KindTuple, model.KindSet, model.KindFrozenSet:
		return fmt.Sprintf("%s[%d]", p.Kind(n), len(items(PickleGraph(p), n)))
	case model.KindDict:
		return fmt.Sprintf("dict[%d]", len(entries(PickleGraph(p), n)))
	}
	if d < maxNest {
		if v, ok := recognize(p, n, d+1); ok {
			return v.Summary()
		}
	}
	if c, _, ok := instance(PickleGraph(p), n); ok {
		return shortName(c) + "(…)"
	}
	return p.Kind(n).String()
}
