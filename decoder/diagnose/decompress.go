package diagnose

import (
	"bytes"
	"compress/bzip2"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
)

// Decompression bounds: the output may be at most ratioLimit times the
// input, at least minLimit and never more than maxLimit bytes.
const (
	ratioLimit = 64
	minLimit   = 1 << 20
	maxLimit   = 8 << 30
)

// ErrNoDecoder marks a compressed format pklx recognises but cannot
// decompress with the standard library (xz, lz4, zstd, lzma).
var ErrNoDecoder = errors.New("no decompressor for this format in pklx")

// LimitError reports a decompressed stream larger than the bound
// (a decompression bomb, or simply a file too big to unpack in memory).
type LimitError struct {
	Format string
	Limit  int64
}

// Error says which bound was exceeded.
func (e *LimitError) Error() string {
	return fmt.Sprintf("%s stream decompresses to more than %d bytes (the limit for this input)", e.Format, e.Limit)
}

// DecompressLimit is the most bytes Decompress produces from n input bytes.
func DecompressLimit(n int) int64 {
	l := int64(n) * ratioLimit
	if l < minLimit {
		l = minLimit
	}
	if l > maxLimit {
		l = maxLimit
	}
	return l
}

// Compression names what compressed format data is in, by its magic bytes
// ("gzip", "bz2", "zlib", "xz", "lz4", "zstd", "lzma"), or "".
func Compression(data []byte) string {
	switch {
	case len(data) >= 3 && data[0] == 0x1f && data[1] == 0x8b && data[2] == 8:
		return "gzip"
	case len(data) >= 10 && bytes.HasPrefix(data, []byte("BZh")) && data[3] >= '1' && data[3] <= '9' &&
		(bytes.Equal(data[4:10], []byte{0x31, 0x41, 0x59, 0x26, 0x53, 0x59}) || bytes.Equal(data[4:10], []byte{0x17, 0x72, 0x45, 0x38, 0x50, 0x90})):
		return "bz2"
	case len(data) >= 6 && bytes.Equal(data[:6], []byte{0xfd, '7', 'z', 'X', 'Z', 0}):
		return "xz"
	case len(data) >= 4 && bytes.Equal(data[:4], []byte{0x04, 0x22, 0x4d, 0x18}):
		return "lz4"
	case len(data) >= 4 && bytes.Equal(data[:4], []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return "zstd"
	case isZlib(data):
		return "zlib"
	case isLzmaAlone(data):
		return "lzma"
	}
	return ""
}

// isZlib checks the two-byte zlib header: deflate with a window of at most
// 32 KiB, no preset dictionary, and the FCHECK bits.
func isZlib(b []byte) bool {
	if len(b) < 3 {
		return false
	}
	cmf, flg := b[0], b[1]
	return cmf&0x0f == 8 && cmf>>4 <= 7 && (uint16(cmf)<<8|uint16(flg))%31 == 0 && flg&0x20 == 0
}

// isLzmaAlone checks the header of the legacy .lzma format (joblib's
// "lzma" compressor): properties byte 0x5d and a power-of-two dictionary.
func isLzmaAlone(b []byte) bool {
	if len(b) < 13 || b[0] != 0x5d {
		return false
	}
	dict := uint32(b[1]) | uint32(b[2])<<8 | uint32(b[3])<<16 | uint32(b[4])<<24
	return dict >= 1<<12 && dict <= 1<<30 && dict&(dict-1) == 0
}

// Decompress undoes gzip, bz2 or zlib compression. format is the
// compression found (see Compression), "" when data is not compressed.
// err is ErrNoDecoder for formats pklx only recognises, a *LimitError when
// the output would exceed DecompressLimit(len(data)), or the stream's
// error (a cut-short stream returns what it decoded along with
// io.ErrUnexpectedEOF). The output is a new slice.
func Decompress(data []byte) (out []byte, format string, err error) {
	format = Compression(data)
	var r io.Reader
	switch format {
	case "":
		return nil, "", nil
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, format, err
		}
		r = zr
	case "bz2":
		r = bzip2.NewReader(bytes.NewReader(data))
	case "zlib":
		zr, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, format, err
		}
		r = zr
	default:
		return nil, format, ErrNoDecoder
	}
	limit := DecompressLimit(len(data))
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, limit+1))
	if n > limit {
		return nil, format, &LimitError{Format: format, Limit: limit}
	}
	if err != nil {
		return buf.Bytes(), format, err
	}
	return buf.Bytes(), format, nil
}
