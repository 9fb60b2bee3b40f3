package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pklx check reads joblib dumps, legacy PyTorch checkpoints, .npz archives
// and xz/lz4/lzma files through decoder/container, so that their raw
// bytes between and after the pickles are not reported as damage; plain
// pickles and everything else are still diagnose's.
func TestCheckContainers(t *testing.T) {
	ml := filepath.Join("testdata", "ml")
	for _, tc := range []struct {
		file   string
		exit   int
		format string
		has    []string
	}{
		{"joblib_arrays.joblib", 0, "joblib, 2 pickle(s)", []string{"[info] A joblib file (joblib.dump)",
			"inside: the joblib pickle (its offsets leave out the arrays' raw bytes)",
			"inside: the joblib object array 2 (pickle at offset 531)\n  result:   sound: decodes completely\n  pickle 0: offset 531-738, protocol 2, 63 ops, complete"}},
		{"joblib_rf.joblib", 0, "joblib, 1 pickle(s)", nil},
		{"joblib_xz.joblib.xz", 0, "joblib (xz), 2 pickle(s)", []string{"A joblib file (joblib.dump), xz-compressed"}},
		{"joblib_lz4.joblib.lz4", 0, "joblib (lz4), 2 pickle(s)", nil},
		{"joblib_gzip.joblib.gz", 0, "joblib (gzip), 2 pickle(s)", nil},
		{"torch_state_dict_legacy.pt", 0, "pytorch legacy, 5 pickle(s)", []string{"inside: the object\n", "inside: the storage keys\n"}},
		{"np_arrays.npz", 0, "npz, 1 pickle(s)", []string{"inside: the objs.npy"}},
		// Still diagnose's own.
		{"np_f64_p4.pkl", 0, "pickle, protocol 4, 1 pickle(s)", nil},
		{"torch_state_dict.pt", 0, "This is a PyTorch checkpoint (torch.save zip)", nil},
		{"np_compressed.npz", 1, "This is a NumPy .npz archive", nil},
	} {
		var out, errb bytes.Buffer
		code := cmdCheck([]string{filepath.Join(ml, tc.file)}, &out, &errb)
		text := out.String()
		if code != tc.exit || !strings.Contains(text, "\nformat:   "+tc.format+"\n") {
			t.Errorf("%s: exit %d (want %d)\n%s%s", tc.file, code, tc.exit, text, errb.String())
			continue
		}
		if strings.Contains(text, "no opcode") || strings.Contains(text, "after the end of the pickle") {
			t.Errorf("%s: container bytes read as damage:\n%s", tc.file, text)
		}
		for _, s := range tc.has {
			if !strings.Contains(text, s) {
				t.Errorf("%s: no %q in\n%s", tc.file, s, text)
			}
		}
	}
}

// A damaged joblib dump is reported at the offset in the file, with the
// pickle stream that failed; --json says the same.
func TestCheckDamagedJoblib(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "ml", "joblib_rf.joblib"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cut := filepath.Join(dir, "cut.joblib")
	os.WriteFile(cut, data[:2100], 0o644) // in the raw bytes of the fourth array
	var out, errb bytes.Buffer
	if code := cmdCheck([]string{cut}, &out, &errb); code != 1 {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
	for _, s := range []string{"result:   NOT a sound pickle", "(offset 2096)",
		"the array needs 127 bytes (with 15 of padding) at offset 2097, but only 3 remain", "does not decode completely"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("no %q in\n%s", s, out.String())
		}
	}
	arrays, err := os.ReadFile(filepath.Join("testdata", "ml", "joblib_arrays.joblib"))
	if err != nil {
		t.Fatal(err)
	}
	flip := append([]byte{}, arrays...)
	flip[100] = 0x0e // no opcode, where an op of the pickle starts
	bad := filepath.Join(dir, "flip.joblib")
	os.WriteFile(bad, flip, 0o644)
	out.Reset()
	if code := cmdCheck([]string{bad, "--json"}, &out, &errb); code != 1 {
		t.Fatalf("flip: exit %d\n%s", code, out.String())
	}
	var r struct {
		Sound     bool
		Diagnoses []struct {
			Code   string
			Offset int64
		}
	}
	if err := json.Unmarshal(out.Bytes(), &r); err != nil || r.Sound || len(r.Diagnoses) < 2 ||
		r.Diagnoses[0].Code != "joblib-file" || r.Diagnoses[1].Code != "bad-opcode" || r.Diagnoses[1].Offset != 100 {
		t.Errorf("flip: %v %+v\n%s", err, r, out.String())
	}
	// An xz file cut short cannot be decompressed: said so, not "cannot
	// decompress yet".
	xz, _ := os.ReadFile(filepath.Join("testdata", "ml", "joblib_xz.joblib.xz"))
	short := filepath.Join(dir, "short.xz")
	os.WriteFile(short, xz[:300], 0o644)
	out.Reset()
	if code := cmdCheck([]string{short}, &out, &errb); code != 1 || !strings.Contains(out.String(), "The xz file is damaged") ||
		strings.Contains(out.String(), "cannot decompress it yet") {
		t.Errorf("short xz: exit %d\n%s", code, out.String())
	}
}
