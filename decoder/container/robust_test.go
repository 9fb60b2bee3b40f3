package container

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"pklx/decoder"
	"pklx/decoder/diagnose"
	"pklx/model"
	"pklx/model/export"
	"pklx/model/ml"
	"pklx/model/safety"
	"pklx/model/view"
)

// allFixtures are the container and pickle fixtures (not the answers).
func allFixtures(t testing.TB) map[string][]byte {
	files, err := filepath.Glob(filepath.Join(mlDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range files {
		if strings.HasSuffix(f, ".json") || strings.HasSuffix(f, ".buffers") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// allocated runs f and returns the bytes it allocated.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// TestCommandsOnContainers runs what each command does on every pickle
// that Load finds: show's tree, json's export (plain and typed), stat's
// counts, scan's safety report, dis; and the views' rows and JSON.
func TestCommandsOnContainers(t *testing.T) {
	for name, data := range allFixtures(t) {
		f, err := Load(name, data)
		if err != nil && !errors.Is(err, ErrNoPickle) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		c, _ := Open(name, data)
		if err := Dis(io.Discard, c, decoder.DisOptions{}); err != nil && name != "np_oob_p5.buffers" {
			t.Errorf("%s: dis: %v", name, err)
		}
		if rep := safety.Scan(f); rep == nil {
			t.Errorf("%s: no scan report", name)
		}
		for _, p := range f.Pickles {
			root := p.Root()
			if root < 0 {
				continue
			}
			if err := view.WriteTree(io.Discard, p, root, view.ShowOptions{}); err != nil {
				t.Errorf("%s %s: show: %v", name, p.Source(), err)
			}
			for _, typed := range []bool{false, true} {
				if err := export.JSON(io.Discard, p, root, export.Options{Typed: typed}); err != nil {
					t.Errorf("%s %s: json (typed %v): %v", name, p.Source(), typed, err)
				}
			}
			_ = p.NumOps() + p.NumNodes() + p.NumEdges() + p.MemoLen() + p.MaxDepth()
			for i := 0; i < p.NumNodes(); i++ {
				if v, ok := ml.Recognize(p, model.NodeID(i)); ok {
					v.Rows()
					if _, ok := v.(ml.JSONer); ok {
						if err := ml.WriteJSON(io.Discard, p, v, ml.JSONOptions{Indent: "  "}); err != nil {
							t.Errorf("%s: %s: %v", name, v.Summary(), err)
						}
					}
				}
			}
		}
	}
}

// zipWith writes a zip of the given members (stored when store).
func zipWith(t *testing.T, store bool, members ...[2]string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, m := range members {
		method := zip.Deflate
		if store {
			method = zip.Store
		}
		fw, err := w.CreateHeader(&zip.FileHeader{Name: m[0], Method: method})
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(m[1]))
	}
	w.Close()
	return buf.Bytes()
}

// lieAboutSize rewrites the uncompressed (and, for stored members,
// compressed) size of every central directory entry.
func lieAboutSize(data []byte, size uint32, both bool) []byte {
	out := append([]byte{}, data...)
	for i := 0; i+46 <= len(out); i++ {
		if string(out[i:i+4]) == "PK\x01\x02" {
			binary.LittleEndian.PutUint32(out[i+24:], size)
			if both {
				binary.LittleEndian.PutUint32(out[i+20:], size)
			}
		}
	}
	return out
}

func TestLyingContainers(t *testing.T) {
	pkl := "\x80\x04K\x01." // pickle.dumps(1, protocol=4) without the frame
	legacy := allFixtures(t)["torch_state_dict_legacy.pt"]
	joblib := allFixtures(t)["joblib_arrays.joblib"]
	torchZip := allFixtures(t)["torch_state_dict.pt"]
	for _, tc := range []struct {
		name string
		data []byte
		want string // in the error or a part's error
	}{
		{"zip member claims 4 GB deflated", lieAboutSize(zipWith(t, false, [2]string{"a.pkl", pkl}), 0xffffff00, false), "decompresses to more than"},
		{"zip member claims 4 GB stored", lieAboutSize(zipWith(t, true, [2]string{"a.pkl", pkl}), 0xffffff00, true), "runs past the end of the file"},
		{"torch zip storage claims 4 GB", lieAboutSize(torchZip, 0xffffff00, true), "runs past the end of the file"},
		{"npy header promises 10^12 items", append(npyHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }"), 0), "only 1 bytes follow"},
		{"npy header length past the end", []byte("\x93NUMPY\x01\x00\xff\xff{"), "header of 65535 bytes"},
		{"legacy storage count 2^62", patchLegacyCount(legacy, 1<<62), "items of 4 bytes, but only"},
		{"joblib array 255x4 in 1 KB", patchJoblibShape(joblib), "the array needs 8175 bytes (with 15 of padding) at offset 225, but only 897 remain"},
		{"truncated joblib", joblib[:300], "needs 111 bytes"},
		{"truncated gzip", allFixtures(t)["joblib_gzip.joblib.gz"][:200], "unexpected EOF"},
		{"gzip bomb header", gzipBomb(t), "decompresses to more than"},
		// LZMA headers that state a 4 GB dictionary must not allocate it.
		{"lzma header with a 1 GB dictionary", lzmaDict(allFixtures(t)["joblib_lzma.joblib.lzma"]), "A joblib dump: 1 array(s)"},
		{"xz block header with a 3 GB dictionary", xzDict(allFixtures(t)["joblib_xz.joblib.xz"]), "A joblib dump: 1 array(s)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c *Container
			var err error
			n := allocated(func() { c, err = Open(tc.name, tc.data) })
			// Decompression may hold up to its limit, in a doubling buffer.
			if n > uint64(4*diagnose.DecompressLimit(len(tc.data)))+8<<20 && !raceEnabled {
				t.Errorf("allocated %d bytes for %d bytes of input", n, len(tc.data))
			}
			msgs := []string{}
			if err != nil {
				msgs = append(msgs, err.Error())
			}
			for _, p := range c.Parts {
				if p.Err != nil {
					msgs = append(msgs, p.Err.Error())
				}
				if p.File != nil && p.File.Err() != nil {
					msgs = append(msgs, p.File.Err().Error())
				}
			}
			msgs = append(msgs, c.Notes...)
			if !strings.Contains(strings.Join(msgs, "\n"), tc.want) {
				t.Errorf("errors %q, want one with %q", msgs, tc.want)
			}
			if c.File == nil {
				t.Error("no File")
			}
		})
	}
}

// patchLegacyCount sets the first storage's item count.
func patchLegacyCount(data []byte, count uint64) []byte {
	c, _ := Open("", data)
	for _, p := range c.Parts {
		if p.Kind == KindStorage {
			out := append([]byte{}, data...)
			binary.LittleEndian.PutUint64(out[p.Offset-8:], count)
			return out
		}
	}
	return nil
}

// patchJoblibShape makes the first array's shape (3, 4) say (255, 4).
func patchJoblibShape(data []byte) []byte {
	out := append([]byte{}, data...)
	i := bytes.Index(out, []byte("shape\x94K\x03K\x04"))
	out[i+7] = 0xff
	return out
}

// gzipBomb is a small gzip stream of zeros that inflates beyond the limit.
func gzipBomb(t *testing.T) []byte {
	data, err := os.ReadFile(filepath.Join("..", "diagnose", "testdata", "bomb.gz"))
	if err == nil {
		return data
	}
	var buf bytes.Buffer
	zw := newGzip(&buf)
	zw.Write(make([]byte, 4<<20))
	zw.Close()
	if int64(4<<20) <= diagnose.DecompressLimit(buf.Len()) {
		t.Skip("the bomb does not exceed the limit")
	}
	return buf.Bytes()
}

func FuzzLoad(f *testing.F) {
	for _, b := range allFixtures(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		file, _ := Load("fuzz", data)
		if file == nil {
			t.Fatal("nil File")
		}
		c, _ := Open("fuzz", data)
		Dis(io.Discard, c, decoder.DisOptions{})
		for _, p := range file.Pickles {
			for i := 0; i < p.NumNodes() && i < 5000; i++ {
				if v, ok := ml.Recognize(p, model.NodeID(i)); ok {
					v.Rows()
					ml.WriteJSON(io.Discard, p, v, ml.JSONOptions{})
				}
			}
		}
	})
}

func newGzip(w io.Writer) *gzip.Writer { return gzip.NewWriter(w) }

// npyHeader is a version 1.0 .npy header holding dict.
func npyHeader(dict string) []byte {
	b := []byte("\x93NUMPY\x01\x00")
	b = append(b, byte(len(dict)), byte(len(dict)>>8))
	return append(b, dict...)
}

func lzmaDict(data []byte) []byte {
	out := append([]byte{}, data...)
	binary.LittleEndian.PutUint32(out[1:], 1<<30)
	return out
}

// xzDict sets the first block's LZMA2 dictionary to the largest code
// (40: 4 GiB - 1) and fixes the block header's CRC32.
func xzDict(data []byte) []byte {
	out := append([]byte{}, data...)
	size := (int(out[12]) + 1) * 4
	h := out[12 : 12+size]
	i := bytes.IndexByte(h[2:], 0x21) + 2 // filter ID LZMA2, props size 1, props
	h[i+2] = 40
	binary.LittleEndian.PutUint32(h[size-4:], crc32.ChecksumIEEE(h[:size-4]))
	return out
}
