package export

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"pklx/decoder/container"
	"pklx/model/ml"
)

// mlJSON exports the first pickle of a testdata/ml fixture, read through
// the container loader, in plain mode.
func mlJSON(t *testing.T, name string, opts Options) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ml", name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := container.Load(name, data)
	if err != nil {
		t.Fatal(err)
	}
	p := f.Pickles[0]
	var b bytes.Buffer
	if err := JSON(&b, p, p.Root(), opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestPlainRecognisedValues checks that plain mode writes what model/ml
// recognises as its value: arrays and tensors as nested lists, DataFrames
// as a table, datetimes as ISO strings, both compact and indented as
// json.dumps(indent=2) lays them out.
func TestPlainRecognisedValues(t *testing.T) {
	for _, tc := range []struct {
		file string
		want string // compact
	}{
		{"np_f64_p4.pkl", `[[0.0,{"$float":"nan"},0.2,0.3],[0.4,0.5,0.6,0.7],[0.8,0.9,1.0,{"$float":"inf"}]]`},
		{"np_0d_p4.pkl", `2.5`},
		{"pandas_df_strindex_p4.pkl", `{"$class":"pandas.DataFrame","index":["a","b","c"],"columns":{"x":[1.0,2.0,3.0],"y":[4,5,6]}}`},
		{"pandas_series_p4.pkl", `{"$class":"pandas.Series","name":"temp","index":[10,20,30],"values":[1.5,2.5,{"$float":"nan"}]}`},
	} {
		got := mlJSON(t, tc.file, Options{})
		if string(got) != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.file, got, tc.want)
		}
		pretty := mlJSON(t, tc.file, Options{Indent: "  "})
		var want bytes.Buffer
		json.Indent(&want, []byte(tc.want), "", "  ")
		if !bytes.Equal(pretty, want.Bytes()) {
			t.Errorf("%s indented:\n got %s\nwant %s", tc.file, pretty, want.String())
		}
	}
	// A state dict: the tensors inside the OrderedDict are their values,
	// at the right depth of the indented output.
	out := mlJSON(t, "torch_views.pt", Options{Indent: "  "})
	var v any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("torch_views.pt: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("\n    \"col\": [\n      2.0,\n      6.0,\n      10.0\n    ],")) {
		t.Errorf("torch_views.pt: the view col is not laid out in place:\n%s", out)
	}
	// The stdlib values of the OrderedDict: ISO dates, Decimal strings.
	out = mlJSON(t, "stdlib_p4.pkl", Options{})
	for _, s := range []string{`"datetime":"2024-01-02T03:04:05.678901"`, `"decimal":"-3.14159"`,
		`"uuid":"12345678-1234-5678-1234-567812345678"`, `"complex":{"real":1.5,"imag":-2.0}`} {
		if !bytes.Contains(out, []byte(s)) {
			t.Errorf("stdlib_p4.pkl: no %s in %s", s, out)
		}
	}
	// The items of a NumPy complex array are complex numbers like any
	// other: {"real": x, "imag": y} (np.array([1+2j, -0.5j])).
	for _, name := range []string{"np_dtypes_p2.pkl", "np_dtypes_p4.pkl"} {
		out = mlJSON(t, name, Options{})
		if s := `"complex128":[{"real":1.0,"imag":2.0},{"real":-0.0,"imag":-0.5}]`; !bytes.Contains(out, []byte(s)) {
			t.Errorf("%s: no %s in %s", name, s, out)
		}
	}
}

// TestPlainNPY checks Options.NPY: arrays become references to .npy files
// that hold the same values.
func TestPlainNPY(t *testing.T) {
	dir := t.TempDir()
	out := mlJSON(t, "joblib_arrays.joblib", Options{NPY: ml.NPYDir(dir)})
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	ref := v["f64"].(map[string]any)
	if ref["dtype"] != "<f8" || !reflect.DeepEqual(ref["shape"], []any{3.0, 4.0}) {
		t.Fatalf("f64: %v", ref)
	}
	data, err := os.ReadFile(ref["$npy"].(string))
	if err != nil {
		t.Fatal(err)
	}
	h, err := ml.ParseNPYHeader(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := ml.NPYView(h, data).Text(0); got != "[[0.0, 0.25, 0.5, 0.75], [1.0, 1.25, 1.5, 1.75], [2.0, 2.25, 2.5, 2.75]]" {
		t.Errorf("f64.npy holds %s", got)
	}
}
