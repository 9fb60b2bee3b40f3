package diagnose

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"pklx/decoder"
	"pklx/model"
)

// Severity is how bad a diagnosis is.
type Severity uint8

// Severities.
const (
	Info Severity = iota
	Warning
	Error
)

var severityNames = [...]string{Info: "info", Warning: "warning", Error: "error"}

// String is "info", "warning" or "error".
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "error"
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnosis is one thing found out about a file, in plain words.
type Diagnosis struct {
	Code     string   `json:"code"`     // a stable identifier: "gzip", "truncated", "crlf", ...
	Title    string   `json:"title"`    // one short line
	Explain  string   `json:"explain"`  // what it means
	Action   string   `json:"action"`   // what to do
	Severity Severity `json:"severity"` // info, warning or error
	Offset   int64    `json:"offset"`   // the byte offset it is about, or -1
}

// Diagnose says what data is and, when it is not a sound pickle, why it
// will not load. It decides by content, never by file name. f is data
// decoded by decoder.Decode (nil: Diagnose decodes it). The result is
// never empty: the first diagnosis says what the file is.
func Diagnose(data []byte, f *model.File) []Diagnosis {
	if f == nil {
		f, _ = decoder.Decode(data, decoder.Options{})
	}
	var out []Diagnosis
	add := func(d Diagnosis) { out = append(out, d) }
	if len(data) == 0 {
		add(Diagnosis{"empty", "The file is empty", "It holds no bytes at all, so there is no pickle in it. This happens when a save failed before writing anything, or a download or copy was interrupted at its start.",
			"Get the file again, or save it again; check free disk space and that the program that writes it finishes.", Error, -1})
		return out
	}
	sound := f.Err() == nil && len(f.Pickles) > 0 && f.Pickles[len(f.Pickles)-1].Complete()
	if sound {
		p := f.Pickles[0]
		title := fmt.Sprintf("A sound pickle (protocol %d)", p.Protocol())
		ops := 0
		for _, q := range f.Pickles {
			ops += q.NumOps()
		}
		explain := fmt.Sprintf("The file decodes completely: %d ops, ending with STOP at offset %d.", ops, f.Pickles[len(f.Pickles)-1].Span().End-1)
		if len(f.Pickles) > 1 {
			title = fmt.Sprintf("%d sound pickles back to back", len(f.Pickles))
			explain += fmt.Sprintf(" It holds %d pickles one after another: pickle.load returns only the first; call it %d times on the same open file to read them all.", len(f.Pickles), len(f.Pickles))
		}
		add(Diagnosis{"pickle", title, explain, "Nothing to repair. Before loading it, see what it would import and run: pklx scan FILE.", Info, -1})
		if f.Trailing.Len() > 0 {
			add(trailingDiagnosis(data, f.Trailing))
		}
		out = append(out, globalsDiagnoses(f)...)
		return out
	}

	// Not sound. First, what the bytes are when they are something else.
	if d, ok := formatDiagnosis(data); ok {
		add(d)
		return out
	}
	// A protocol 0 pickle whose line ends were converted to CRLF.
	if d, ok := crlfDiagnosis(data, f); ok {
		add(d)
		out = append(out, globalsDiagnoses(f)...)
		return out
	}
	p, perr := failing(f)
	// Text of some kind that failed within its first ops: not a pickle.
	if perr != nil && perr.Offset < 64 && p.NumOps() <= 3 {
		if d, ok := textDiagnosis(data); ok {
			add(d)
			return out
		}
	}
	add(errorDiagnosis(data, f, p, perr))
	out = append(out, globalsDiagnoses(f)...)
	if f.Trailing.Len() > 0 {
		add(trailingDiagnosis(data, f.Trailing))
	}
	return out
}

// failing is the pickle that failed and its error.
func failing(f *model.File) (*model.Pickle, *decoder.Error) {
	for _, p := range f.Pickles {
		if err := p.Err(); err != nil {
			var de *decoder.Error
			if errors.As(err, &de) {
				return p, de
			}
			return p, &decoder.Error{Offset: p.Span().End, Err: err, Detail: err.Error()}
		}
	}
	return f.Pickles[len(f.Pickles)-1], nil
}

// formatDiagnosis recognises formats that are not pickles by their bytes.
func formatDiagnosis(data []byte) (Diagnosis, bool) {
	switch c := Compression(data); c {
	case "gzip", "bz2", "zlib":
		name := c
		opener := map[string]string{"gzip": "gzip.open(FILE, 'rb')", "bz2": "bz2.open(FILE, 'rb')", "zlib": "zlib.decompress(open(FILE, 'rb').read())"}[c]
		return Diagnosis{c, "The file is " + name + "-compressed",
			"Its first bytes are the " + name + " signature, so pickle.load on the raw file fails at once. The data inside may be a pickle (joblib and pandas write compressed pickles this way); pklx check and pklx scan decompress it and look inside.",
			"Load it through the decompressor: pickle.load(" + opener + "), or joblib.load / pandas.read_pickle, which detect the compression.", Warning, 0}, true
	case "xz", "lz4", "zstd", "lzma":
		name := map[string]string{"xz": "xz", "lz4": "LZ4 (frame format)", "zstd": "Zstandard", "lzma": "LZMA (legacy .lzma)"}[c]
		return Diagnosis{c, "The file is " + name + "-compressed",
			"Its first bytes are the " + name + " signature, so pickle.load on the raw file fails at once. The data inside may be a pickle (joblib writes compressed pickles this way). pklx recognises this format but cannot decompress it yet.",
			"Decompress it first (for example: xz -dk FILE, lz4 -d FILE, zstd -d FILE), then run pklx check on the result, or load it with joblib.load.", Warning, 0}, true
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")) {
		return zipDiagnosis(data), true
	}
	if bytes.HasPrefix(data, []byte("\x93NUMPY")) {
		return npyDiagnosis(data), true
	}
	if off := hdf5Offset(data); off >= 0 {
		return Diagnosis{"hdf5", "This is an HDF5 file", "It has the HDF5 signature at offset " + fmt.Sprint(off) + ". HDF5 is what Keras (.h5), h5py and pandas.to_hdf write; it is not a pickle.",
			"Open it with h5py, pandas.read_hdf or keras.models.load_model, whichever wrote it.", Error, off}, true
	}
	if bytes.HasPrefix(data, lfsPrefix) {
		return Diagnosis{"git-lfs", "This is a Git LFS pointer, not the file",
			"The file is a small text stub (" + fmt.Sprint(len(data)) + " bytes) that Git LFS leaves in place of the real content: the clone or download fetched the pointer, not the data.",
			"Fetch the real file: install Git LFS (git lfs install) and run git lfs pull in the repository, or download the file itself (on Hugging Face, the 'resolve' link rather than 'blob').", Error, 0}, true
	}
	if isHTML(data) {
		return Diagnosis{"html", "This is an HTML page, not a pickle",
			"The file is a web page: the download saved an error, login or preview page instead of the file (common with links to a file's web view rather than the raw file, or an expired link).",
			"Download the raw file again: on GitHub use the 'raw' link, on Hugging Face the 'resolve' link, on Google Drive the direct download link; or open this file in a browser to read the error it holds.", Error, 0}, true
	}
	if isSafetensors(data) {
		return Diagnosis{"safetensors", "This is a safetensors file", "It has the safetensors layout (a length, then a JSON header of tensor names and shapes): tensors only, no pickle, nothing to run.",
			"Load it with safetensors.torch.load_file or safetensors.numpy.load_file.", Error, 0}, true
	}
	for _, m := range magics {
		if len(data) >= m.off+len(m.sig) && string(data[m.off:m.off+len(m.sig)]) == m.sig {
			return Diagnosis{m.code, m.title, m.what, m.do, Error, int64(m.off)}, true
		}
	}
	return Diagnosis{}, false
}

// zipDiagnosis says what a zip archive holds: a PyTorch checkpoint
// (torch.save), a NumPy .npz, or some other archive.
func zipDiagnosis(data []byte) Diagnosis {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return Diagnosis{"zip-damaged", "A zip archive without its directory (cut short?)", "The file starts like a zip archive (a PyTorch checkpoint is one), but its directory cannot be read: " + err.Error() + ". The directory is stored at the end, so a file cut short by an interrupted download or save loses it; torch.load then fails with \"failed finding central directory\". pklx reads the pickle members it finds by their local headers.",
			"Get the file again and compare its size with the original's, or save it again.", Error, 0}
	}
	var pkls, npys []string
	for _, f := range zr.File {
		switch {
		case strings.HasSuffix(f.Name, "data.pkl"):
			pkls = append(pkls, f.Name)
		case strings.HasSuffix(f.Name, ".npy"):
			npys = append(npys, f.Name)
		case strings.HasSuffix(f.Name, ".pkl") || strings.HasSuffix(f.Name, ".pickle"):
			pkls = append(pkls, f.Name)
		}
	}
	switch {
	case len(pkls) > 0 && hasTorchLayout(zr, pkls):
		return Diagnosis{"pytorch-zip", "This is a PyTorch checkpoint (torch.save zip)",
			fmt.Sprintf("A zip archive with %d entries; %s holds the pickle and the tensor data sits beside it in data/. pickle.load on the zip fails; torch.load reads it. pklx looks at the pickle inside.", len(zr.File), strings.Join(pkls, ", ")),
			"Load it with torch.load(FILE, weights_only=True), which refuses globals outside PyTorch's allowlist; run pklx scan FILE first to see what it imports.", Info, -1}
	case len(pkls) > 0:
		return Diagnosis{"zip-pickles", "This is a zip archive holding pickles",
			fmt.Sprintf("A zip archive with %d entries, of which %s are pickles. pklx looks at them inside.", len(zr.File), strings.Join(pkls, ", ")),
			"Extract the archive, or open the members with zipfile; run pklx scan FILE to see what they import.", Info, -1}
	case len(npys) > 0:
		return Diagnosis{"npz", "This is a NumPy .npz archive",
			fmt.Sprintf("A zip archive of %d .npy arrays (numpy.savez). It is not a pickle, though arrays of Python objects inside it are pickled.", len(npys)),
			"Load it with numpy.load(FILE) (allow_pickle=False unless you trust it).", Error, -1}
	}
	return Diagnosis{"zip", "This is a zip archive", fmt.Sprintf("A zip archive of %d entries, none of them a pickle by name.", len(zr.File)),
		"Extract it and check the files inside.", Error, -1}
}

func hasTorchLayout(zr *zip.Reader, pkls []string) bool {
	for _, p := range pkls {
		if strings.HasSuffix(p, "/data.pkl") || p == "data.pkl" {
			return true
		}
	}
	return false
}

var npyDescr = regexp.MustCompile(`'descr':\s*'([^']*)'`)

// npyHeader reads a .npy header: the dtype description and where the
// array data starts.
func npyHeader(data []byte) (descr string, dataOff int64, ok bool) {
	if len(data) < 10 || !bytes.HasPrefix(data, []byte("\x93NUMPY")) {
		return "", 0, false
	}
	major := data[6]
	var hl, pre int64
	switch major {
	case 1:
		hl, pre = int64(data[8])|int64(data[9])<<8, 10
	case 2, 3:
		if len(data) < 12 {
			return "", 0, false
		}
		hl = int64(data[8]) | int64(data[9])<<8 | int64(data[10])<<16 | int64(data[11])<<24
		pre = 12
	default:
		return "", 0, false
	}
	if pre+hl > int64(len(data)) {
		return "", 0, false
	}
	m := npyDescr.FindSubmatch(data[pre : pre+hl])
	if m == nil {
		return "", pre + hl, true
	}
	return string(m[1]), pre + hl, true
}

func npyDiagnosis(data []byte) Diagnosis {
	descr, off, ok := npyHeader(data)
	if !ok {
		return Diagnosis{"npy", "This is a NumPy .npy file (damaged header)", "It starts with the .npy signature but its header is cut short or malformed.",
			"Get the file again or save the array again with numpy.save.", Error, 0}
	}
	if descr == "|O" {
		return Diagnosis{"npy-object", "This is a NumPy .npy array of Python objects",
			fmt.Sprintf("A .npy file whose dtype is object ('|O'): after its header, at offset %d, the array is stored as a pickle, which numpy.load only reads with allow_pickle=True. pklx looks at that pickle.", off),
			"Load it with numpy.load(FILE, allow_pickle=True) only if you trust it; run pklx scan FILE first.", Warning, off}
	}
	return Diagnosis{"npy", "This is a NumPy .npy array, not a pickle",
		fmt.Sprintf("A .npy file (dtype %q) written by numpy.save: a header and raw array data from offset %d. It holds no pickle.", descr, off),
		"Load it with numpy.load(FILE).", Error, 0}
}

// crlfDiagnosis detects line ends converted from LF to CRLF: the file
// fails, and with every CRLF turned back into LF it decodes cleanly.
func crlfDiagnosis(data []byte, f *model.File) (Diagnosis, bool) {
	first := bytes.Index(data, []byte("\r\n"))
	if first < 0 {
		return Diagnosis{}, false
	}
	// Decoding a repaired copy costs a copy and a decode: for large files,
	// only when a '\r' is at the failure.
	if _, e := failing(f); len(data) > 64<<20 && e != nil {
		lo, hi := max(0, e.Offset-1), min(int64(len(data)), e.Offset+64)
		if lo >= hi || bytes.IndexByte(data[lo:hi], '\r') < 0 {
			return Diagnosis{}, false
		}
	}
	fixed := bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	g, err := decoder.Decode(fixed, decoder.Options{})
	if err != nil || g.Trailing.Len() > 0 && !isSpace(fixed[g.Trailing.Start:]) {
		return Diagnosis{}, false
	}
	n := bytes.Count(data, []byte("\r\n"))
	return Diagnosis{"crlf", "Line ends were converted to CRLF",
		fmt.Sprintf("The pickle's line ends (LF, \\n) were turned into CRLF (\\r\\n) %d times, first at offset %d, as a text-mode transfer does (FTP in ASCII mode, Git with autocrlf, a Windows editor, or open(FILE, 'w') instead of 'wb'). With CRLF turned back into LF the file decodes completely (protocol %d, %d ops).", n, first, g.Pickles[0].Protocol(), g.Pickles[0].NumOps()),
		"Transfer it in binary mode (for Git, add '*.pkl binary' to .gitattributes; for FTP use binary mode) and always open pickle files with 'rb'/'wb'. To repair this copy of a protocol 0 pickle, turn CRLF back into LF (dos2unix, or data.replace(b'\\r\\n', b'\\n')); a binary-protocol pickle repaired that way may still be wrong where its data held \\r\\n.",
		Error, int64(first)}, true
}

func isSpace(b []byte) bool {
	return len(bytes.TrimSpace(b)) == 0
}

// textDiagnosis says what a text file is when it failed as a pickle.
func textDiagnosis(data []byte) (Diagnosis, bool) {
	switch textKind(data) {
	case "json":
		return Diagnosis{"json", "This is a JSON file, not a pickle", "The file is JSON text. A pickle is a binary (or, for protocol 0, line-based) stream of opcodes.",
			"Read it with json.load(open(FILE)).", Error, 0}, true
	case "csv":
		return Diagnosis{"csv", "This is a CSV (delimited text) file, not a pickle", "The file's lines are separated values. A pickle is a stream of opcodes.",
			"Read it with the csv module or pandas.read_csv(FILE).", Error, 0}, true
	case "pkl":
		return Diagnosis{"apple-pkl", "This is an Apple Pkl configuration file, not a Python pickle",
			"The file is source text in Pkl, Apple's configuration language (pkl-lang.org), which also uses the .pkl extension: it has Pkl's module, amends, import, class or property syntax. It has nothing to do with Python's pickle.",
			"Evaluate it with the pkl command-line tool (pkl eval FILE) or a Pkl binding; do not load it with pickle.", Error, 0}, true
	case "text":
		return Diagnosis{"text", "This is a text file, not a pickle", "The file is plain text. A pickle is a stream of opcodes; only protocol 0 pickles look like text, and this one does not decode as one.",
			"Open it with a text editor to see what it is.", Error, 0}, true
	}
	return Diagnosis{}, false
}

// errorDiagnosis explains the decoding error of pickle p in f.
func errorDiagnosis(data []byte, f *model.File, p *model.Pickle, e *decoder.Error) Diagnosis {
	if e == nil {
		return Diagnosis{"broken", "The pickle is incomplete", "Decoding did not reach STOP.", "Get the file again.", Error, -1}
	}
	opName := ""
	if e.HasOp {
		opName = model.OpName(e.Op)
	}
	at := fmt.Sprintf("offset %d", e.Offset)
	if opName != "" {
		at = opName + " at offset " + fmt.Sprint(e.Offset)
	}
	decoded := fmt.Sprintf("%d ops (%d of %d bytes) decoded before it", p.NumOps(), e.Offset-p.Span().Start, int64(len(data))-p.Span().Start)
	early := p.NumOps() <= 2 && e.Offset-p.Span().Start < 16 && p == f.Pickles[0]
	switch {
	case errors.Is(e.Err, decoder.ErrTruncated):
		if l, ok := claimedLength(data, e); ok && l > uint64(2*len(data)) {
			return Diagnosis{"bad-length", "A length field is corrupt",
				fmt.Sprintf("%s says its argument is %d bytes, far more than the whole file (%d bytes): the length field is damaged, or the data from here on is not a pickle. %s.", at, l, len(data), decoded),
				"Get the file again; if it was written by a program, write it again. pklx check lists any complete pickle found after the damage.", Error, e.Offset}
		}
		if !e.HasOp {
			return Diagnosis{"truncated", "The file was cut short (no STOP)",
				fmt.Sprintf("The data ends at offset %d after %d ops without the STOP opcode that ends every pickle: the file is shorter than what was written, as an interrupted download, copy or save leaves it (a process killed mid-save, a full disk).", e.Offset, p.NumOps()),
				"Get the file again and compare its size with the original's, or save it again and let the save finish.", Error, e.Offset}
		}
		return Diagnosis{"truncated", "The file was cut short",
			fmt.Sprintf("%s needs more bytes than the file has (%s); %s. The file is shorter than what was written, as an interrupted download, copy or save leaves it.", at, e.Detail, decoded),
			"Get the file again and compare its size with the original's, or save it again and let the save finish.", Error, e.Offset}
	case errors.Is(e.Err, decoder.ErrUnknownOpcode):
		if early {
			return Diagnosis{"not-pickle", "This is not a pickle",
				fmt.Sprintf("The byte %#02x at offset %d is not a pickle opcode, so this is not a pickle file (its first bytes: %s).", data[e.Offset], e.Offset, firstBytes(data)),
				"Find out what wrote the file; pklx recognises compressed files, zip, .npy, HDF5, safetensors, HTML, Git LFS pointers and text, and this is none of them.", Error, e.Offset}
		}
		return Diagnosis{"bad-opcode", "A byte that is no opcode: the file is damaged here",
			fmt.Sprintf("The byte %#02x at offset %d is not a pickle opcode; %s. The bytes were changed or lost at this point (disk or transfer damage, or two files joined).", data[e.Offset], e.Offset, decoded),
			"Get the file again. pklx check lists any complete pickle found after the damage.", Error, e.Offset}
	case errors.Is(e.Err, decoder.ErrUnsupported):
		return Diagnosis{"unsupported", "A pickle from a newer format",
			fmt.Sprintf("%s: %s. pklx reads protocols 0 to 5, as Python 3.8 and later write them.", at, e.Detail),
			"Check which program wrote it; if it is a newer Python, use that version to read it.", Error, e.Offset}
	case errors.Is(e.Err, decoder.ErrMemoMissing):
		return Diagnosis{"memo", "The pickle refers to an object it never stored",
			fmt.Sprintf("%s: %s; %s. This happens when one Pickler wrote several pickles into the file and a later one refers back to an earlier one's objects (only that same Unpickler can read it), or when bytes were damaged.", at, e.Detail, decoded),
			"If the file holds several dumps from one Pickler, read it with one Unpickler calling load() repeatedly; otherwise get the file again.", Error, e.Offset}
	case errors.Is(e.Err, decoder.ErrStackUnderflow), errors.Is(e.Err, decoder.ErrNoMark), errors.Is(e.Err, decoder.ErrBadStack):
		if early {
			return Diagnosis{"not-pickle", "This is not a pickle",
				fmt.Sprintf("%s: %s at the very start of the file, so it is not a pickle (its first bytes: %s).", at, e.Detail, firstBytes(data)),
				"Find out what wrote the file.", Error, e.Offset}
		}
		return Diagnosis{"bad-stack", "The ops do not fit together",
			fmt.Sprintf("%s: %s; %s. A pickler never writes this: the bytes were damaged, or the pickle was made by hand.", at, e.Detail, decoded),
			"Get the file again; if it was made by a tool, report the bug to its authors.", Error, e.Offset}
	case errors.Is(e.Err, decoder.ErrBadArgument):
		return Diagnosis{"bad-argument", "An op's argument is malformed",
			fmt.Sprintf("%s: %s; %s.", at, e.Detail, decoded),
			"Get the file again; the bytes were damaged at this point.", Error, e.Offset}
	case errors.Is(e.Err, decoder.ErrLimit):
		return Diagnosis{"limit", "The pickle is beyond pklx's limits", fmt.Sprintf("%s: %s.", at, e.Detail), "Split the data, or inspect it with other tools.", Error, e.Offset}
	}
	return Diagnosis{"broken", "The pickle does not decode", fmt.Sprintf("%s: %s; %s.", at, e.Detail, decoded), "Get the file again.", Error, e.Offset}
}

// claimedLength reads the length field of the counted op at the error.
func claimedLength(data []byte, e *decoder.Error) (uint64, bool) {
	if !e.HasOp || e.Offset < 0 || e.Offset >= int64(len(data)) {
		return 0, false
	}
	info := model.Ops[e.Op]
	w := int64(info.Arg.FixedLen())
	if e.Op == model.OpFrame {
		w = 8
	} else if !info.Arg.Counted() {
		return 0, false
	}
	if e.Offset+1+w > int64(len(data)) {
		return 0, false
	}
	return model.ReadUint(data[e.Offset+1 : e.Offset+1+w]), true
}

// firstBytes shows up to 16 bytes as text and hex.
func firstBytes(data []byte) string {
	b := head(data, 16)
	var txt strings.Builder
	for _, c := range b {
		if c >= 0x20 && c < 0x7f {
			txt.WriteByte(c)
		} else {
			txt.WriteByte('.')
		}
	}
	return fmt.Sprintf("%q, hex % x", txt.String(), b)
}

// trailingDiagnosis says what the bytes after the last pickle look like.
func trailingDiagnosis(data []byte, t model.Span) Diagnosis {
	b := data[t.Start:t.End]
	kind := "binary data"
	switch {
	case len(bytes.Trim(b, "\x00")) == 0:
		kind = "zeros (padding: a preallocated file, or a disk or copy problem)"
	case isSpace(b):
		kind = "whitespace (a newline appended by a text tool or a text-mode write)"
	case len(b) >= 2 && b[0] == model.OpProto && b[1] <= 5:
		kind = "the start of another pickle, which does not decode completely"
	case len(Recover(data, t.Start)) > 0:
		kind = "data holding another pickle further on"
	case looksText(head(b, 4096)):
		kind = "text"
	}
	sev := Warning
	if isSpace(b) {
		sev = Info
	}
	return Diagnosis{"trailing-data", fmt.Sprintf("%d bytes after the end of the pickle", t.Len()),
		fmt.Sprintf("After the STOP that ends the last pickle, %d bytes from offset %d remain; they look like %s. pickle.load stops at STOP and never reads them.", t.Len(), t.Start, kind),
		"Usually harmless for pickle.load. If a program appends records to this file, read them with repeated load() calls; if the extra bytes are unexpected, compare the file with its original.", sev, t.Start}
}

// globalsDiagnoses notes globals that tell about the file's origin:
// NumPy 2's numpy._core, joblib's inline arrays.
func globalsDiagnoses(f *model.File) []Diagnosis {
	var out []Diagnosis
	mods := map[string]int64{}
	for _, p := range f.Pickles {
		for i := 0; i < p.NumNodes(); i++ {
			n := model.NodeID(i)
			if p.Node(n).Kind != model.KindGlobal {
				continue
			}
			m, _ := p.Global(n)
			top := m
			switch {
			case strings.HasPrefix(m, "numpy._core"):
				top = "numpy._core"
			case strings.HasSuffix(m, "joblib.numpy_pickle"):
				top = "joblib.numpy_pickle"
			default:
				continue
			}
			if _, ok := mods[top]; !ok {
				mods[top] = p.OpOffset(int(p.Node(n).Op))
			}
		}
	}
	if off, ok := mods["numpy._core"]; ok {
		out = append(out, Diagnosis{"numpy2", "Written by NumPy 2 (numpy._core)",
			"The pickle names numpy._core, the module NumPy 2.0 renamed numpy.core to. NumPy 1.x cannot load it: it fails with \"ModuleNotFoundError: No module named 'numpy._core'\".",
			"Load it with NumPy 2 or later (pip install -U 'numpy>=2'), or have it saved again from an environment with the NumPy version the readers use.", Warning, off})
	}
	if off, ok := mods["joblib.numpy_pickle"]; ok && f.Err() != nil {
		out = append(out, Diagnosis{"joblib", "A joblib file with arrays stored inline",
			"The pickle names joblib.numpy_pickle: joblib.dump writes NumPy arrays' raw bytes into the stream right after each array's wrapper, so a plain unpickler stops there.",
			"Load it with joblib.load (after pklx scan FILE, if you do not trust it).", Warning, off})
	}
	return out
}

// sortDiagnoses orders by severity, errors first, keeping the order within.
func sortDiagnoses(d []Diagnosis) {
	sort.SliceStable(d, func(i, j int) bool { return d[i].Severity > d[j].Severity })
}
