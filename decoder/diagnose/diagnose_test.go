package diagnose_test

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pklx/decoder"
	"pklx/decoder/diagnose"
	"pklx/model"
)

const brokenDir = "../testdata/broken"
const hostileDir = "../testdata/hostile"

// brokenExpect is a broken fixture's expected result, written by
// scripts/gen_hostile.py.
type brokenExpect struct {
	Description string   `json:"description"`
	File        string   `json:"file"`
	Diagnosis   string   `json:"diagnosis"`
	Title       string   `json:"title"`
	Codes       []string `json:"codes"`
	Sound       bool     `json:"sound"`
	Error       *struct {
		Offset int64  `json:"offset"`
		Op     string `json:"op"`
		Cause  string `json:"cause"`
	} `json:"error"`
	Recovered []int64 `json:"recovered"`
}

func readBroken(t *testing.T) map[string]brokenExpect {
	paths, _ := filepath.Glob(filepath.Join(brokenDir, "*.json"))
	out := map[string]brokenExpect{}
	for _, p := range paths {
		if strings.HasSuffix(p, "cpython_pickletester.json") {
			continue
		}
		var e brokenExpect
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[strings.TrimSuffix(filepath.Base(p), ".json")] = e
	}
	if len(out) < 25 {
		t.Fatalf("only %d broken fixtures", len(out))
	}
	return out
}

// TestBrokenFixtures compares Diagnose and Check with each fixture's
// expected diagnosis, soundness, error and recovered pickles.
func TestBrokenFixtures(t *testing.T) {
	for name, want := range readBroken(t) {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(brokenDir, want.File))
			if err != nil {
				t.Fatal(err)
			}
			ds := diagnose.Diagnose(data, nil)
			if len(ds) == 0 {
				t.Fatal("no diagnosis")
			}
			if ds[0].Code != want.Diagnosis || ds[0].Title != want.Title {
				t.Errorf("first diagnosis %q %q, want %q %q (%s)", ds[0].Code, ds[0].Title, want.Diagnosis, want.Title, want.Description)
			}
			r := diagnose.Check(want.File, data)
			codes := map[string]bool{}
			for _, d := range r.Diagnoses {
				codes[d.Code] = true
			}
			for _, p := range r.Parts {
				for _, d := range p.Diagnoses {
					codes[d.Code] = true
				}
			}
			for _, c := range want.Codes {
				if !codes[c] {
					t.Errorf("no diagnosis %q among %v", c, codes)
				}
			}
			if r.Sound != want.Sound {
				var b bytes.Buffer
				diagnose.WriteCheck(&b, r)
				t.Errorf("sound %v, want %v\n%s", r.Sound, want.Sound, b.String())
			}
			if want.Error != nil {
				e := r.Parts[0].Error
				if e == nil {
					t.Fatalf("no error, want %+v", *want.Error)
				}
				if e.Offset != want.Error.Offset || e.Op != want.Error.Op || e.Cause != want.Error.Cause {
					t.Errorf("error %d %q %q, want %d %q %q", e.Offset, e.Op, e.Cause, want.Error.Offset, want.Error.Op, want.Error.Cause)
				}
			}
			var rec []int64
			for _, p := range r.Parts {
				for _, q := range p.Recovered {
					rec = append(rec, q.Offset)
				}
			}
			if len(rec) != len(want.Recovered) {
				t.Errorf("recovered %v, want %v", rec, want.Recovered)
			} else {
				for i := range rec {
					if rec[i] != want.Recovered[i] {
						t.Errorf("recovered %v, want %v", rec, want.Recovered)
					}
				}
			}
			// The text and JSON reports are produced without error.
			var b bytes.Buffer
			if err := diagnose.WriteCheck(&b, r); err != nil || b.Len() == 0 {
				t.Errorf("WriteCheck: %v", err)
			}
			if _, err := json.Marshal(r); err != nil {
				t.Errorf("JSON: %v", err)
			}
		})
	}
}

// pickletesterCase is one bad input of CPython's Lib/test/pickletester.py.
type pickletesterCase struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Hex    string `json:"hex"`
	Class  string `json:"class"`
	Offset int64  `json:"offset"`
	Op     string `json:"op"`
}

// pickletesterDivergences are CPython bad inputs that pklx's decoder
// accepts, with the reason; see the report for the decoder patch.
var pickletesterDivergences = map[string]string{
	"badly_quoted_string_01": "S'\\'\\n: CPython's escape_decode raises on the trailing backslash; model.EscapeDecode keeps it",
	"badly_quoted_string_08": "S' ' \\n: the decoder strips trailing blanks before checking the quotes; CPython does not",
	"badly_quoted_string_09": "S\" \" \\n: the decoder strips trailing blanks before checking the quotes; CPython does not",
}

// TestPickletesterCases decodes CPython's own bad inputs: each must fail at
// the op and offset where CPython fails, with the matching class of error
// (the TypeError cases, well formed, decode).
func TestPickletesterCases(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(brokenDir, "cpython_pickletester.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []pickletesterCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 150 {
		t.Fatalf("only %d cases", len(cases))
	}
	classes := map[string][]error{
		"stack":     {decoder.ErrStackUnderflow, decoder.ErrNoMark, decoder.ErrBadStack},
		"truncated": {decoder.ErrTruncated},
		"memo":      {decoder.ErrMemoMissing},
		"argument":  {decoder.ErrBadArgument, decoder.ErrTruncated}, // both UnpicklingError in CPython
	}
	for _, c := range cases {
		data, err := hex.DecodeString(c.Hex)
		if err != nil {
			t.Fatal(err)
		}
		f, derr := decoder.Decode(data, decoder.Options{})
		if why, ok := pickletesterDivergences[c.Name]; ok && derr == nil {
			// Once the decoder is fixed the case fails as CPython's does
			// and is checked below like the others.
			t.Logf("%s: known divergence: %s", c.Name, why)
			continue
		}
		if c.Class == "call" {
			if derr != nil {
				t.Errorf("%s %q: %v, want a symbolic decode", c.Name, data, derr)
			}
			continue
		}
		var de *decoder.Error
		if !errors.As(derr, &de) {
			t.Errorf("%s %q: err %v, want a %s error", c.Name, data, derr, c.Class)
			continue
		}
		ok := false
		for _, s := range classes[c.Class] {
			if errors.Is(derr, s) {
				ok = true
			}
		}
		op := ""
		if de.HasOp && model.Ops[de.Op].Valid {
			op = de.OpName()
		}
		if !ok || de.Offset != c.Offset || op != c.Op {
			t.Errorf("%s %q: %v (offset %d op %q), want class %s at offset %d op %q", c.Name, data, derr, de.Offset, op, c.Class, c.Offset, c.Op)
		}
		// And diagnosing it never panics and says something.
		if ds := diagnose.Diagnose(data, f); len(ds) == 0 {
			t.Errorf("%s: no diagnosis", c.Name)
		}
	}
}

// TestDecompressBomb: a gzip stream that expands past the bound is refused
// with a *LimitError, without producing the output.
func TestDecompressBomb(t *testing.T) {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for i := 0; i < 16; i++ { // 16 MiB of zeros, ~16 KiB compressed
		zw.Write(zeros)
	}
	zw.Close()
	out, format, err := diagnose.Decompress(b.Bytes())
	var le *diagnose.LimitError
	if format != "gzip" || !errors.As(err, &le) || out != nil {
		t.Fatalf("format %q, err %v, %d bytes out", format, err, len(out))
	}
	if le.Limit != diagnose.DecompressLimit(b.Len()) {
		t.Errorf("limit %d", le.Limit)
	}
	// pklx scan on the bomb: not known safe, no decompressed output kept.
	r := diagnose.Scan("bomb.gz", b.Bytes())
	if r.ExitCode() != diagnose.ExitUnknown {
		t.Errorf("scan exit %d", r.ExitCode())
	}
	if c := diagnose.Check("bomb.gz", b.Bytes()); c.Sound {
		t.Error("a bomb checked sound")
	}
}

// TestDecompressTruncated: a cut-short gzip returns what it decoded and
// io.ErrUnexpectedEOF; check reports the inside as cut short.
func TestDecompressTruncated(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(brokenDir, "gzip_pickle.pkl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	cut := data[:len(data)-12]
	_, format, err := diagnose.Decompress(cut)
	if format != "gzip" || err == nil {
		t.Fatalf("format %q err %v", format, err)
	}
	if r := diagnose.Check("cut.gz", cut); r.Sound || r.ExitCode() != diagnose.ExitBroken {
		t.Errorf("a cut gzip checked sound")
	}
}

// TestRecoverBounded: many PROTO headers each followed by a stream that
// never ends must not make Recover quadratic.
func TestRecoverBounded(t *testing.T) {
	var b bytes.Buffer
	for i := 0; i < 500; i++ {
		b.WriteString("\x80\x02")
		b.Write(bytes.Repeat([]byte("N"), 2000)) // NONE x 2000, never a STOP
	}
	start := time.Now()
	got := diagnose.Recover(b.Bytes(), 1)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("Recover took %v", d)
	}
	if len(got) != 0 {
		t.Errorf("recovered %d pickles from nothing", len(got))
	}
	// Two good pickles after junk are both found.
	good := "\x80\x02]q\x00K\x01a."
	data := []byte("\xff\xff\xff" + good + "junk" + good)
	rec := diagnose.Recover(data, 0)
	if len(rec) != 2 || rec[0].Span().Start != 3 || rec[1].Span().Start != int64(3+len(good)+4) {
		t.Errorf("recovered %d", len(rec))
	}
	// Pickles larger than the first window are recovered too, each one.
	big := "\x80\x02]" + strings.Repeat("K\x01a", 40000) + "." // PROTO 2; EMPTY_LIST; (BININT1 1; APPEND) x 40000; STOP
	data = []byte("\xff" + big + "\xff" + big)
	if rec := diagnose.Recover(data, 0); len(rec) != 2 || rec[1].Span().End != int64(len(data)) {
		t.Errorf("recovered %d large pickles", len(rec))
	}
}

// TestCommands checks pklx check and pklx scan exit codes on fixtures.
func TestCommands(t *testing.T) {
	tests := []struct {
		path       string
		check      int
		scan       int
		scanPrefix string
	}{
		{hostileDir + "/os_system_global.pkl", 0, diagnose.ExitDangerous, ""},
		{hostileDir + "/ext_code_call.pkl", 0, diagnose.ExitUnknown, ""},
		{hostileDir + "/plain_data.pkl", 0, diagnose.ExitOK, ""},
		{hostileDir + "/torch_state_dict.pkl", 0, diagnose.ExitOK, ""},
		{hostileDir + "/dangerous_after_truncation.pkl", 1, diagnose.ExitDangerous, ""},
		{brokenDir + "/torch_zip.pt", 0, diagnose.ExitOK, ""},
		{brokenDir + "/gzip_pickle.pkl.gz", 0, diagnose.ExitOK, ""},
		{brokenDir + "/html_page.pkl", 1, diagnose.ExitUnknown, ""},
		{brokenDir + "/empty.pkl", 1, diagnose.ExitUnknown, ""},
		{brokenDir + "/truncated_no_stop.pkl", 1, diagnose.ExitUnknown, ""},
		{brokenDir + "/npy_object.npy", 0, diagnose.ExitOK, ""},
		{brokenDir + "/crlf_p0.pkl", 1, diagnose.ExitUnknown, ""},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		for _, asJSON := range []bool{false, true} {
			var out bytes.Buffer
			if got := diagnose.RunCheck(&out, tt.path, data, asJSON); got != tt.check {
				t.Errorf("check %s: exit %d, want %d\n%s", tt.path, got, tt.check, out.String())
			}
			if asJSON && !json.Valid(out.Bytes()) {
				t.Errorf("check %s --json: invalid JSON", tt.path)
			}
			out.Reset()
			if got := diagnose.RunScan(&out, tt.path, data, asJSON); got != tt.scan {
				t.Errorf("scan %s: exit %d, want %d\n%s", tt.path, got, tt.scan, out.String())
			}
			if asJSON && !json.Valid(out.Bytes()) {
				t.Errorf("scan %s --json: invalid JSON", tt.path)
			}
		}
	}
}

// TestNoPanicOnFixtures diagnoses and scans every fixture and every
// prefix of the broken ones.
func TestNoPanicOnFixtures(t *testing.T) {
	var paths []string
	for _, g := range []string{"../testdata/*.pkl", hostileDir + "/*.pkl", brokenDir + "/*"} {
		m, _ := filepath.Glob(g)
		paths = append(paths, m...)
	}
	for _, p := range paths {
		if strings.HasSuffix(p, ".json") {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > 4096 {
			data = data[:4096]
		}
		for n := 0; n <= len(data); n += 1 + len(data)/64 {
			diagnose.Check(p, data[:n])
			diagnose.Scan(p, data[:n])
		}
	}
}
