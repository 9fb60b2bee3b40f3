package container

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"strconv"
	"strings"

	"github.com/pierrec/lz4/v4"
	"github.com/ulikunitz/xz"
	"github.com/ulikunitz/xz/lzma"

	"pklx/decoder/diagnose"
)

// decompressFormat decompresses data of a known format within
// diagnose.DecompressLimit(len(data)). gzip, bz2 and zlib go through
// diagnose.Decompress; xz, lzma (the .lzma "alone" format joblib writes)
// and lz4 frames are read here. A stream that is cut short returns what
// it gave with the error.
func decompressFormat(data []byte, format string) ([]byte, error) {
	var r io.Reader
	var err error
	limit := diagnose.DecompressLimit(len(data))
	switch format {
	case "xz":
		r, err = xz.ReaderConfig{DictCap: lzma.MinDictCap}.NewReader(bytes.NewReader(capXZDict(data, limit)))
	case "lzma":
		r, err = lzma.NewReader(bytes.NewReader(capLzmaDict(data, limit)))
	case "lz4":
		r = lz4.NewReader(bytes.NewReader(data))
	default:
		out, _, err := diagnose.Decompress(data)
		return out, err
	}
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(r, limit+1))
	if n > limit {
		return nil, &diagnose.LimitError{Format: format, Limit: limit}
	}
	if err != nil && buf.Len() == 0 {
		return nil, err
	}
	return buf.Bytes(), err
}

// The LZMA decoders allocate the dictionary size a header states, up to
// gigabytes. A dictionary never needs to be larger than the output, which
// is bounded by the decompression limit, so the headers are rewritten to
// state at most that before decoding (on a copy of the header bytes).

// capLzmaDict bounds the dictionary size of a .lzma ("alone") header:
// properties (1 byte), dictionary size (4 bytes LE), uncompressed size.
func capLzmaDict(data []byte, limit int64) []byte {
	if len(data) < 13 {
		return data
	}
	c := max(min(limit, 1<<30), lzma.MinDictCap)
	if int64(binary.LittleEndian.Uint32(data[1:])) <= c {
		return data
	}
	out := make([]byte, 0, len(data))
	out = append(out, data[:13]...)
	binary.LittleEndian.PutUint32(out[1:], uint32(c))
	return append(out, data[13:]...)
}

// capXZDict bounds the LZMA2 dictionary stated in the first block header
// of an xz stream (after the 12-byte stream header: size byte, flags,
// optional sizes, filter flags, padding, CRC32), recomputing the header's
// CRC. Later blocks of a multi-block stream are read as they state.
func capXZDict(data []byte, limit int64) []byte {
	if len(data) < 13 {
		return data
	}
	size := (int(data[12]) + 1) * 4
	if data[12] == 0 || 12+size > len(data) {
		return data
	}
	h := data[12 : 12+size]
	flags := h[1]
	i := 2
	varint := func() (uint64, bool) {
		var v uint64
		for k := 0; k < 9 && i < len(h)-4; k++ {
			b := h[i]
			i++
			v |= uint64(b&0x7f) << (7 * k)
			if b&0x80 == 0 {
				return v, true
			}
		}
		return 0, false
	}
	if flags&0x40 != 0 {
		if _, ok := varint(); !ok {
			return data
		}
	}
	if flags&0x80 != 0 {
		if _, ok := varint(); !ok {
			return data
		}
	}
	for f := 0; f <= int(flags&3); f++ {
		id, ok1 := varint()
		n, ok2 := varint()
		if !ok1 || !ok2 || uint64(len(h)-4-i) < n {
			return data
		}
		if id == 0x21 && n == 1 {
			dc, err := lzma.DecodeDictCap(h[i])
			c := max(min(limit, 1<<30), lzma.MinDictCap)
			if err != nil || dc <= c {
				return data
			}
			out := append([]byte{}, data...)
			oh := out[12 : 12+size]
			oh[i] = lzma.EncodeDictCap(c)
			binary.LittleEndian.PutUint32(oh[size-4:], crc32.ChecksumIEEE(oh[:size-4]))
			return out
		}
		i += int(n)
	}
	return data
}

// zfileLen is the length of joblib's old Z-file header: "ZF", then the
// uncompressed length in hex ("0x...") padded with spaces to
// len(hex(2**64)) = 19 characters; a zlib stream follows.
const zfileLen = 2 + 19

// zfileStream is the zlib stream of a joblib Z-file (joblib < 0.10,
// numpy_pickle_compat.read_zfile).
func zfileStream(data []byte) ([]byte, bool) {
	if len(data) <= zfileLen || !bytes.HasPrefix(data, []byte("ZF")) {
		return nil, false
	}
	h := strings.TrimSpace(string(data[2:zfileLen]))
	h = strings.TrimSuffix(strings.TrimPrefix(h, "0x"), "L")
	if _, err := strconv.ParseUint(h, 16, 64); err != nil {
		return nil, false
	}
	start := zfileLen
	if data[start] == ' ' {
		// joblib <= 0.8.4 under Python 2 wrote one more space.
		start++
	}
	return data[start:], true
}
