package ml

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"pklx/decoder"
	"pklx/model"
)

// The fixtures and their expected answers are written by
// scripts/gen_ml_fixtures.py with the real libraries; the answers are
// what each library reports (tolist(), to_dict(), get_params(), repr()).
const mlDir = "../../testdata/ml"

type fixture struct {
	File   string          `json:"file"`
	Format string          `json:"format"`
	Expect json.RawMessage `json:"expect"`
}

func loadFixture(t *testing.T, name string) (fixture, *model.Pickle) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(mlDir, strings.SplitN(name, ".", 2)[0]+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx fixture
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(mlDir, fx.File))
	if err != nil {
		t.Fatal(err)
	}
	f, err := decoder.Decode(data, decoder.Options{Name: fx.File})
	if err != nil {
		t.Fatalf("%s: %v", fx.File, err)
	}
	return fx, f.Pickles[0]
}

// plainJSON is a view's plain JSON, parsed back.
func plainJSON(t *testing.T, p *model.Pickle, v View) any {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteJSON(&buf, p, v, JSONOptions{}); err != nil {
		t.Fatalf("WriteJSON(%s): %v", v.Summary(), err)
	}
	var out any
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatalf("WriteJSON(%s) wrote invalid JSON %q: %v", v.Summary(), buf.String(), err)
	}
	return out
}

type arrayExpect struct {
	DType     string   `json:"dtype"`
	DTypeName string   `json:"dtype_name"`
	Shape     []int64  `json:"shape"`
	Fortran   bool     `json:"fortran"`
	Values    any      `json:"values"`
	Names     []string `json:"names"`
	Itemsize  int      `json:"itemsize"`
}

// recordsAsObjects turns tolist()'s tuples of a structured array into the
// {field: value} objects pklx writes.
func recordsAsObjects(v any, names []string) any {
	switch x := v.(type) {
	case []any:
		if len(x) == len(names) && len(x) > 0 {
			if _, nested := x[0].([]any); !nested {
				m := map[string]any{}
				for i, n := range names {
					m[n] = x[i]
				}
				return m
			}
		}
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = recordsAsObjects(e, names)
		}
		return out
	}
	return v
}

func checkArray(t *testing.T, where string, p *model.Pickle, v View, want arrayExpect) {
	t.Helper()
	av, ok := v.(*ArrayView)
	if !ok {
		t.Fatalf("%s: %s is not an array view", where, v.Summary())
	}
	if got := av.DType.Str(); got != want.DType && !(want.DType == "|O" && got == "|O") {
		t.Errorf("%s: dtype.str %q, NumPy says %q", where, got, want.DType)
	}
	if got := av.DType.Name(); got != want.DTypeName && len(want.Names) == 0 {
		t.Errorf("%s: dtype name %q, NumPy says %q", where, got, want.DTypeName)
	}
	if av.DType.Size != want.Itemsize {
		t.Errorf("%s: itemsize %d, NumPy says %d", where, av.DType.Size, want.Itemsize)
	}
	if !reflect.DeepEqual(av.Shape, want.Shape) && !(len(av.Shape) == 0 && len(want.Shape) == 0) {
		t.Errorf("%s: shape %v, NumPy says %v", where, av.Shape, want.Shape)
	}
	if !av.Values() {
		t.Fatalf("%s: no values: %s", where, av.Missing)
	}
	wantVals := want.Values
	if len(want.Names) > 0 {
		wantVals = recordsAsObjects(wantVals, want.Names)
	}
	if got := plainJSON(t, p, v); !reflect.DeepEqual(got, wantVals) {
		t.Errorf("%s: values\n got %v\nwant %v (tolist())", where, got, wantVals)
	}
}

func TestArraysMatchNumPy(t *testing.T) {
	for _, name := range []string{"np_f64_p2", "np_f64_p4", "np_i32_p5", "np_fortran_p4", "np_fortran_p5",
		"np_0d_p4", "np_big_p4", "np_struct_p4", "np_object_p4", "np_f64_numpy2names_p2"} {
		t.Run(name, func(t *testing.T) {
			fx, p := loadFixture(t, name)
			var want arrayExpect
			if err := json.Unmarshal(fx.Expect, &want); err != nil {
				t.Fatal(err)
			}
			v, ok := Recognize(p, p.Root())
			if !ok {
				t.Fatalf("root not recognised")
			}
			checkArray(t, name, p, v, want)
			if want.Fortran != v.(*ArrayView).Fortran {
				t.Errorf("fortran %v, NumPy says %v", v.(*ArrayView).Fortran, want.Fortran)
			}
		})
	}
}

// dictEntry is the value of root dict entry key.
func dictEntry(t *testing.T, p *model.Pickle, n model.NodeID, key string) model.NodeID {
	t.Helper()
	g := PickleGraph(p)
	v := get(g, n, key)
	if v < 0 {
		t.Fatalf("no entry %q", key)
	}
	return v
}

func TestDTypesMatchNumPy(t *testing.T) {
	for _, name := range []string{"np_dtypes_p2", "np_dtypes_p4"} {
		t.Run(name, func(t *testing.T) {
			fx, p := loadFixture(t, name)
			var want map[string]arrayExpect
			if err := json.Unmarshal(fx.Expect, &want); err != nil {
				t.Fatal(err)
			}
			for key, w := range want {
				v, ok := Recognize(p, dictEntry(t, p, p.Root(), key))
				if !ok {
					t.Fatalf("%s not recognised", key)
				}
				checkArray(t, key, p, v, w)
			}
		})
	}
}

func TestScalarsMatchNumPy(t *testing.T) {
	fx, p := loadFixture(t, "np_scalars_p4")
	var want map[string]struct {
		DType string `json:"dtype"`
		Value any    `json:"value"`
	}
	if err := json.Unmarshal(fx.Expect, &want); err != nil {
		t.Fatal(err)
	}
	for key, w := range want {
		v, ok := Recognize(p, dictEntry(t, p, p.Root(), key))
		if !ok {
			t.Fatalf("%s not recognised", key)
		}
		sv := v.(*ScalarView)
		if sv.DType.Str() != w.DType {
			t.Errorf("%s: dtype %s, want %s", key, sv.DType.Str(), w.DType)
		}
		if got := plainJSON(t, p, v); !reflect.DeepEqual(got, w.Value) {
			t.Errorf("%s: value %v, want %v", key, got, w.Value)
		}
	}
}

func TestOutOfBandBuffer(t *testing.T) {
	fx, p := loadFixture(t, "np_oob_p5")
	v, ok := Recognize(p, p.Root())
	if !ok {
		t.Fatal("not recognised")
	}
	if av := v.(*ArrayView); av.Values() || !strings.Contains(av.Missing, "out-of-band buffer 0") {
		t.Fatalf("without the buffers: values %v, missing %q", av.Values(), av.Missing)
	}
	// With the side file as the pickle's Extern, the values are read.
	side, err := os.ReadFile(filepath.Join(mlDir, "np_oob_p5.buffers"))
	if err != nil {
		t.Fatal(err)
	}
	var bufs [][]byte
	for len(side) >= 8 {
		n := int(side[0]) | int(side[1])<<8
		bufs = append(bufs, side[8:8+n])
		side = side[8+n:]
	}
	q := p.With("", sideBuffers(bufs))
	v, _ = Recognize(q, q.Root())
	var want arrayExpect
	json.Unmarshal(fx.Expect, &want)
	checkArray(t, "np_oob_p5", q, v, want)
}

type sideBuffers [][]byte

func (s sideBuffers) ExternBytes(p *model.Pickle, n model.NodeID) ([]byte, bool) {
	if p.Kind(n) != model.KindBuffer || p.Node(n).Val >= uint64(len(s)) {
		return nil, false
	}
	return s[p.Node(n).Val], true
}

func TestBigArrayText(t *testing.T) {
	_, p := loadFixture(t, "np_big_p4")
	v, _ := Recognize(p, p.Root())
	txt := v.(*ArrayView).Text(0)
	// NumPy summarises an array of more than 1000 items: 3 rows and 3
	// columns at each end.
	if !strings.HasPrefix(txt, "[[0.0, 0.125, 0.25, ..., 5.875, 6.0, 6.125], [6.25,") ||
		!strings.HasSuffix(txt, "..., 249.625, 249.75, 249.875]]") || strings.Count(txt, "...") != 7 {
		t.Errorf("summary of a 40×50 array: %s", txt)
	}
	if s := v.Summary(); s != "numpy.ndarray (float32, 40×50)" {
		t.Errorf("Summary %q", s)
	}
	if cut := v.(*ArrayView).Text(50); len(cut) > 50+len("…") || !strings.HasSuffix(cut, "…") {
		t.Errorf("Text(50) = %q", cut)
	}
}

type frameExpect struct {
	Shape     []int64          `json:"shape"`
	Columns   []string         `json:"columns"`
	DTypes    []string         `json:"dtypes"`
	Index     []any            `json:"index"`
	IndexName any              `json:"index_name"`
	Data      map[string][]any `json:"data"`
}

func TestDataFramesMatchPandas(t *testing.T) {
	for _, name := range []string{"pandas_df_p4", "pandas_df_p5", "pandas_df_strindex_p4"} {
		t.Run(name, func(t *testing.T) {
			fx, p := loadFixture(t, name)
			var want frameExpect
			if err := json.Unmarshal(fx.Expect, &want); err != nil {
				t.Fatal(err)
			}
			v, ok := Recognize(p, p.Root())
			if !ok {
				t.Fatal("not recognised")
			}
			fv := v.(*FrameView)
			if fv.Problem != "" {
				t.Fatal(fv.Problem)
			}
			if fv.NRows != want.Shape[0] || int64(len(fv.Columns)) != want.Shape[1] {
				t.Errorf("shape %d×%d, pandas says %v", fv.NRows, len(fv.Columns), want.Shape)
			}
			for i, c := range fv.Columns {
				if c.Label != want.Columns[i] || c.DType != want.DTypes[i] {
					t.Errorf("column %d: %s %s, pandas says %s %s", i, c.Label, c.DType, want.Columns[i], want.DTypes[i])
				}
			}
			got := plainJSON(t, p, v).(map[string]any)
			if got["$class"] != "pandas.DataFrame" || !reflect.DeepEqual(got["index"], want.Index) {
				t.Errorf("JSON class/index: %v %v, want %v", got["$class"], got["index"], want.Index)
			}
			cols := got["columns"].(map[string]any)
			for k, vals := range want.Data {
				if !reflect.DeepEqual(cols[k], any(vals)) {
					t.Errorf("column %s: %v, pandas says %v", k, cols[k], vals)
				}
			}
			wantSum := "DataFrame (" + itoa(want.Shape[0]) + " rows × " + itoa(want.Shape[1]) + " columns)"
			if v.Summary() != wantSum {
				t.Errorf("Summary %q, want %q", v.Summary(), wantSum)
			}
		})
	}
}

func itoa(v int64) string { b, _ := json.Marshal(v); return string(b) }

func TestSeriesMatchesPandas(t *testing.T) {
	fx, p := loadFixture(t, "pandas_series_p4")
	var want struct {
		Name   string `json:"name"`
		DType  string `json:"dtype"`
		Index  []any  `json:"index"`
		Values []any  `json:"values"`
	}
	json.Unmarshal(fx.Expect, &want)
	v, ok := Recognize(p, p.Root())
	if !ok {
		t.Fatal("not recognised")
	}
	if s := v.Summary(); s != "Series 'temp' (3 rows, float64)" {
		t.Errorf("Summary %q", s)
	}
	got := plainJSON(t, p, v).(map[string]any)
	if got["name"] != want.Name || !reflect.DeepEqual(got["index"], any(want.Index)) || !reflect.DeepEqual(got["values"], any(want.Values)) {
		t.Errorf("JSON %v, pandas says %+v", got, want)
	}
}

type estimatorExpect struct {
	Class   string            `json:"class"`
	Version string            `json:"sklearn_version"`
	Params  map[string]any    `json:"params"`
	Fitted  []string          `json:"fitted"`
	Steps   [][]any           `json:"steps"`
	Trees   []estimatorExpect `json:"estimators"`
}

func checkEstimator(t *testing.T, p *model.Pickle, n model.NodeID, want estimatorExpect) {
	t.Helper()
	v, ok := Recognize(p, n)
	if !ok {
		t.Fatalf("%s not recognised", want.Class)
	}
	ev := v.(*EstimatorView)
	if ev.Class != want.Class || ev.Version != want.Version {
		t.Errorf("class %s version %s, sklearn says %s %s", ev.Class, ev.Version, want.Class, want.Version)
	}
	params := map[string]model.NodeID{}
	for _, r := range ev.Params {
		params[r.Name] = r.Node
	}
	for k, pv := range want.Params {
		n, ok := params[k]
		if !ok {
			t.Errorf("%s: hyper-parameter %s missing", want.Class, k)
			continue
		}
		if s, isStr := pv.(string); isStr && (strings.Contains(s, "(") || strings.HasPrefix(s, "[")) {
			continue // an estimator or a list: compared elsewhere
		}
		var buf bytes.Buffer
		w := &JSONWriter{w: bufioWriter(&buf), p: p}
		w.Node(n)
		w.w.Flush()
		var got any
		json.Unmarshal(buf.Bytes(), &got)
		if !reflect.DeepEqual(got, pv) {
			t.Errorf("%s.%s = %v, sklearn says %v", want.Class, k, got, pv)
		}
	}
	var fitted []string
	for _, r := range ev.Fitted {
		fitted = append(fitted, strings.TrimSuffix(r.Name, " (fitted)"))
	}
	if !sameSet(fitted, want.Fitted) {
		t.Errorf("%s fitted %v, sklearn has %v", want.Class, fitted, want.Fitted)
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

func TestEstimatorsMatchSklearn(t *testing.T) {
	fx, p := loadFixture(t, "sklearn_rf_p4")
	var rf estimatorExpect
	json.Unmarshal(fx.Expect, &rf)
	checkEstimator(t, p, p.Root(), rf)
	g := PickleGraph(p)
	st := lastRole(g, p.Root(), model.RoleState)
	trees := items(g, get(g, st, "estimators_"))
	if len(trees) != len(rf.Trees) {
		t.Fatalf("%d trees, sklearn has %d", len(trees), len(rf.Trees))
	}
	for i, tr := range trees {
		checkEstimator(t, p, tr, rf.Trees[i])
	}

	fx, p = loadFixture(t, "sklearn_pipeline_p5")
	var pipe estimatorExpect
	json.Unmarshal(fx.Expect, &pipe)
	checkEstimator(t, p, p.Root(), pipe)
	g = PickleGraph(p)
	steps := items(g, get(g, lastRole(g, p.Root(), model.RoleState), "steps"))
	for i, s := range steps {
		it := items(g, s)
		name, _ := text(g, it[0])
		if name != pipe.Steps[i][0] {
			t.Errorf("step %d named %s, want %v", i, name, pipe.Steps[i][0])
		}
		raw, _ := json.Marshal(pipe.Steps[i][1])
		var se estimatorExpect
		json.Unmarshal(raw, &se)
		checkEstimator(t, p, it[1], se)
	}
}

func TestStdlibMatchesPython(t *testing.T) {
	for _, name := range []string{"stdlib_p0", "stdlib_p2", "stdlib_p4"} {
		t.Run(name, func(t *testing.T) {
			fx, p := loadFixture(t, name)
			var want map[string]struct {
				Repr  string `json:"repr"`
				ISO   string `json:"iso"`
				Str   string `json:"str"`
				Value any    `json:"value"`
				Total float64
				TS    float64 `json:"total_seconds"`
			}
			json.Unmarshal(fx.Expect, &want)
			root := p.Root()
			if v, ok := Recognize(p, root); !ok || v.Summary() != "OrderedDict[17]" {
				t.Errorf("root: %v", v)
			}
			for key, w := range want {
				v, ok := Recognize(p, dictEntry(t, p, root, key))
				if !ok {
					t.Errorf("%s not recognised", key)
					continue
				}
				switch key {
				case "ordered", "defaultdict", "deque", "counter":
					// Containers are summarised by size; their items stay rows.
					continue
				}
				if v.Summary() != w.Repr {
					t.Errorf("%s: %s, Python says %s", key, v.Summary(), w.Repr)
				}
				j, isJSON := v.(JSONer)
				switch {
				case w.ISO != "":
					if !isJSON || plainJSON(t, p, j) != w.ISO {
						t.Errorf("%s: JSON %v, isoformat() is %s", key, plainJSON(t, p, j), w.ISO)
					}
				case key == "decimal" || key == "uuid":
					if plainJSON(t, p, j) != w.Str {
						t.Errorf("%s: JSON %v, want %s", key, plainJSON(t, p, j), w.Str)
					}
				case key == "complex":
					if isJSON {
						t.Errorf("complex has a plain form of its own; model/export writes it")
					}
				case key == "timedelta":
					if plainJSON(t, p, j) != w.TS {
						t.Errorf("timedelta: JSON %v, total_seconds() is %v", plainJSON(t, p, j), w.TS)
					}
				}
			}
		})
	}
}

func TestNPYRoundTrip(t *testing.T) {
	for _, name := range []string{"np_f64.npy", "np_fortran.npy"} {
		data, err := os.ReadFile(filepath.Join(mlDir, name))
		if err != nil {
			t.Fatal(err)
		}
		h, err := ParseNPYHeader(data)
		if err != nil {
			t.Fatal(err)
		}
		v := NPYView(h, data)
		var buf bytes.Buffer
		if err := WriteNPY(&buf, &v.Array); err != nil {
			t.Fatal(err)
		}
		if buf.Len()%64 != int(int64(len(v.Data))%64) && (buf.Len()-len(v.Data))%64 != 0 {
			t.Errorf("%s: header not padded to 64 bytes", name)
		}
		h2, err := ParseNPYHeader(buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		w := NPYView(h2, buf.Bytes())
		if h2.Fortran || w.Text(0) != v.Text(0) {
			t.Errorf("%s: round trip %s, was %s", name, w.Text(0), v.Text(0))
		}
	}
}

func TestNPYHeaderErrors(t *testing.T) {
	hdr := func(dict string) []byte {
		b := []byte("\x93NUMPY\x01\x00")
		b = append(b, byte(len(dict)), byte(len(dict)>>8))
		return append(b, dict...)
	}
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"no magic", []byte("NUMPY"), "no \\x93NUMPY magic at offset 0"},
		{"cut", []byte("\x93NUMPY\x01"), "cut short at offset 7"},
		{"version", []byte("\x93NUMPY\x09\x00\x00\x00"), "version 9.0 at offset 6"},
		{"header too long", []byte("\x93NUMPY\x01\x00\xff\xff{}"), "header of 65535 bytes at offset 10 but only 2 bytes remain"},
		{"not a dict", hdr("[1, 2]"), "is not a dict"},
		{"bad descr", hdr("{'descr': '<q9', 'fortran_order': False, 'shape': (1,)}"), "descr"},
		{"negative shape", hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}"), "bad shape"},
		{"huge shape", hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000, 1000000000, 1000000000)}"), "too large"},
		{"nesting", hdr(strings.Repeat("(", 100)), "nests too deeply"},
	} {
		_, err := ParseNPYHeader(tc.data)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	// A header that promises more items than follow: no values, no panic.
	data := hdr("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000,), }")
	h, err := ParseNPYHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	if v := NPYView(h, data); v.Values() || !strings.Contains(v.Missing, "only 0 bytes follow") {
		t.Errorf("lying shape: values %v, %q", v.Values(), v.Missing)
	}
}

func TestFloatText(t *testing.T) {
	for _, tc := range []struct {
		f    float64
		bits int
		want string
	}{
		{0.1, 64, "0.1"}, {1e16, 64, "1e+16"}, {1e-5, 64, "1e-05"}, {100, 64, "100.0"},
		{float64(float32(0.1)), 32, "0.1"}, {float64(float32(1e16)), 32, "1e+16"}, {float64(float32(123456.79)), 32, "123456.79"},
		{float64(float32(1e-5)), 32, "1e-05"}, {float64(float32(-2.5)), 32, "-2.5"}, {1e6, 32, "1000000.0"},
		{halfToFloat(0x7bff), 16, "65500.0"}, {halfToFloat(0x3c00), 16, "1.0"}, {halfToFloat(0x0001), 16, "6e-08"},
		{math.NaN(), 32, "nan"}, {math.Inf(-1), 16, "-inf"},
	} {
		if got := pyFloat(tc.f, tc.bits); got != tc.want {
			t.Errorf("pyFloat(%v, %d) = %s, want %s", tc.f, tc.bits, got, tc.want)
		}
	}
	for h, want := range map[uint16]float64{0x3c00: 1, 0xc000: -2, 0x7bff: 65504, 0x0400: 6.103515625e-05, 0x7c00: math.Inf(1)} {
		if got := halfToFloat(h); got != want {
			t.Errorf("halfToFloat(%#x) = %v, want %v", h, got, want)
		}
	}
}

func TestDateTime64Text(t *testing.T) {
	for _, tc := range []struct {
		v    DateTime64
		want string
	}{
		{DateTime64{Count: 0, Unit: "ns"}, "1970-01-01T00:00:00.000000000"},
		{DateTime64{Count: 1704164645, Unit: "s"}, "2024-01-02T03:04:05"},
		{DateTime64{Count: -1, Unit: "D"}, "1969-12-31"},
		{DateTime64{Count: 54, Unit: "Y"}, "2024"},
		{DateTime64{Count: 13, Unit: "M"}, "1971-02"},
		{DateTime64{Count: math.MinInt64, Unit: "s"}, "NaT"},
		{DateTime64{Count: 5, Unit: "s", Delta: true}, "5 s"},
	} {
		if got := tc.v.String(); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.v, got, tc.want)
		}
	}
}

func bufioWriter(b *bytes.Buffer) *bufio.Writer { return bufio.NewWriter(b) }
