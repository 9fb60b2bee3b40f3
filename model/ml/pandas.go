package ml

import (
	"fmt"
	"strconv"
	"strings"

	"pklx/model"
)

// IndexView is a pandas Index: a RangeIndex (start, stop, step) or an
// index over an array of labels.
type IndexView struct {
	Class string // "pandas.RangeIndex", "pandas.Index", "pandas.Int64Index", ...
	Name  model.NodeID
	// Range is set for a RangeIndex.
	Range   bool
	Start   int64
	Stop    int64
	Step    int64
	Labels  *ArrayView // the labels of other indexes (nil when unread)
	Node    model.NodeID
	p       *model.Pickle
	unknown string // why the labels are not read
	depth   int
}

// Len is the number of labels, -1 when unknown.
func (v *IndexView) Len() int64 {
	if v.Range {
		if v.Step == 0 {
			return -1
		}
		var n int64
		if v.Step > 0 && v.Stop > v.Start {
			n = (v.Stop - v.Start + v.Step - 1) / v.Step
		} else if v.Step < 0 && v.Stop < v.Start {
			n = (v.Start - v.Stop - v.Step - 1) / -v.Step
		}
		return n
	}
	if v.Labels != nil && v.Labels.Values() && len(v.Labels.Shape) == 1 {
		return v.Labels.Shape[0]
	}
	return -1
}

// Type is the index class.
func (v *IndexView) Type() string { return v.Class }

// Summary is "RangeIndex(start=0, stop=5, step=1)" or "Index (3 labels, object)".
func (v *IndexView) Summary() string {
	if v.Range {
		return fmt.Sprintf("RangeIndex(start=%d, stop=%d, step=%d)", v.Start, v.Stop, v.Step)
	}
	if v.Labels != nil {
		return fmt.Sprintf("%s (%d labels, %s)", shortName(v.Class), v.Len(), v.Labels.DType.Name())
	}
	return shortName(v.Class)
}

// Rows are the name and the labels.
func (v *IndexView) Rows() []Row {
	rows := []Row{{Name: "name", Text: inlineNode(v.p, v.Name, v.depth+1), Node: v.Name}}
	if v.Labels != nil {
		rows = append(rows, Row{Name: "labels", Text: v.Labels.Text(rowText), Node: v.Labels.Node})
	} else if v.unknown != "" {
		rows = append(rows, Row{Name: "labels", Text: "(" + v.unknown + ")", Node: model.NoNode})
	}
	return rows
}

// WriteJSON writes the labels as a list.
func (v *IndexView) WriteJSON(w *JSONWriter) error {
	if v.Range {
		w.BeginList()
		for i, n := int64(0), v.Len(); i < n; i++ {
			w.Number(strconv.FormatInt(v.Start+i*v.Step, 10))
		}
		w.EndList()
		return w.err
	}
	if v.Labels != nil {
		return w.Array(&v.Labels.Array)
	}
	w.Null()
	return w.err
}

// label is the text of label i (for column names).
func (v *IndexView) label(i int64) (string, any) {
	if v.Range {
		x := v.Start + i*v.Step
		return strconv.FormatInt(x, 10), x
	}
	if v.Labels != nil && v.Labels.Values() && i < v.Len() {
		it := v.Labels.At(i)
		if n, ok := it.(model.NodeID); ok {
			if s, ok := text(PickleGraph(v.p), n); ok && v.p.Kind(n) == model.KindStr {
				return s, s
			}
			s := inlineNode(v.p, n, v.depth+1)
			return s, s
		}
		return formatElem(it, v.Labels.bits()), it
	}
	return strconv.FormatInt(i, 10), i
}

// indexView reads pandas.core.indexes.base._new_Index(cls, d).
func indexView(p *model.Pickle, g Graph, n model.NodeID, d int) (View, bool) {
	a := args(g, n)
	if len(a) < 2 || g.Kind(a[1]) != model.KindDict {
		return nil, false
	}
	cls := globalName(g, a[0])
	dict := a[1]
	v := &IndexView{Class: "pandas." + shortName(cls), Name: get(g, dict, "name"), Node: n, p: p, depth: d}
	if strings.HasSuffix(cls, "RangeIndex") {
		start, ok1 := intOf(g, get(g, dict, "start"))
		stop, ok2 := intOf(g, get(g, dict, "stop"))
		step, ok3 := intOf(g, get(g, dict, "step"))
		if !ok2 {
			return nil, false
		}
		if !ok1 {
			start = 0
		}
		if !ok3 {
			step = 1
		}
		v.Range, v.Start, v.Stop, v.Step = true, start, stop, step
		return v, true
	}
	data := get(g, dict, "data")
	if av, ok := recognize(p, data, d+1); ok {
		if arr, ok := av.(*ArrayView); ok {
			v.Labels = arr
			return v, true
		}
		v.unknown = "labels are a " + av.Type()
		return v, true
	}
	v.unknown = "labels not read"
	return v, true
}

// Column is one column of a DataFrame.
type Column struct {
	Label string // the column label as text
	Key   any    // the label's value (string, int64, ...)
	DType string // "int64", "float64", "object", or an extension type
	// Values are the column's items (a view into its block), nil when the
	// block is not an array this package reads (Block names it).
	Values *Array
	Block  model.NodeID
}

// FrameView is a pandas DataFrame read from its block manager.
type FrameView struct {
	Columns []Column
	Index   *IndexView
	NRows   int64
	Node    model.NodeID
	Problem string // why the table could not be read completely
	p       *model.Pickle
	depth   int
}

// Type is "pandas.DataFrame".
func (v *FrameView) Type() string { return "pandas.DataFrame" }

// Summary is "DataFrame (5 rows × 3 columns)".
func (v *FrameView) Summary() string {
	return fmt.Sprintf("DataFrame (%d rows × %d columns)", v.NRows, len(v.Columns))
}

// Rows are the index, then one row per column with its type and values.
func (v *FrameView) Rows() []Row {
	var rows []Row
	if v.Index != nil {
		rows = append(rows, Row{Name: "index", Text: v.Index.Summary(), Node: v.Index.Node})
	}
	for _, c := range v.Columns {
		t := c.DType
		if c.Values != nil {
			t += ": " + c.Values.Text(rowText)
		}
		rows = append(rows, Row{Name: c.Label, Text: t, Node: c.Block})
	}
	if v.Problem != "" {
		rows = append(rows, Row{Name: "note", Text: v.Problem, Node: model.NoNode})
	}
	return rows
}

// WriteJSON writes {"$class": "pandas.DataFrame", "index": [...],
// "columns": {label: [values]}}.
func (v *FrameView) WriteJSON(w *JSONWriter) error {
	w.BeginObject()
	w.Key("$class")
	w.String("pandas.DataFrame")
	w.Key("index")
	if v.Index != nil {
		v.Index.WriteJSON(w)
	} else {
		w.Null()
	}
	w.Key("columns")
	w.BeginObject()
	for _, c := range v.Columns {
		w.Key(c.Label)
		if c.Values != nil {
			w.Array(c.Values)
		} else {
			w.Node(c.Block)
		}
	}
	w.EndObject()
	w.EndObject()
	return w.err
}

// SeriesView is a pandas Series.
type SeriesView struct {
	Name   model.NodeID
	Index  *IndexView
	Values *Array
	DType  string
	Block  model.NodeID
	Node   model.NodeID
	p      *model.Pickle
	depth  int
}

// Type is "pandas.Series".
func (v *SeriesView) Type() string { return "pandas.Series" }

// Summary is "Series 'temp' (3 rows, float64)".
func (v *SeriesView) Summary() string {
	n := int64(-1)
	if v.Values != nil && len(v.Values.Shape) == 1 {
		n = v.Values.Shape[0]
	} else if v.Index != nil {
		n = v.Index.Len()
	}
	name := ""
	if v.Name >= 0 && v.p.Kind(v.Name) != model.KindNone {
		name = " " + inlineNode(v.p, v.Name, v.depth+1)
	}
	return fmt.Sprintf("Series%s (%d rows, %s)", name, n, v.DType)
}

// Rows are the name, index and values.
func (v *SeriesView) Rows() []Row {
	rows := []Row{{Name: "name", Text: inlineNode(v.p, v.Name, v.depth+1), Node: v.Name}}
	if v.Index != nil {
		rows = append(rows, Row{Name: "index", Text: v.Index.Summary(), Node: v.Index.Node})
	}
	t := v.DType
	if v.Values != nil {
		t += ": " + v.Values.Text(rowText)
	}
	rows = append(rows, Row{Name: "values", Text: t, Node: v.Block})
	return rows
}

// WriteJSON writes {"$class": "pandas.Series", "name": ..., "index":
// [...], "values": [...]}.
func (v *SeriesView) WriteJSON(w *JSONWriter) error {
	w.BeginObject()
	w.Key("$class")
	w.String("pandas.Series")
	w.Key("name")
	w.Node(v.Name)
	w.Key("index")
	if v.Index != nil {
		v.Index.WriteJSON(w)
	} else {
		w.Null()
	}
	w.Key("values")
	if v.Values != nil {
		w.Array(v.Values)
	} else {
		w.Node(v.Block)
	}
	w.EndObject()
	return w.err
}

// manager is a block manager: its axes and blocks.
type manager struct {
	axes   []model.NodeID
	blocks []block
}

type block struct {
	values    model.NodeID
	placement []int64 // column positions; nil when unread
}

// maxColumns bounds the columns a view lists.
const maxColumns = 1 << 16

// readManager reads the two pickled forms of a pandas block manager:
// pandas 1.5's BlockManager(blocks, axes) call with
// _unpickle_block(values, placement, ndim) blocks, and the __getstate__
// form (axes, values, items, {'0.14.1': {'axes': ..., 'blocks': [{'values',
// 'mgr_locs'}]}}) that SingleBlockManager and older versions use.
func readManager(g Graph, n model.NodeID, d int) (manager, error) {
	var m manager
	if n < 0 || g.Kind(n) != model.KindCall {
		return m, fmt.Errorf("_mgr is not an object")
	}
	if st := lastRole(g, n, model.RoleState); st >= 0 && g.Kind(st) == model.KindTuple {
		s := items(g, st)
		if len(s) >= 4 && g.Kind(s[3]) == model.KindDict {
			ex := get(g, s[3], "0.14.1")
			if ex >= 0 {
				m.axes = items(g, get(g, ex, "axes"))
				for _, b := range items(g, get(g, ex, "blocks")) {
					m.blocks = append(m.blocks, block{values: get(g, b, "values"), placement: placement(g, get(g, b, "mgr_locs"), d)})
				}
				return m, nil
			}
		}
		return m, fmt.Errorf("unknown block manager state")
	}
	a := args(g, n)
	if len(a) < 2 {
		return m, fmt.Errorf("block manager without blocks and axes")
	}
	m.axes = items(g, a[1])
	for _, b := range items(g, a[0]) {
		switch callee(g, b) {
		case "pandas._libs.internals._unpickle_block", "pandas.core.internals.blocks.new_block",
			"pandas.core.internals.blocks._unpickle_block":
			ba := args(g, b)
			if len(ba) < 2 {
				return m, fmt.Errorf("block without values and placement")
			}
			m.blocks = append(m.blocks, block{values: ba[0], placement: placement(g, ba[1], d)})
		default:
			return m, fmt.Errorf("unknown block %s", callee(g, b))
		}
	}
	return m, nil
}

// placement reads a block's column positions: slice(start, stop, step),
// a BlockPlacement of one, or an int64 array.
func placement(g Graph, n model.NodeID, d int) []int64 {
	if n < 0 {
		return nil
	}
	if callee(g, n) == "builtins.slice" {
		a := args(g, n)
		if len(a) != 3 {
			return nil
		}
		start, _ := intOf(g, a[0])
		stop, ok := intOf(g, a[1])
		step, ok2 := intOf(g, a[2])
		if !ok2 {
			step = 1
		}
		if !ok || step <= 0 || stop < start || (stop-start)/step > maxColumns {
			return nil
		}
		var out []int64
		for i := start; i < stop; i += step {
			out = append(out, i)
		}
		return out
	}
	if p, ok := g.(pickleGraph); ok {
		if v, ok := recognize(p.p, n, d+1); ok {
			if av, ok := v.(*ArrayView); ok && av.Values() && len(av.Shape) == 1 && av.DType.Kind == 'i' && av.Shape[0] <= maxColumns {
				out := make([]int64, av.Shape[0])
				for i := range out {
					out[i], _ = av.At(int64(i)).(int64)
				}
				return out
			}
		}
	}
	return nil
}

// frameView reads a DataFrame: NEWOBJ + BUILD {'_mgr': manager, ...}.
func frameView(p *model.Pickle, g Graph, n, state model.NodeID, d int) (View, bool) {
	if state < 0 || g.Kind(state) != model.KindDict {
		return nil, false
	}
	mgr := get(g, state, "_mgr")
	if mgr < 0 {
		mgr = get(g, state, "_data") // pandas < 1.1
	}
	m, err := readManager(g, mgr, d)
	v := &FrameView{Node: n, p: p, depth: d}
	if err != nil {
		v.Problem = err.Error()
		return v, true
	}
	if len(m.axes) != 2 {
		v.Problem = fmt.Sprintf("the block manager has %d axes, not 2", len(m.axes))
		return v, true
	}
	cols, _ := axisIndex(p, m.axes[0], d)
	v.Index, _ = axisIndex(p, m.axes[1], d)
	if v.Index != nil {
		v.NRows = v.Index.Len()
	}
	ncols := int64(-1)
	if cols != nil {
		ncols = cols.Len()
	}
	if ncols < 0 || ncols > maxColumns {
		v.Problem = "the column labels could not be read"
		return v, true
	}
	v.Columns = make([]Column, ncols)
	for i := range v.Columns {
		v.Columns[i].Label, v.Columns[i].Key = cols.label(int64(i))
		v.Columns[i].Block = model.NoNode
		v.Columns[i].DType = "?"
	}
	for _, b := range m.blocks {
		bv, isArr := recognize(p, b.values, d+1)
		var arr *ArrayView
		if isArr {
			arr, isArr = bv.(*ArrayView)
		}
		for j, pos := range b.placement {
			if pos < 0 || pos >= ncols {
				v.Problem = "a block places a column outside the table"
				continue
			}
			c := &v.Columns[pos]
			c.Block = b.values
			switch {
			case isArr:
				c.DType = arr.DType.Name()
				c.Values = blockRow(&arr.Array, int64(j))
			case bv != nil:
				c.DType = bv.Type()
			default:
				c.DType = typeName(p, b.values)
			}
		}
	}
	return v, true
}

// typeName names what a node is, for an unread block.
func typeName(p *model.Pickle, n model.NodeID) string {
	if n < 0 {
		return "?"
	}
	if c, _, ok := instance(PickleGraph(p), n); ok {
		return c
	}
	return p.Kind(n).String()
}

// axisIndex reads an axis of a block manager as an index.
func axisIndex(p *model.Pickle, n model.NodeID, d int) (*IndexView, bool) {
	v, ok := recognize(p, n, d+1)
	if !ok {
		return nil, false
	}
	iv, ok := v.(*IndexView)
	return iv, ok
}

// blockRow is row j of a 2-D block (one column of the frame), or the
// block itself when it is 1-D.
func blockRow(a *Array, j int64) *Array {
	if !a.Values() {
		c := *a
		return &c
	}
	if len(a.Shape) == 1 {
		if j != 0 {
			return nil
		}
		c := *a
		return &c
	}
	if len(a.Shape) != 2 || j >= a.Shape[0] {
		return nil
	}
	k, n := a.Shape[0], a.Shape[1]
	c := *a
	c.Shape = []int64{n}
	c.Fortran = false
	if a.DType.Kind == 'O' {
		c.Objects = a.Objects[j*n : (j+1)*n]
		return &c
	}
	if a.Fortran {
		c.Offset, c.Strides = j, []int64{k}
	} else {
		c.Offset, c.Strides = j*n, []int64{1}
	}
	c.validate()
	return &c
}

// seriesView reads a Series: NEWOBJ + BUILD {'_mgr': SingleBlockManager,
// 'name': ..., ...}.
func seriesView(p *model.Pickle, g Graph, n, state model.NodeID, d int) (View, bool) {
	if state < 0 || g.Kind(state) != model.KindDict {
		return nil, false
	}
	v := &SeriesView{Name: get(g, state, "name"), Block: model.NoNode, Node: n, p: p, DType: "?", depth: d}
	m, err := readManager(g, get(g, state, "_mgr"), d)
	if err != nil || len(m.axes) < 1 || len(m.blocks) != 1 {
		return v, true
	}
	v.Index, _ = axisIndex(p, m.axes[0], d)
	v.Block = m.blocks[0].values
	if bv, ok := recognize(p, v.Block, d+1); ok {
		if arr, ok := bv.(*ArrayView); ok {
			v.DType = arr.DType.Name()
			v.Values = &arr.Array
		} else {
			v.DType = bv.Type()
		}
	} else {
		v.DType = typeName(p, v.Block)
	}
	return v, true
}
