package diagnose

import (
	"encoding/binary"
	"errors"

	"pklx/decoder"
	"pklx/model"
)

// Recovery bounds: how many candidate starts are tried, how many bytes are
// scanned for them, how far a candidate is decoded before it is given up
// (unless it is still going, when it gets the whole rest of the data, a
// few times at most), and how many pickles are returned.
const (
	recoverMaxCandidates = 64
	recoverMaxScan       = 256 << 20
	recoverWindow        = 16 << 10
	recoverMaxFull       = 1
	recoverMaxPickles    = 64
)

// Recover looks past a failure for pickles that can still be read: from
// offset after on, each PROTO header (0x80 followed by 2..5) or FRAME whose
// length fits is tried with decoder.DecodeOne, and every candidate that
// decodes through its STOP is returned, in file order, skipping the bytes
// it covers. The pickles are recovered: they were not reached by a normal
// decode, and may be fragments of a larger damaged stream.
//
// The work is bounded: at most 64 candidates and 256 MiB scanned; a
// candidate is decoded within a 16 KiB window first; one still going at
// the window's end is retried on the whole rest, and once such a retry
// fails, no other is made.
func Recover(data []byte, after int64) []*model.Pickle {
	var out []*model.Pickle
	if after < 0 {
		after = 0
	}
	n := int64(len(data))
	limit := min(n, after+recoverMaxScan)
	tried, full := 0, 0
	for off := after; off < limit-1 && tried < recoverMaxCandidates && len(out) < recoverMaxPickles; off++ {
		if !candidate(data, off) {
			continue
		}
		tried++
		end := min(n, off+recoverWindow)
		p, err := decoder.DecodeOne(data[:end], off, decoder.Options{})
		if err != nil && end < n && full < recoverMaxFull && errors.Is(err, decoder.ErrTruncated) {
			// Still going at the window's end: give it the whole rest.
			// Only retries that fail count against the bound, so every
			// large pickle that does decode is recovered.
			p, err = decoder.DecodeOne(data, off, decoder.Options{})
			if err != nil {
				full++
			}
		}
		if err != nil || !p.Complete() || p.NumOps() < 2 {
			continue
		}
		out = append(out, p)
		off = p.Span().End - 1
	}
	return out
}

// candidate reports whether a pickle could start at off: PROTO 2..5, or a
// FRAME whose 8-byte length fits in the data.
func candidate(data []byte, off int64) bool {
	switch data[off] {
	case model.OpProto:
		v := data[off+1]
		return v >= 2 && v <= 5
	case model.OpFrame:
		if off+9 > int64(len(data)) {
			return false
		}
		l := binary.LittleEndian.Uint64(data[off+1:])
		return l > 0 && l <= uint64(int64(len(data))-off-9)
	}
	return false
}
