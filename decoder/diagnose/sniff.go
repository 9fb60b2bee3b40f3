package diagnose

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"regexp"
	"unicode/utf8"
)

// magic is a file format recognised by fixed bytes at an offset.
type magic struct {
	off   int
	sig   string
	code  string
	title string
	what  string
	do    string
}

// magics are formats that are often mistaken for pickles, or saved under
// a .pkl name, checked by content. Compressed formats, zip, npy, HDF5 and
// Git LFS have their own checks with more to say.
var magics = []magic{
	{0, "\x89PNG\r\n\x1a\n", "png", "This is a PNG image", "The file starts with the PNG signature.", "Open it with an image viewer; it holds no pickle."},
	{0, "\xff\xd8\xff", "jpeg", "This is a JPEG image", "The file starts with the JPEG signature.", "Open it with an image viewer; it holds no pickle."},
	{0, "GIF8", "gif", "This is a GIF image", "The file starts with the GIF signature.", "Open it with an image viewer; it holds no pickle."},
	{0, "%PDF-", "pdf", "This is a PDF document", "The file starts with %PDF-.", "Open it with a PDF reader; it holds no pickle."},
	{0, "\x7fELF", "elf", "This is an ELF executable or library", "The file starts with the ELF signature: compiled program code, not data.", "Do not run it; it holds no pickle."},
	{0, "MZ", "pe", "This may be a Windows executable", "The file starts with MZ, the signature of Windows programs.", "Do not run it; it holds no pickle."},
	{0, "7z\xbc\xaf\x27\x1c", "7z", "This is a 7-Zip archive", "The file starts with the 7z signature.", "Extract it with 7-Zip (7z x FILE) and check the files inside."},
	{257, "ustar", "tar", "This is a tar archive", "The file has a tar header.", "Extract it (tar xf FILE) and check the files inside."},
	{0, "GGUF", "gguf", "This is a GGUF model file", "The file starts with GGUF, the llama.cpp model format: tensors and metadata, no pickle.", "Load it with llama.cpp or the gguf package; nothing here needs unpickling."},
	{4, "TFL3", "tflite", "This is a TensorFlow Lite model", "The file has the TFLite FlatBuffer identifier.", "Load it with TensorFlow Lite; it holds no pickle."},
	{0, "\x00\x00\x00\x0cjP  ", "jp2", "This is a JPEG 2000 image", "The file starts with the JPEG 2000 signature.", "Open it with an image viewer."},
}

var lfsPrefix = []byte("version https://git-lfs.github.com/spec/v1")

// isHTML reports whether the text starts like an HTML or XML page.
func isHTML(data []byte) bool {
	b := bytes.TrimLeft(trimBOM(head(data, 4096)), " \t\r\n")
	l := bytes.ToLower(head(b, 64))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<!--", "<?xml", "<meta", "<script", "<title"} {
		if bytes.HasPrefix(l, []byte(p)) {
			return true
		}
	}
	return false
}

func trimBOM(b []byte) []byte { return bytes.TrimPrefix(b, []byte("\xef\xbb\xbf")) }

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// hdf5Offset is where the HDF5 superblock signature is (0, 512, 1024,
// 2048, ...), or -1.
func hdf5Offset(data []byte) int64 {
	const sig = "\x89HDF\r\n\x1a\n"
	for off := 0; off+len(sig) <= len(data) && off <= 1<<20; {
		if string(data[off:off+len(sig)]) == sig {
			return int64(off)
		}
		if off == 0 {
			off = 512
		} else {
			off *= 2
		}
	}
	return -1
}

// isSafetensors checks the safetensors layout: an 8-byte little-endian
// header length, then that much JSON starting with '{'.
func isSafetensors(data []byte) bool {
	if len(data) < 10 {
		return false
	}
	n := binary.LittleEndian.Uint64(data)
	return n >= 2 && n <= uint64(len(data)-8) && n < 100<<20 && data[8] == '{'
}

// textKind says what a text file is: "json", "csv", "pkl" (Apple Pkl
// configuration) or "text"; "" when the data is not text.
func textKind(data []byte) string {
	h := head(data, 64<<10)
	if len(h) == 0 || !looksText(h) {
		return ""
	}
	t := bytes.TrimLeft(trimBOM(h), " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		if len(data) <= 64<<20 && json.Valid(trimBOM(data)) {
			return "json"
		}
		if len(data) > 64<<20 {
			return "json"
		}
	}
	if isApplePkl(h) {
		return "pkl"
	}
	if isCSV(h) {
		return "csv"
	}
	return "text"
}

// looksText reports whether b is UTF-8 (or Latin-1) text: no NUL and at
// least 95% printable characters.
func looksText(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	bad, total := 0, 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		i += size
		total++
		if r == utf8.RuneError && size == 1 {
			// A UTF-8 sequence cut at the end of the sample is fine.
			if len(b)-i < 4 {
				continue
			}
			bad++
			continue
		}
		if r < 0x20 && r != '\n' && r != '\r' && r != '\t' && r != '\f' {
			bad++
		}
	}
	return total > 0 && bad*20 <= total
}

var (
	// Apple Pkl (pkl-lang.org): module headers, imports, classes, doc comments.
	pklStrong = regexp.MustCompile(`(?m)^(amends|extends|import\*?) +"[^"\n]*"|^module +[A-Za-z_][\w.]*\s*$|^@ModuleInfo|^((open|abstract|external|local) +)*class +[A-Z]\w* *(extends +\w+ *)?\{|^typealias +\w+ *=|^///`)
	pklProp   = regexp.MustCompile(`(?m)^\s*(local +|hidden +|fixed +|const +)*[A-Za-z_]\w*(: *[\w.<>?|" ]+)? *= *("[^"\n]*"|\d|new\b|true\b|false\b|List\(|Map\(|\w+\.)|^\s*[A-Za-z_]\w* *\{\s*$`)
)

// isApplePkl reports whether text looks like an Apple Pkl configuration
// file, which shares the .pkl extension with pickles.
func isApplePkl(b []byte) bool {
	if pklStrong.Match(b) {
		return true
	}
	return len(pklProp.FindAllIndex(b, 3)) >= 3 && bytes.Count(b, []byte("{")) > 0
}

// isCSV reports whether the first lines have the same, non-zero number of
// commas, semicolons or tabs.
func isCSV(b []byte) bool {
	lines := bytes.Split(head(b, 8192), []byte("\n"))
	if len(lines) > 1 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	if len(lines) < 2 {
		return false
	}
	if len(lines) > 10 {
		lines = lines[:10]
	}
	if len(lines) > 2 {
		lines = lines[:len(lines)-1] // the last sampled line may be cut
	}
	for _, sep := range []byte{',', ';', '\t'} {
		n := bytes.Count(lines[0], []byte{sep})
		if n == 0 {
			continue
		}
		ok := true
		for _, l := range lines[1:] {
			if bytes.Count(l, []byte{sep}) != n {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
