package container

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"pklx/decoder"
	"pklx/model"
	"pklx/model/ml"
)

// The fixtures and expected answers are written by
// scripts/gen_ml_fixtures.py with the real libraries.
const mlDir = "../../testdata/ml"

type fixture struct {
	File   string          `json:"file"`
	Format string          `json:"format"`
	Expect json.RawMessage `json:"expect"`
}

func readFixture(t testing.TB, file string) (fixture, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(mlDir, strings.SplitN(file, ".", 2)[0]+".json"))
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
	return fx, data
}

// plain is a view's plain JSON, parsed back.
func plain(t *testing.T, p *model.Pickle, v ml.View) any {
	t.Helper()
	var buf bytes.Buffer
	if err := ml.WriteJSON(&buf, p, v, ml.JSONOptions{}); err != nil {
		t.Fatalf("WriteJSON(%s): %v", v.Summary(), err)
	}
	var out any
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatalf("invalid JSON %q: %v", buf.String(), err)
	}
	return out
}

// entry is the value of a root dict (or OrderedDict) entry with a str key.
func entry(t *testing.T, p *model.Pickle, n model.NodeID, key string) model.NodeID {
	t.Helper()
	for _, e := range p.Edges(n) {
		if e.Key >= 0 && p.Node(e.Key).Kind == model.KindStr && p.Str(e.Key) == key {
			return e.Val
		}
	}
	t.Fatalf("no entry %q", key)
	return model.NoNode
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		file     string
		format   string
		sources  []string
		kinds    map[Kind]int
		noPickle bool
	}{
		{"torch_state_dict.pt", "pytorch zip", []string{"archive/data.pkl"}, map[Kind]int{KindPickle: 1, KindStorage: 7, KindMember: 1}, false},
		{"torch_views.pt", "pytorch zip", []string{"archive/data.pkl"}, map[Kind]int{KindPickle: 1, KindStorage: 6, KindMember: 1}, false},
		{"torch_state_dict_legacy.pt", "pytorch legacy", legacyNames, map[Kind]int{KindPickle: 5, KindStorage: 7}, false},
		{"torch_views_legacy.pt", "pytorch legacy", legacyNames, map[Kind]int{KindPickle: 5, KindStorage: 6}, false},
		{"joblib_arrays.joblib", "joblib", []string{"joblib pickle", "joblib object array 2 (pickle at offset 531)"}, map[Kind]int{KindPickle: 2, KindArray: 5}, false},
		{"joblib_rf.joblib", "joblib", []string{"joblib pickle"}, map[Kind]int{KindPickle: 1, KindArray: 13}, false},
		{"joblib_zlib.joblib.z", "joblib (zlib)", []string{"joblib pickle", "joblib object array 1 (pickle at offset 406)"}, map[Kind]int{KindPickle: 2, KindArray: 1}, false},
		{"joblib_gzip.joblib.gz", "joblib (gzip)", nil, map[Kind]int{KindPickle: 2, KindArray: 1}, false},
		{"joblib_bz2.joblib.bz2", "joblib (bz2)", nil, map[Kind]int{KindPickle: 2, KindArray: 1}, false},
		{"joblib_xz.joblib.xz", "joblib (xz)", nil, map[Kind]int{KindPickle: 2, KindArray: 1}, false},
		{"joblib_lzma.joblib.lzma", "joblib (lzma)", nil, map[Kind]int{KindPickle: 2, KindArray: 1}, false},
		{"joblib_lz4.joblib.lz4", "joblib (lz4)", nil, map[Kind]int{KindPickle: 2, KindArray: 1}, false},
		{"np_f64.npy", "npy", []string{}, map[Kind]int{KindArray: 1}, true},
		{"np_object.npy", "npy", []string{"npy (object array pickle)"}, map[Kind]int{KindPickle: 1}, false},
		{"np_arrays.npz", "npz", []string{"objs.npy (object array pickle)"}, map[Kind]int{KindPickle: 1, KindArray: 2}, false},
		{"np_compressed.npz", "npz", []string{}, map[Kind]int{KindArray: 2}, true},
		{"zip_of_pickles.zip", "zip", []string{"a.pkl", "sub/b.pickle"}, map[Kind]int{KindPickle: 2, KindMember: 1}, false},
		{"np_f64_p4.pkl", "pickle", []string{""}, map[Kind]int{KindPickle: 1}, false},
		{"sklearn_rf_p4.pkl", "pickle", []string{""}, map[Kind]int{KindPickle: 1}, false},
	} {
		t.Run(tc.file, func(t *testing.T) {
			fx, data := readFixture(t, tc.file)
			c, err := Open(tc.file, data)
			if tc.noPickle {
				if err != ErrNoPickle {
					t.Errorf("err %v, want ErrNoPickle", err)
				}
			} else if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if c.Format != tc.format {
				t.Errorf("format %q, want %q", c.Format, tc.format)
			}
			if !strings.HasPrefix(c.Format, fx.Format) {
				t.Errorf("format %q, the generator says %q", c.Format, fx.Format)
			}
			var sources []string
			for _, p := range c.File.Pickles {
				sources = append(sources, p.Source())
				if !p.Complete() || p.Err() != nil {
					t.Errorf("pickle %q: complete %v, err %v", p.Source(), p.Complete(), p.Err())
				}
			}
			if tc.sources != nil && !(len(sources) == 0 && len(tc.sources) == 0) && !reflect.DeepEqual(sources, tc.sources) {
				t.Errorf("sources %q, want %q", sources, tc.sources)
			}
			kinds := map[Kind]int{}
			for _, p := range c.Parts {
				kinds[p.Kind]++
				if p.Err != nil {
					t.Errorf("part %s: %v", p.Name, p.Err)
				}
				if p.Offset >= 0 && len(p.Data) > 0 && !bytes.Equal(data[p.Offset:p.Offset+int64(len(p.Data))], p.Data) {
					t.Errorf("part %s: Data is not the file's bytes at offset %d", p.Name, p.Offset)
				}
			}
			if !reflect.DeepEqual(kinds, tc.kinds) {
				t.Errorf("parts %v, want %v", kinds, tc.kinds)
			}
			f, lerr := Load(tc.file, data)
			if m := Main(f); tc.noPickle && m != -1 || !tc.noPickle && (m < 0 || tc.format == "pytorch legacy" && f.Pickles[m].Source() != "object" || tc.format != "pytorch legacy" && m != 0) {
				t.Errorf("Main = %d", m)
			}
			if f == nil || f.Format != c.Format || len(f.Pickles) != len(c.File.Pickles) || (lerr == nil) != (err == nil) {
				t.Errorf("Load: %v, %v", f, lerr)
			}
		})
	}
}

type tensorExpect struct {
	DType         string  `json:"dtype"`
	Shape         []int64 `json:"shape"`
	Stride        []int64 `json:"stride"`
	StorageOffset int64   `json:"storage_offset"`
	RequiresGrad  bool    `json:"requires_grad"`
	Device        string  `json:"device"`
	Values        any     `json:"values"`
}

func TestTensorsMatchTorch(t *testing.T) {
	for _, file := range []string{"torch_state_dict.pt", "torch_state_dict_legacy.pt", "torch_views.pt", "torch_views_legacy.pt"} {
		t.Run(file, func(t *testing.T) {
			fx, data := readFixture(t, file)
			var want map[string]json.RawMessage
			if err := json.Unmarshal(fx.Expect, &want); err != nil {
				t.Fatal(err)
			}
			f, err := Load(file, data)
			if err != nil {
				t.Fatal(err)
			}
			var p *model.Pickle
			for _, q := range f.Pickles {
				if q.Source() == "archive/data.pkl" || q.Source() == "object" {
					p = q
				}
			}
			if p == nil {
				t.Fatal("no object pickle")
			}
			if v, ok := ml.Recognize(p, p.Root()); !ok || !strings.HasPrefix(v.Summary(), "OrderedDict[") {
				t.Errorf("root: %v", v)
			}
			for key, raw := range want {
				if key == "_shared" {
					continue
				}
				var w tensorExpect
				json.Unmarshal(raw, &w)
				v, ok := ml.Recognize(p, entry(t, p, p.Root(), key))
				if !ok {
					t.Fatalf("%s not recognised", key)
				}
				tv := v.(*ml.TensorView)
				if tv.TorchDType != w.DType || !reflect.DeepEqual(append([]int64{}, tv.Shape...), append([]int64{}, w.Shape...)) ||
					!reflect.DeepEqual(append([]int64{}, tv.Strides...), append([]int64{}, w.Stride...)) ||
					tv.Offset != w.StorageOffset || tv.RequiresGrad != w.RequiresGrad || tv.Device != w.Device {
					t.Errorf("%s: %s stride %v offset %d, torch says %+v", key, tv.Summary(), tv.Strides, tv.Offset, w)
				}
				if got := plain(t, p, v); !reflect.DeepEqual(got, w.Values) {
					t.Errorf("%s: values %v, tolist() is %v", key, got, w.Values)
				}
			}
			if raw, ok := want["_shared"]; ok {
				var groups [][]string
				json.Unmarshal(raw, &groups)
				for _, g := range groups {
					var keys []string
					for _, k := range g {
						tv, _ := ml.Recognize(p, entry(t, p, p.Root(), k))
						keys = append(keys, tv.(*ml.TensorView).StorageKey)
						rows := tv.Rows()
						var storage string
						for _, r := range rows {
							if r.Name == "storage" {
								storage = r.Text
							}
						}
						if !strings.Contains(storage, "shared with 3 other tensors") {
							t.Errorf("%s: storage row %q does not say it is shared", k, storage)
						}
					}
					for _, k := range keys {
						if k != keys[0] {
							t.Errorf("views %v have storages %v, not one", g, keys)
						}
					}
				}
			}
		})
	}
}

type arrayExpect struct {
	DType  string  `json:"dtype"`
	Shape  []int64 `json:"shape"`
	Values any     `json:"values"`
}

// checkArrayNode compares the array at node n with NumPy's answers.
func checkArrayNode(t *testing.T, where string, p *model.Pickle, n model.NodeID, w arrayExpect) {
	t.Helper()
	v, ok := ml.Recognize(p, n)
	if !ok {
		t.Fatalf("%s: not recognised", where)
	}
	av, ok := v.(*ml.ArrayView)
	if !ok {
		t.Fatalf("%s: %s is not an array", where, v.Summary())
	}
	if av.DType.Str() != w.DType || len(av.Shape) != len(w.Shape) {
		t.Errorf("%s: %s %v, NumPy says %s %v", where, av.DType.Str(), av.Shape, w.DType, w.Shape)
	}
	got := plain(t, p, v)
	if want := recordObjects(w.Values, av.DType); !reflect.DeepEqual(got, want) {
		t.Errorf("%s: values %v, tolist() is %v", where, got, want)
	}
}

// recordObjects turns tolist()'s tuples of structured items into the
// objects pklx writes.
func recordObjects(v any, d ml.DType) any {
	if len(d.Fields) == 0 {
		return v
	}
	l, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, len(l))
	for i, r := range l {
		rec := r.([]any)
		m := map[string]any{}
		for k, f := range d.Fields {
			m[f.Name] = rec[k]
		}
		out[i] = m
	}
	return out
}

func TestJoblibArraysMatchNumPy(t *testing.T) {
	fx, data := readFixture(t, "joblib_arrays.joblib")
	var want map[string]arrayExpect
	json.Unmarshal(fx.Expect, &want)
	f, err := Load("joblib_arrays.joblib", data)
	if err != nil {
		t.Fatal(err)
	}
	p := f.Pickles[0]
	for key, w := range want {
		switch key {
		case "objs":
			// joblib writes an object array as a pickle of its own.
			checkArrayNode(t, key, f.Pickles[1], f.Pickles[1].Root(), w)
			v, _ := ml.Recognize(p, entry(t, p, p.Root(), key))
			if !strings.Contains(v.(*ml.ArrayView).Missing, "pickle of their own") {
				t.Errorf("objs wrapper: %q", v.(*ml.ArrayView).Missing)
			}
		case "list0":
			list := entry(t, p, p.Root(), "list")
			checkArrayNode(t, key, p, p.Edges(list)[0].Val, w)
		default:
			checkArrayNode(t, key, p, entry(t, p, p.Root(), key), w)
		}
	}
	for _, file := range []string{"joblib_zlib.joblib.z", "joblib_gzip.joblib.gz", "joblib_bz2.joblib.bz2",
		"joblib_xz.joblib.xz", "joblib_lzma.joblib.lzma", "joblib_lz4.joblib.lz4"} {
		fx, data := readFixture(t, file)
		var want struct {
			W    arrayExpect `json:"w"`
			Objs arrayExpect `json:"objs"`
			Name string      `json:"name"`
		}
		json.Unmarshal(fx.Expect, &want)
		f, err := Load(file, data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		p := f.Pickles[0]
		checkArrayNode(t, file+" w", p, entry(t, p, p.Root(), "w"), want.W)
		checkArrayNode(t, file+" objs", f.Pickles[1], f.Pickles[1].Root(), want.Objs)
		if n := entry(t, p, p.Root(), "name"); p.Str(n) != want.Name {
			t.Errorf("%s: name %q", file, p.Str(n))
		}
	}
}

func TestJoblibEstimators(t *testing.T) {
	for _, file := range []string{"joblib_rf.joblib", "joblib_pipeline.joblib"} {
		fx, data := readFixture(t, file)
		var want struct {
			Class     string    `json:"class"`
			Version   string    `json:"sklearn_version"`
			Threshold []float64 `json:"tree0_threshold"`
			Feature   []int64   `json:"tree0_feature"`
			Coef      [][]any   `json:"coef_"`
		}
		json.Unmarshal(fx.Expect, &want)
		f, err := Load(file, data)
		if err != nil {
			t.Fatal(err)
		}
		p := f.Pickles[0]
		v, ok := ml.Recognize(p, p.Root())
		if !ok {
			t.Fatalf("%s: root not recognised", file)
		}
		ev := v.(*ml.EstimatorView)
		if ev.Class != want.Class || ev.Version != want.Version {
			t.Errorf("%s: %s %s, want %s %s", file, ev.Class, ev.Version, want.Class, want.Version)
		}
		if want.Threshold == nil {
			continue
		}
		// estimators_[0].tree_ is a Tree whose state holds the nodes, a
		// structured array joblib wrote inline.
		var trees model.NodeID = model.NoNode
		for _, r := range ev.Fitted {
			if r.Name == "estimators_ (fitted)" {
				trees = r.Node
			}
		}
		tree0 := p.Edges(trees)[0].Val
		tv, _ := ml.Recognize(p, tree0)
		var treeNode model.NodeID = model.NoNode
		for _, r := range tv.(*ml.EstimatorView).Fitted {
			if r.Name == "tree_ (fitted)" {
				treeNode = r.Node
			}
		}
		var state model.NodeID = model.NoNode
		for _, e := range p.Edges(treeNode) {
			if e.Key == model.RoleState {
				state = e.Val
			}
		}
		nv, ok := ml.Recognize(p, entry(t, p, state, "nodes"))
		if !ok {
			t.Fatal("tree nodes not recognised")
		}
		av := nv.(*ml.ArrayView)
		c, _ := av.Count()
		for i := int64(0); i < c; i++ {
			rec := av.At(i).(ml.Record)
			if rec.Values[3].(float64) != want.Threshold[i] || rec.Values[2].(int64) != want.Feature[i] {
				t.Errorf("node %d: %v, sklearn says threshold %v feature %v", i, rec, want.Threshold[i], want.Feature[i])
			}
		}
	}
}

func TestNPYAndNPZ(t *testing.T) {
	for _, file := range []string{"np_f64.npy", "np_fortran.npy"} {
		fx, data := readFixture(t, file)
		var w arrayExpect
		json.Unmarshal(fx.Expect, &w)
		c, _ := Open(file, data)
		a := c.Parts[0].Array
		if a == nil {
			t.Fatalf("%s: no array", file)
		}
		if got := plain(t, nil, a); !reflect.DeepEqual(got, w.Values) {
			t.Errorf("%s: %v, tolist() is %v", file, got, w.Values)
		}
	}
	for _, file := range []string{"np_arrays.npz", "np_compressed.npz"} {
		fx, data := readFixture(t, file)
		var want map[string]arrayExpect
		json.Unmarshal(fx.Expect, &want)
		c, _ := Open(file, data)
		for _, part := range c.Parts {
			key := strings.TrimSuffix(part.Name, ".npy")
			w := want[key]
			switch {
			case part.Array != nil:
				if got, wv := plain(t, nil, part.Array), recordObjects(w.Values, part.Array.DType); !reflect.DeepEqual(got, wv) {
					t.Errorf("%s %s: %v, tolist() is %v", file, key, got, wv)
				}
			case part.File != nil:
				p := part.File.Pickles[0]
				checkArrayNode(t, file+" "+key, p, p.Root(), w)
			default:
				t.Errorf("%s: part %s has neither array nor pickle", file, part.Name)
			}
		}
	}
	fx, data := readFixture(t, "np_object.npy")
	var w arrayExpect
	json.Unmarshal(fx.Expect, &w)
	f, err := Load("np_object.npy", data)
	if err != nil {
		t.Fatal(err)
	}
	checkArrayNode(t, "np_object.npy", f.Pickles[0], f.Pickles[0].Root(), w)
}

func TestZipOfPickles(t *testing.T) {
	fx, data := readFixture(t, "zip_of_pickles.zip")
	var want map[string]any
	json.Unmarshal(fx.Expect, &want)
	f, err := Load("zip_of_pickles.zip", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Pickles) != 2 || f.Pickles[0].Source() != "a.pkl" || f.Pickles[1].Source() != "sub/b.pickle" {
		t.Fatalf("pickles %v", f.Pickles)
	}
	if k := f.Pickles[1].NumNodes(); k != 4 {
		t.Errorf("sub/b.pickle: %d nodes, want a list of 3", k)
	}
}

func TestDis(t *testing.T) {
	// A plain pickle: exactly decoder.Dis.
	_, data := readFixture(t, "np_f64_p4.pkl")
	c, _ := Open("np_f64_p4.pkl", data)
	var a, b bytes.Buffer
	if err := Dis(&a, c, decoder.DisOptions{}); err != nil {
		t.Fatal(err)
	}
	decoder.Dis(&b, data, decoder.DisOptions{})
	if a.String() != b.String() {
		t.Errorf("Dis of a plain pickle differs from decoder.Dis")
	}
	for _, tc := range []struct {
		file    string
		headers []string
		comment int // lines about inline arrays
	}{
		{"torch_state_dict.pt", []string{"# archive/data.pkl"}, 0},
		{"torch_state_dict_legacy.pt", []string{"# magic number", "# protocol version", "# sys info (at offset 21;", "# object (at offset 137;", "# storage keys (at offset"}, 0},
		{"joblib_arrays.joblib", []string{"# joblib pickle (6 inline array(s) cut out", "# joblib object array 2 (pickle at offset 531) (at offset 531;"}, 6},
		{"joblib_gzip.joblib.gz", []string{"# joblib pickle (2 inline array(s) cut out"}, 2},
		{"np_arrays.npz", []string{"# objs.npy (object array pickle) (at offset 128;"}, 0},
	} {
		_, data := readFixture(t, tc.file)
		c, _ := Open(tc.file, data)
		var out bytes.Buffer
		if err := Dis(&out, c, decoder.DisOptions{}); err != nil {
			t.Fatalf("%s: %v\n%s", tc.file, err, out.String())
		}
		s := out.String()
		for _, h := range tc.headers {
			if !strings.Contains(s, "\n"+h) && !strings.HasPrefix(s, h) {
				t.Errorf("%s: no header %q in\n%s", tc.file, h, s)
			}
		}
		if n := strings.Count(s, "bytes of array data after the op above"); n != tc.comment {
			t.Errorf("%s: %d inline array comments, want %d", tc.file, n, tc.comment)
		}
		if strings.Count(s, "highest protocol among opcodes") != len(c.File.Pickles) {
			t.Errorf("%s: not every pickle disassembled:\n%s", tc.file, s)
		}
	}
}
