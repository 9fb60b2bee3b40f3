package safety_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"pklx/decoder"
	"pklx/model"
	"pklx/model/safety"
)

const hostileDir = "../../decoder/testdata/hostile"

// expected is a hostile fixture's expected result, written by
// scripts/gen_hostile.py from its own assembly of the bytes.
type expected struct {
	Description  string `json:"description"`
	Verdict      string `json:"verdict"`
	Complete     bool   `json:"complete"`
	Globals      []expRef
	Calls        []expRef
	AfterFailure []expRef `json:"after_failure"`
}

type expRef struct {
	Offset   int64  `json:"offset"`
	Op       string `json:"op"`
	Global   string `json:"global"`
	Callable string `json:"callable"`
	Rating   string `json:"rating"`
}

func decodeFile(t testing.TB, path string) (*model.File, []byte) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := decoder.Decode(data, decoder.Options{Name: path})
	return f, data
}

// TestHostileFixtures compares Scan with each fixture's expected verdict,
// globals (offset, op, name, rating) and calls in load order.
func TestHostileFixtures(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(hostileDir, "*.json"))
	if len(paths) < 20 {
		t.Fatalf("only %d hostile fixtures", len(paths))
	}
	for _, jp := range paths {
		name := strings.TrimSuffix(filepath.Base(jp), ".json")
		t.Run(name, func(t *testing.T) {
			var want expected
			b, err := os.ReadFile(jp)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			f, _ := decodeFile(t, strings.TrimSuffix(jp, ".json")+".pkl")
			r := safety.Scan(f)
			if r.Verdict.String() != want.Verdict {
				t.Errorf("verdict %s, want %s (%s)\n%s", r.Verdict, want.Verdict, want.Description, text(r))
			}
			if r.Complete != want.Complete {
				t.Errorf("complete %v, want %v", r.Complete, want.Complete)
			}
			if len(r.Globals) != len(want.Globals) {
				t.Fatalf("%d globals, want %d\n%s", len(r.Globals), len(want.Globals), text(r))
			}
			for i, g := range want.Globals {
				got := r.Globals[i]
				if got.Offset != g.Offset || got.Op != g.Op || got.Global != g.Global || got.Rating.String() != g.Rating {
					t.Errorf("global %d: got %d %s %s %s, want %d %s %s %s", i, got.Offset, got.Op, got.Global, got.Rating,
						g.Offset, g.Op, g.Global, g.Rating)
				}
			}
			if len(r.Calls) != len(want.Calls) {
				t.Fatalf("%d calls, want %d\n%s", len(r.Calls), len(want.Calls), text(r))
			}
			for i, c := range want.Calls {
				got := r.Calls[i]
				okName := got.Callable == c.Callable
				if p, ok := strings.CutSuffix(c.Callable, "..."); ok {
					okName = strings.HasPrefix(got.Callable, p)
				}
				if got.Offset != c.Offset || got.Op != c.Op || !okName || got.Rating.String() != c.Rating {
					t.Errorf("call %d: got %d %s %q %s, want %d %s %q %s", i, got.Offset, got.Op, got.Callable, got.Rating,
						c.Offset, c.Op, c.Callable, c.Rating)
				}
			}
			// Every expected after-failure name must be found (more hits,
			// from unread bytes, are allowed).
			for _, h := range want.AfterFailure {
				found := false
				for _, got := range r.AfterFailure {
					if got.Offset == h.Offset && got.Op == h.Op && got.Global == h.Global && got.Rating.String() == h.Rating {
						found = true
					}
				}
				if !found {
					t.Errorf("after-failure %d %s %s %s not found in %+v", h.Offset, h.Op, h.Global, h.Rating, r.AfterFailure)
				}
			}
			// The report marshals to JSON and back.
			js, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			var back safety.Report
			if err := json.Unmarshal(js, &back); err != nil || back.Verdict != r.Verdict {
				t.Errorf("JSON round trip: %v, verdict %s", err, back.Verdict)
			}
		})
	}
}

func text(r *safety.Report) string {
	var b bytes.Buffer
	safety.WriteText(&b, r)
	return b.String()
}

// TestRate rates names against the lists: every prefix, Python 2 names,
// dotted names walking attributes.
func TestRate(t *testing.T) {
	tests := []struct {
		module, name string
		want         safety.Rating
	}{
		{"os", "system", safety.Dangerous},
		{"posix", "system", safety.Dangerous},
		{"nt", "system", safety.Dangerous},
		{"os.path", "join", safety.Dangerous},
		{"subprocess", "Popen", safety.Dangerous},
		{"builtins", "eval", safety.Dangerous},
		{"builtins", "exec", safety.Dangerous},
		{"builtins", "getattr", safety.Dangerous},
		{"builtins", "__import__", safety.Dangerous},
		{"builtins", "open", safety.Dangerous},
		{"builtins", "breakpoint", safety.Dangerous},
		{"builtins", "type", safety.Dangerous},
		{"__builtin__", "eval", safety.Dangerous},
		{"__builtin__", "execfile", safety.Dangerous},
		{"__builtin__", "apply", safety.Dangerous},
		{"__builtin__", "set", safety.Safe},
		{"__builtin__", "xrange", safety.Safe},
		{"__builtin__", "reduce", safety.Dangerous}, // functools.reduce
		{"__builtin__", "intern", safety.Dangerous}, // sys.intern
		{"copy_reg", "_reconstructor", safety.Safe},
		{"copyreg", "__newobj__", safety.Safe},
		{"builtins", "set", safety.Safe},
		{"builtins", "object", safety.Safe},
		{"builtins", "getattr.__self__", safety.Dangerous},
		{"builtins", "object.__subclasses__", safety.Dangerous},
		{"collections", "OrderedDict", safety.Safe},
		{"collections", "OrderedDict.fromkeys", safety.Unknown},
		{"collections", "OrderedDict.__init__.__globals__", safety.Dangerous},
		{"torch._utils", "_rebuild_tensor_v2", safety.Safe},
		{"torch", "FloatStorage", safety.Safe},
		{"torch", "BFloat16Storage", safety.Safe},
		{"torch", "float32", safety.Safe},
		{"torch", "Size", safety.Safe},
		{"torch.nn.parameter", "Parameter", safety.Safe},
		{"torch", "load", safety.Dangerous},
		{"torch.serialization", "load", safety.Dangerous},
		{"torch.nn", "Linear", safety.Unknown},
		{"numpy.core.multiarray", "_reconstruct", safety.Safe},
		{"numpy._core.multiarray", "_reconstruct", safety.Safe},
		{"numpy", "dtype", safety.Safe},
		{"numpy", "load", safety.Dangerous},
		{"numpy.f2py", "crackfortran", safety.Dangerous},
		{"numpy.testing._private.utils", "runstring", safety.Dangerous},
		{"uuid", "UUID", safety.Safe},
		{"uuid", "_get_command_stdout", safety.Dangerous},
		{"datetime", "datetime", safety.Safe},
		{"datetime", "datetime.__reduce__", safety.Dangerous},
		{"decimal", "Decimal", safety.Safe},
		{"_codecs", "encode", safety.Safe},
		{"operator", "attrgetter", safety.Dangerous},
		{"operator", "methodcaller", safety.Dangerous},
		{"operator", "itemgetter", safety.Dangerous},
		{"functools", "partial", safety.Dangerous},
		{"importlib", "import_module", safety.Dangerous},
		{"pkgutil", "resolve_name", safety.Dangerous},
		{"pydoc", "locate", safety.Dangerous},
		{"pydoc", "pipepager", safety.Dangerous},
		{"marshal", "loads", safety.Dangerous},
		{"types", "FunctionType", safety.Dangerous},
		{"types", "CodeType", safety.Dangerous},
		{"runpy", "_run_code", safety.Dangerous},
		{"code", "InteractiveInterpreter.runcode", safety.Dangerous},
		{"pickle", "loads", safety.Dangerous},
		{"_pickle", "Unpickler", safety.Dangerous},
		{"dill", "loads", safety.Dangerous},
		{"ctypes", "CDLL", safety.Dangerous},
		{"socket", "create_connection", safety.Dangerous},
		{"requests.api", "get", safety.Dangerous},
		{"httplib", "HTTPSConnection", safety.Dangerous},
		{"http.client", "HTTPSConnection", safety.Dangerous},
		{"urllib.request", "urlopen", safety.Dangerous},
		{"webbrowser", "open", safety.Dangerous},
		{"asyncio.subprocess", "create_subprocess_shell", safety.Dangerous},
		{"pty", "spawn", safety.Dangerous},
		{"commands", "getoutput", safety.Dangerous},
		{"platform", "popen", safety.Dangerous},
		{"multiprocessing", "Process", safety.Dangerous},
		{"threading", "Thread", safety.Dangerous},
		{"signal", "signal", safety.Dangerous},
		{"pdb", "run", safety.Dangerous},
		{"bdb", "Bdb", safety.Dangerous},
		{"timeit", "timeit", safety.Dangerous},
		{"trace", "Trace.run", safety.Dangerous},
		{"cProfile", "run", safety.Dangerous},
		{"profile", "Profile.runctx", safety.Dangerous},
		{"glob", "glob", safety.Dangerous},
		{"tempfile", "mkstemp", safety.Dangerous},
		{"zipimport", "zipimporter", safety.Dangerous},
		{"idlelib.pyshell", "ModifiedInterpreter.runcode", safety.Dangerous},
		{"lib2to3.pgen2.grammar", "Grammar.loads", safety.Dangerous},
		{"venv", "create", safety.Dangerous},
		{"ensurepip", "_run_pip", safety.Dangerous},
		{"distutils.file_util", "write_file", safety.Dangerous},
		{"shelve", "open", safety.Dangerous},
		{"sqlite3", "connect", safety.Dangerous},
		{"io", "open", safety.Dangerous},
		{"shutil", "rmtree", safety.Dangerous},
		{"sys", "modules", safety.Dangerous},
		{"torch._inductor.codecache", "compile_file", safety.Dangerous},
		{"torch.utils.collect_env", "run", safety.Dangerous},
		{"mylib", "Model", safety.Unknown},
		{"", "x", safety.Unknown},
		{"os\r", "system", safety.Unknown},
		{"1os", "system", safety.Unknown},
	}
	for _, tt := range tests {
		if got := safety.Rate(tt.module, tt.name); got.Rating != tt.want {
			t.Errorf("Rate(%q, %q) = %s (%s), want %s", tt.module, tt.name, got.Rating, got.Why, tt.want)
		}
	}
}

// TestScanBytes finds GLOBAL, INST and STACK_GLOBAL patterns in raw bytes.
func TestScanBytes(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string // "offset op module.name"
	}{
		// junk; GLOBAL 'os system'; MARK; STRING 'x'; TUPLE; REDUCE; STOP
		{"GLOBAL", "junk\xffcos\nsystem\n(S'x'\ntR.", []string{"5 GLOBAL os.system"}},
		// BINPUT 1; GLOBAL 'posix system'
		{"GLOBAL after an op", "q\x01cposix\nsystem\n", []string{"2 GLOBAL posix.system"}},
		// GLOBAL 'os system' with CRLF line ends (a text-mode reader drops the \r)
		{"GLOBAL with CRLF", "cos\r\nsystem\r\n", []string{"0 GLOBAL os.system"}},
		// MARK; STRING 'ls'; INST 'os system'; STOP
		{"INST", "(S'ls'\nios\nsystem\n.", []string{"7 INST os.system"}},
		// SHORT_BINUNICODE 'os'; MEMOIZE; SHORT_BINUNICODE 'system'; MEMOIZE; STACK_GLOBAL
		{"STACK_GLOBAL with MEMOIZE", "\x8c\x02os\x94\x8c\x06system\x94\x93", []string{"0 STACK_GLOBAL os.system"}},
		// NONE; SHORT_BINUNICODE 'builtins'; BINPUT 1; SHORT_BINUNICODE 'exec'; BINPUT 2; STACK_GLOBAL
		{"STACK_GLOBAL with BINPUT", "N\x8c\x08builtins\x71\x01\x8c\x04exec\x71\x02\x93", []string{"1 STACK_GLOBAL builtins.exec"}},
		// BINUNICODE 'os'; BINUNICODE 'system'; STACK_GLOBAL
		{"STACK_GLOBAL BINUNICODE", "X\x02\x00\x00\x00osX\x06\x00\x00\x00system\x93", []string{"0 STACK_GLOBAL os.system"}},
		{"no pattern", "hello world\nno global here\n", nil},
		// GLOBAL 'os' with a name that is no identifier: CPython could not import it
		{"name not an identifier", "cos\nsys tem\n", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		hits := safety.ScanBytes([]byte(tt.data), 0, int64(len(tt.data)), 100)
		var got []string
		for _, h := range hits {
			got = append(got, strings.Join([]string{itoa(h.Offset), h.Op, h.Global}, " "))
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestScanBytesLinear bounds the byte scan on inputs built to make naive
// scanners quadratic: long runs of 'V' and 'c', many newlines.
func TestScanBytesLinear(t *testing.T) {
	inputs := [][]byte{
		bytes.Repeat([]byte("V"), 4<<20),
		bytes.Repeat([]byte("c"), 4<<20),
		bytes.Repeat([]byte("ccccccc\n"), 1<<19),
		bytes.Repeat([]byte("\x8c\xff"), 2<<20),
		bytes.Repeat([]byte("Va\nVb\n\x93"), 1<<19),
	}
	for i, in := range inputs {
		start := time.Now()
		hits := safety.ScanBytes(in, 0, int64(len(in)), 1000)
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("input %d: %v for %d bytes", i, d, len(in))
		}
		if len(hits) > 1000 {
			t.Errorf("input %d: %d hits past the cap", i, len(hits))
		}
	}
}

// TestMemoBombLinear: each level is a tuple of the previous one fetched
// twice (2^N leaves if expanded), with os.system at the bottom, handed to
// an unknown factory whose result is called. The scan must finish quickly
// and find the call of the call dangerous.
func TestMemoBombLinear(t *testing.T) {
	const levels = 200000
	var b bytes.Buffer
	b.WriteString("\x80\x02cos\nsystem\nr\x00\x00\x00\x000") // PROTO 2; GLOBAL os system; LONG_BINPUT 0; POP
	for i := 1; i <= levels; i++ {
		put := func(op byte, n int) {
			b.WriteByte(op)
			b.Write(binary.LittleEndian.AppendUint32(nil, uint32(n)))
		}
		put('j', i-1)     // LONG_BINGET i-1
		put('j', i-1)     // LONG_BINGET i-1
		b.WriteByte(0x86) // TUPLE2
		put('r', i)       // LONG_BINPUT i
		b.WriteByte('0')  // POP
	}
	b.WriteString("cmylib\nfactory\n") // GLOBAL mylib factory
	b.WriteByte('j')                   // LONG_BINGET levels
	b.Write(binary.LittleEndian.AppendUint32(nil, levels))
	b.WriteString("\x85R)R.") // TUPLE1; REDUCE; EMPTY_TUPLE; REDUCE; STOP
	f, err := decoder.Decode(b.Bytes(), decoder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := safety.Scan(f)
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("scan took %v", d)
	}
	if r.Verdict != safety.Dangerous || len(r.Calls) != 2 || r.Calls[1].Rating != safety.Dangerous || r.Calls[0].Rating != safety.Unknown {
		t.Errorf("verdict %s, calls %+v", r.Verdict, r.Calls)
	}
}

// TestMillionNested scans a million nested lists with a call at the
// bottom: nothing recurses.
func TestMillionNested(t *testing.T) {
	const depth = 1000000
	var b bytes.Buffer
	b.WriteString("\x80\x02")
	b.Write(bytes.Repeat([]byte("]"), depth)) // EMPTY_LIST x depth
	b.WriteString("cmylib\nf\n)R")            // GLOBAL mylib f; EMPTY_TUPLE; REDUCE
	b.WriteString(")R")                       // EMPTY_TUPLE; REDUCE: a call of a call
	b.Write(bytes.Repeat([]byte("a"), depth)) // APPEND x depth
	b.WriteString(".")
	f, err := decoder.Decode(b.Bytes(), decoder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := safety.Scan(f)
	if r.Verdict != safety.Unknown || r.CallsTotal != 2 {
		t.Errorf("verdict %s, %d calls", r.Verdict, r.CallsTotal)
	}
}

// TestCapped lists at most MaxListed entries but counts them all, and
// keeps dangerous ones past the cap.
func TestCapped(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("\x80\x02")
	for i := 0; i < 100; i++ {
		b.WriteString("ccollections\nOrderedDict\n)R0") // GLOBAL; EMPTY_TUPLE; REDUCE; POP
	}
	b.WriteString("cos\nsystem\n)R.") // GLOBAL os system; EMPTY_TUPLE; REDUCE; STOP
	f, _ := decoder.Decode(b.Bytes(), decoder.Options{})
	r := safety.ScanWith(f, safety.Options{MaxListed: 10, MaxUnsafe: 10})
	if r.GlobalsTotal != 101 || r.CallsTotal != 101 || !r.Capped {
		t.Fatalf("totals %d %d capped %v", r.GlobalsTotal, r.CallsTotal, r.Capped)
	}
	if len(r.Globals) != 11 || r.Globals[10].Global != "os.system" || len(r.Calls) != 11 {
		t.Errorf("listed %d globals (last %s), %d calls", len(r.Globals), r.Globals[len(r.Globals)-1].Global, len(r.Calls))
	}
	if r.Verdict != safety.Dangerous {
		t.Errorf("verdict %s", r.Verdict)
	}
}

// TestDecoderFixtures scans every fixture of the decoder corpus: no
// panic, and the builtin-only ones are safe.
func TestDecoderFixtures(t *testing.T) {
	paths, _ := filepath.Glob("../../decoder/testdata/*.pkl")
	for _, p := range paths {
		f, _ := decodeFile(t, p)
		r := safety.Scan(f)
		base := filepath.Base(p)
		if _, err := os.Stat(strings.TrimSuffix(p, ".pkl") + ".plain.json"); err == nil && f.Err() == nil {
			if r.Verdict != safety.Safe && f.Trailing.Len() == 0 {
				t.Errorf("%s: builtin-only fixture rated %s\n%s", base, r.Verdict, text(r))
			}
		}
		if f.Err() != nil && r.Verdict == safety.Safe {
			t.Errorf("%s: broken fixture rated safe", base)
		}
	}
}

// TestBrokenIsNotSafe: a file that fails to decode is never safe, and an
// empty model is unknown.
func TestBrokenIsNotSafe(t *testing.T) {
	for _, in := range []string{
		"",                    // empty
		"\x80\x02]",           // PROTO 2; EMPTY_LIST; no STOP
		"\x80\x02]\xff.",      // PROTO 2; EMPTY_LIST; 0xff (no opcode); STOP
		"N.\xffcos\nsystem\n", // NONE; STOP; trailing junk holding GLOBAL 'os system'
		"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x01\x00N.", // PROTO 4; FRAME 2**48 (a lie); NONE; STOP
	} {
		f, _ := decoder.Decode([]byte(in), decoder.Options{})
		if r := safety.Scan(f); r.Verdict == safety.Safe {
			t.Errorf("%q rated safe", in)
		}
	}
	if r := safety.Scan(&model.File{}); r.Verdict != safety.Unknown {
		t.Errorf("empty model: %s", r.Verdict)
	}
}

// TestScanMemoryBounded: Scan allocates a small multiple of the input on
// inputs with a node per byte or two (a memo bomb, deep nesting, a flood
// of STACK_GLOBALs reusing two memoized strings).
func TestScanMemoryBounded(t *testing.T) {
	var flood bytes.Buffer
	flood.WriteString("\x80\x04\x8c\x04mod1\x94\x8c\x04name\x94") // PROTO 4; SHORT_BINUNICODE x2 with MEMOIZE
	for i := 0; i < 200000; i++ {
		flood.WriteString("h\x00h\x01\x93") // BINGET 0; BINGET 1; STACK_GLOBAL
	}
	flood.WriteString(".")
	nested := append([]byte("\x80\x02"), bytes.Repeat([]byte("]"), 1000000)...)
	nested = append(nested, bytes.Repeat([]byte("a"), 999999)...)
	nested = append(nested, '.')
	for i, in := range [][]byte{flood.Bytes(), nested} {
		f, _ := decoder.Decode(in, decoder.Options{})
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		r := safety.Scan(f)
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		if limit := uint64(64*len(in) + 32<<20); alloc > limit {
			t.Errorf("input %d (%d bytes): Scan allocated %d bytes, over %d", i, len(in), alloc, limit)
		}
		runtime.KeepAlive(r)
	}
}
