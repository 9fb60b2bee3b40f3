package container

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"pklx/decoder"
	"pklx/decoder/diagnose"
	"pklx/model"
	"pklx/model/ml"
)

// Kind is what a part of a container is.
type Kind uint8

// Part kinds.
const (
	KindPickle  Kind = iota // a pickle stream: File holds it decoded
	KindStorage             // a PyTorch storage: raw items a tensor reads
	KindArray               // raw array items: joblib inline data, .npy data
	KindMember              // another archive member (version, byteorder, code, text)
)

var kindNames = [...]string{"pickle", "storage", "array", "member"}

// String names the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "part"
}

// Part is one piece of a container.
type Part struct {
	// Name says where the part is: "archive/data.pkl", "archive/data/0",
	// "storage '140234'", "joblib array 2", "weights.npy", "zlib stream".
	Name string
	Kind Kind
	// Offset is where Data starts in the file, or -1 when Data is not the
	// file's own bytes (decompressed, deflated, or a joblib stream with its
	// arrays cut out).
	Offset int64
	// Data is the part's bytes (a view into the input when Offset >= 0).
	Data []byte
	// File is a pickle part decoded; its pickles carry Source() and an
	// Extern.
	File *model.File
	// Array is the array of an .npy part with raw items, or of a joblib
	// inline array.
	Array *ml.ArrayView
	// Gaps are the raw runs cut out of a joblib pickle stream (Data is the
	// stream without them).
	Gaps []decoder.Gap
	// Err is why the part could not be read completely.
	Err error
}

// Container is a file opened by content.
type Container struct {
	Name string
	// Format is "pickle", "pytorch zip", "pytorch legacy", "joblib",
	// "npy", "npz", "zip", with the compression in parentheses when the
	// file is compressed: "joblib (zlib)", "pickle (gzip)".
	Format string
	Data   []byte // the file
	// Inner is the decompressed bytes of a compressed file (nil otherwise).
	Inner []byte
	// Notes say what was found, in plain words.
	Notes []string
	Parts []Part
	// File is every pickle of every part, as Load returns it.
	File *model.File

	opts decoder.Options // LoadWith's: for decoding the file's own bytes
}

// ErrNoPickle marks a container that holds no pickle at all (a numeric
// .npy or .npz): there is nothing to decode, and nothing in it runs code.
var ErrNoPickle = errors.New("no pickle in this file")

// FormatError is a container whose structure is broken at a byte offset
// (a zip directory, an npy header, a legacy checkpoint's storages).
type FormatError struct {
	Format string
	Offset int64
	Msg    string
}

// Error reads like "npy: at offset 8: header of 5000 bytes but only 20 remain".
func (e *FormatError) Error() string {
	return fmt.Sprintf("%s: at offset %d: %s", e.Format, e.Offset, e.Msg)
}

// maxDepth bounds how many containers nest (a compressed joblib is one
// level: compression, then the joblib stream).
const maxDepth = 2

// Load reads data by content and decodes every pickle in it: the entry
// point the commands and the window use instead of decoder.Decode. The
// File is never nil. Its Pickles are all the pickles of all parts, in part
// order, each with Source() naming its member or segment ("" for a plain
// pickle file) and an Extern; Format and Notes describe the container.
// err is the first pickle's decoding error, a *FormatError, a
// decompression error, or ErrNoPickle (then Pickles is empty).
func Load(name string, data []byte) (*model.File, error) {
	return LoadWith(name, data, decoder.Options{})
}

// LoadWith is Load with decoder options: Context cancels any decode;
// Progress and Release report on the decode of a plain pickle file, the
// one kind of container that can be large and is decoded straight from
// data (offsets are then offsets into data). Name is taken from name.
func LoadWith(name string, data []byte, opts decoder.Options) (*model.File, error) {
	c := &Container{Name: name, Data: data, opts: opts}
	err := c.load()
	if err == nil {
		err = c.File.Err()
	}
	return c.File, err
}

// Open reads data by content: see the package documentation. It always
// returns a Container; err is as for Load, apart from pickle errors,
// which stay in the parts' Files.
func Open(name string, data []byte) (*Container, error) {
	c := &Container{Name: name, Data: data}
	return c, c.load()
}

func (c *Container) load() error {
	err := c.open(c.Data, true, 0)
	c.File = c.file()
	if err == nil && len(c.File.Pickles) == 0 {
		err = ErrNoPickle
	}
	return err
}

// options are the decoder options for data that is the file itself
// (inFile) or bytes derived from it.
func (c *Container) options(name string, inFile bool) decoder.Options {
	o := decoder.Options{Context: c.opts.Context, Name: name}
	if inFile {
		o.Progress, o.Release = c.opts.Progress, c.opts.Release
	}
	return o
}

// open reads data, which is the file itself when inFile (part offsets are
// then offsets into it).
func (c *Container) open(data []byte, inFile bool, depth int) error {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return c.openZip(data, inFile)
	case bytes.HasPrefix(data, []byte(ml.NPYMagic)):
		c.setFormat("npy")
		return c.openNPY(data, "", inFile, 0)
	}
	if depth < maxDepth && !startsPickle(data) {
		if out, format, err, ok := decompress(data); ok {
			if out == nil {
				c.setFormat(format)
				c.Notes = append(c.Notes, fmt.Sprintf("The file is %s-compressed, and could not be decompressed: %v.", format, err))
				return err
			}
			c.Inner = out
			c.Notes = append(c.Notes, fmt.Sprintf("The file is %s-compressed: %d bytes decompress to %d.", format, len(data), len(out)))
			if err != nil {
				c.Notes = append(c.Notes, fmt.Sprintf("Decompression stopped early: %v; what was decompressed is read.", err))
			}
			ierr := c.open(out, false, depth+1)
			c.Format += " (" + format + ")"
			if ierr == nil {
				ierr = err
			}
			return ierr
		}
	}
	return c.openPickles(data, inFile)
}

func (c *Container) setFormat(f string) {
	if c.Format == "" {
		c.Format = f
	}
}

// startsPickle reports whether data starts like a binary pickle (PROTO),
// which no compressed format does.
func startsPickle(data []byte) bool {
	return len(data) >= 2 && data[0] == model.OpProto && data[1] <= 5
}

// torchMagic is the first pickle of a legacy PyTorch checkpoint, and
// torchMagicLE its LONG1 argument (length and little-endian bytes): files
// without these bytes near the start are not decoded twice to look.
var (
	torchMagic, _ = new(big.Int).SetString("1950a86a20f9469cfc6c", 16)
	torchMagicLE  = []byte("\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19")
)

// openPickles reads pickles back to back: a legacy PyTorch checkpoint, a
// joblib stream, or plain pickles.
func (c *Container) openPickles(data []byte, inFile bool) error {
	off := int64(-1)
	if inFile {
		off = 0
	}
	if bytes.Contains(data[:min(len(data), 64)], torchMagicLE) {
		first, err := decodeWindowed(data, 0, c.Name)
		if r := first.Root(); err == nil && r >= 0 && first.Kind(r) == model.KindBigInt && first.BigInt(r).Cmp(torchMagic) == 0 {
			c.setFormat("pytorch legacy")
			return c.openLegacy(data, inFile)
		}
	}
	f, _ := decoder.Decode(data, c.options(c.Name, inFile))
	if namesJoblibWrapper(f) {
		// A plain decode stops (or goes astray) at the first array joblib
		// wrote between the ops; the wrapper class it decoded first says so.
		// (Looking for the name in the bytes instead would read every page
		// of a file of arrays.)
		return c.openJoblib(data, inFile)
	}
	c.setFormat("pickle")
	name := ""
	if !inFile {
		name = "decompressed stream"
	}
	for i, p := range f.Pickles {
		f.Pickles[i] = p.With(name, nil)
	}
	c.Parts = append(c.Parts, Part{Name: name, Kind: KindPickle, Offset: off, Data: data, File: f})
	return nil
}

// namesJoblibWrapper reports whether a pickle of f names joblib's
// NumpyArrayWrapper class.
func namesJoblibWrapper(f *model.File) bool {
	for _, p := range f.Pickles {
		for n := model.NodeID(0); int(n) < p.NumNodes(); n++ {
			if p.Kind(n) != model.KindGlobal {
				continue
			}
			if m, name := p.Global(n); name == "NumpyArrayWrapper" && strings.HasSuffix(m, "numpy_pickle") {
				return true
			}
		}
	}
	return false
}

// file gathers every pickle of every part into one File.
func (c *Container) file() *model.File {
	f := &model.File{Name: c.Name, Data: c.Data, Format: c.Format, Notes: c.Notes}
	for _, p := range c.Parts {
		if p.File == nil {
			continue
		}
		f.Pickles = append(f.Pickles, p.File.Pickles...)
		if c.Format == "pickle" && p.File.Trailing.Len() > 0 {
			f.Trailing = p.File.Trailing
		}
	}
	return f
}

// decompress undoes the compressions diagnose recognises, with xz, lzma
// and lz4 added, and joblib's old "ZF" zlib files; ok is false when data
// is not compressed.
func decompress(data []byte) (out []byte, format string, err error, ok bool) {
	if zf, ok := zfileStream(data); ok {
		out, _, err := diagnose.Decompress(zf)
		return out, "joblib ZF zlib", err, true
	}
	format = diagnose.Compression(data)
	if format == "" {
		return nil, "", nil, false
	}
	out, err = decompressFormat(data, format)
	return out, format, err, true
}

// Main is the index in f.Pickles of the pickle that holds the file's
// object, the one to show or export by default: the object pickle of a
// legacy PyTorch checkpoint (after its magic number, protocol version and
// sys info), otherwise the first; -1 when there is none.
func Main(f *model.File) int {
	if f == nil || len(f.Pickles) == 0 {
		return -1
	}
	if strings.HasPrefix(f.Format, "pytorch legacy") {
		for i, p := range f.Pickles {
			if p.Source() == "object" {
				return i
			}
		}
	}
	return 0
}
