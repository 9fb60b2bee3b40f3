package diagnose

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"pklx/decoder"
	"pklx/model"
)

// Part is one pickle stream found in a file: the file itself, the data
// inside its gzip, bz2 or zlib compression, a pickle member of its zip
// archive, or the pickle after the header of an object-dtype .npy file.
type Part struct {
	Name   string      `json:"name"`   // "" for the file itself; "gzip stream", "archive/data.pkl", ...
	How    string      `json:"how"`    // "file", "gzip", "bz2", "zlib", "zip member", "npy payload"
	Offset int64       `json:"offset"` // where the part starts in the file (npy payload), else 0
	Data   []byte      `json:"-"`      // the part's bytes (offsets in File are into these)
	File   *model.File `json:"-"`      // the part decoded; nil when it could not be unpacked
	Err    error       `json:"-"`      // why it could not be unpacked completely (decompression)
}

// maxZipMembers bounds how many zip members are unpacked.
const maxZipMembers = 64

// Parts finds the pickle streams in data, decoded. f is data decoded by
// decoder.Decode (nil: Parts decodes it). A file that decodes soundly is
// its own single part; otherwise compressed data is decompressed (within
// DecompressLimit), zip members named *.pkl or *.pickle are read (within
// the same total bound), and an object .npy's pickle is decoded where it
// starts. When nothing is found inside, the file itself is the one part.
func Parts(name string, data []byte, f *model.File) []Part {
	if f == nil {
		f, _ = decoder.Decode(data, decoder.Options{Name: name})
	}
	self := []Part{{Name: "", How: "file", Data: data, File: f}}
	if len(data) == 0 || f.Err() == nil && len(f.Pickles) > 0 {
		return self
	}
	switch c := Compression(data); c {
	case "gzip", "bz2", "zlib":
		out, _, err := Decompress(data)
		p := Part{Name: c + " stream", How: c, Data: out, Err: err}
		if out != nil {
			p.File, _ = decoder.Decode(out, decoder.Options{Name: name + " (" + c + ")"})
		}
		return []Part{p}
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")) {
		if ps := zipParts(name, data); len(ps) > 0 {
			return ps
		}
		return self
	}
	if descr, off, ok := npyHeader(data); ok && descr == "|O" && off < int64(len(data)) {
		p, _ := decoder.DecodeOne(data, off, decoder.Options{Name: name})
		inner := &model.File{Name: name, Data: data, Format: "npy object payload", Pickles: []*model.Pickle{p}}
		if p.Complete() && p.Span().End < int64(len(data)) {
			inner.Trailing = model.Span{Start: p.Span().End, End: int64(len(data))}
		}
		return []Part{{Name: "npy object array", How: "npy payload", Offset: off, Data: data, File: inner}}
	}
	return self
}

// zipParts reads the pickle members of a zip archive.
func zipParts(name string, data []byte) []Part {
	budget := DecompressLimit(len(data))
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// No central directory (cut short): read the members by their
		// local headers, as much of each as there is.
		var out []Part
		for _, m := range localZipMembers(data, budget) {
			p := Part{Name: m.name, How: "zip member (local header)", Data: m.data, Err: m.err}
			if m.truncated && p.Err == nil {
				p.Err = io.ErrUnexpectedEOF
			}
			if m.data != nil {
				p.File, _ = decoder.Decode(m.data, decoder.Options{Name: name + ":" + m.name})
			}
			out = append(out, p)
		}
		return out
	}
	var out []Part
	for _, zf := range zr.File {
		if len(out) >= maxZipMembers {
			break
		}
		if !strings.HasSuffix(zf.Name, ".pkl") && !strings.HasSuffix(zf.Name, ".pickle") {
			continue
		}
		p := Part{Name: zf.Name, How: "zip member"}
		if zf.UncompressedSize64 > uint64(budget) {
			p.Err = &LimitError{Format: "zip member", Limit: budget}
			out = append(out, p)
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			p.Err = err
			out = append(out, p)
			continue
		}
		b, err := io.ReadAll(io.LimitReader(rc, budget+1))
		rc.Close()
		if int64(len(b)) > budget {
			p.Err = &LimitError{Format: "zip member", Limit: budget}
			out = append(out, p)
			continue
		}
		budget -= int64(len(b))
		p.Data, p.Err = b, err
		p.File, _ = decoder.Decode(b, decoder.Options{Name: name + ":" + zf.Name})
		out = append(out, p)
	}
	return out
}

// partLabel names a part for messages.
func partLabel(p Part) string {
	switch p.How {
	case "file":
		return "the file"
	case "zip member", "zip member (local header)":
		return "zip member " + p.Name
	case "npy payload":
		return fmt.Sprintf("the pickle inside the .npy (offset %d)", p.Offset)
	}
	return "the " + p.Name
}

// errUnpack says why a part could not be unpacked, in words.
func errUnpack(err error) string {
	var le *LimitError
	switch {
	case errors.As(err, &le):
		return le.Error() + ": a decompression bomb, or a file too large to unpack in memory"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "the data is cut short (the file is truncated); what there is is checked"
	}
	return err.Error()
}
