package view

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pklx/decoder/container"
)

// showFixture is what `pklx show` prints for a file of testdata/ml, read
// through the container loader.
func showFixture(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../testdata/ml", name))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := container.Load(name, data)
	var b bytes.Buffer
	for _, p := range f.Pickles {
		b.WriteString("# " + p.Source() + "\n")
		if err := WriteTree(&b, p, p.Root(), ShowOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

func TestShowRecognisedObjects(t *testing.T) {
	for _, tc := range []struct {
		file  string
		lines []string
	}{
		{"np_f64_p4.pkl", []string{
			"numpy.ndarray (float64, 3×4)",
			"  dtype: float64",
			"  shape: (3, 4)",
			"  values: [[0.0, nan, 0.2, 0.3], [0.4, 0.5, 0.6, 0.7], [0.8, 0.9, 1.0, inf]]",
			"  {raw}: numpy.core.multiarray._reconstruct(numpy.ndarray, tuple[1], b'b')",
			"    args: tuple[3]",
			"      [2] dtype('float64')",
			"        {raw}: numpy.dtype('f8', False, True)",
		}},
		{"pandas_df_p4.pkl", []string{
			"DataFrame (5 rows × 5 columns)",
			"  index: RangeIndex(start=0, stop=5, step=1)",
			"  score: float64: [0.5, nan, 2.25, -1.0, 10000000000.0]",
			"  name: object: ['ann', 'bob', None, 'dee', 'eve']",
			"  {raw}: DataFrame(_mgr=pandas.core.internals.managers.BlockManager(tuple[5], list[2]), _typ='dataframe', …)",
			"              [0] numpy.ndarray (int64, 1×5)",
			"                values: [[0, 1, 2, 3, 4]]",
		}},
		{"torch_state_dict.pt", []string{
			"# archive/data.pkl",
			"OrderedDict[7]",
			"  '0.weight': torch.Tensor (float32, 2×3, cpu)",
			"    stride: (3, 1)",
			"    storage: FloatStorage '0', 6 items",
			"    values: [[-0.0043225177, 0.30971584, -0.47518533], [-0.4248946, -0.22236897, 0.15482073]]",
			"  '1.num_batches_tracked': torch.Tensor (int64, scalar, cpu)",
		}},
		{"torch_views_legacy.pt", []string{
			"# object",
			"  'col': torch.Tensor (float32, 3, cpu)",
			"    values: [2.0, 6.0, 10.0]",
			"  'param': torch.nn.Parameter (float32, 2, cpu, requires_grad)",
		}},
		{"sklearn_rf_p4.pkl", []string{
			"RandomForestClassifier (sklearn 1.2.1, 21 parameters, fitted)",
			"  n_estimators: 3",
			"  max_depth: 2",
			"  estimators_ (fitted): list[3]",
			"    .estimators_ = list[3]",
			"      [0] DecisionTreeClassifier (sklearn 1.2.1, 12 parameters, fitted)",
		}},
		{"joblib_pipeline.joblib", []string{
			"# joblib pickle",
			"Pipeline (sklearn 1.2.1, 3 parameters)",
			"  steps: list[2]",
			"  {raw}: Pipeline(steps=list[2], memory=None, verbose=False, _sklearn_version='1.2.1')",
			"          mean_ (fitted): numpy.ndarray (float64, 3)",
			"              values: [0.19887367724969193, 0.30019884305976785, -0.10123728197268864]",
		}},
		{"joblib_arrays.joblib", []string{
			"  'f64': numpy.ndarray (float64, 3×4)",
			"    data: joblib inline data, 12 items of 8 bytes",
			"  'objs': numpy.ndarray (object, 3)",
			"# joblib object array 2 (pickle at offset 531)",
		}},
		{"stdlib_p2.pkl", []string{
			"OrderedDict[17]",
			"  'datetime': datetime.datetime(2024, 1, 2, 3, 4, 5, 678901)",
			"    isoformat: 2024-01-02T03:04:05.678901",
			"  'decimal': Decimal('-3.14159')",
			"  'uuid': UUID('12345678-1234-5678-1234-567812345678')",
			"  'ordered': OrderedDict[2]",
			"    'b': 1",
		}},
	} {
		out := showFixture(t, tc.file)
		lines := map[string]bool{}
		for _, l := range strings.Split(out, "\n") {
			lines[l] = true
		}
		for _, want := range tc.lines {
			if !lines[want] {
				t.Errorf("%s: no line %q in\n%s", tc.file, want, out)
			}
		}
	}
}

// TestShowEveryFixture prints every fixture: nothing panics and output
// stays proportional to the file.
func TestShowEveryFixture(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/ml/*")
	for _, f := range files {
		if strings.HasSuffix(f, ".json") || strings.HasSuffix(f, ".buffers") {
			continue
		}
		st, _ := os.Stat(f)
		if out := showFixture(t, filepath.Base(f)); len(out) > 200*int(st.Size())+10000 {
			t.Errorf("%s: %d bytes of show output for %d bytes", f, len(out), st.Size())
		}
	}
}

// ViewRowPath goes through {raw} into a recognised object: a tensor's
// storage key in a state_dict, a column array of a DataFrame.
func TestViewRowPath(t *testing.T) {
	for _, tc := range []struct {
		file, path string
		labels     []string // the rows on the way, as Label writes them
	}{
		{"torch_state_dict.pt", "['0.weight']{args}[0]{pid}[2]", []string{
			"'0.weight': torch.Tensor (float32, 2×3, cpu)",
			"{raw}: torch._utils._rebuild_tensor_v2(persistent id, 0, tuple[2], tuple[2], …)",
			"args: tuple[6]", "[0] persistent id", "pid: tuple[5]", "[2] '0'",
		}},
		{"pandas_df_p4.pkl", "._typ", []string{
			"{raw}: DataFrame(_mgr=pandas.core.internals.managers.BlockManager(tuple[5], list[2]), _typ='dataframe', …)",
			"._typ = 'dataframe'",
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("../../testdata/ml", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			f, _ := container.Load(tc.file, data)
			p := f.Pickles[container.Main(f)]
			n, err := Resolve(p, p.Root(), tc.path)
			if err != nil {
				t.Fatal(err)
			}
			top, path, ok := ViewRowPath(p, n)
			if !ok || top != p.Root() {
				t.Fatalf("ViewRowPath: top %d, ok %v", top, ok)
			}
			var got []string
			cur, kids := top, ViewChildren(p, top)
			for _, i := range path {
				c := kids[i]
				got = append(got, Label(p, cur, c))
				if c.Kind == KeyRaw {
					kids = Children(p, c.Node)
				} else {
					kids = ViewChildren(p, c.Node)
				}
				cur = c.Node
			}
			if cur != n || strings.Join(got, "\n") != strings.Join(tc.labels, "\n") {
				t.Errorf("rows to %s (node %d, reached %d):\n%s\nwant\n%s", tc.path, n, cur,
					strings.Join(got, "\n"), strings.Join(tc.labels, "\n"))
			}
		})
	}
}
