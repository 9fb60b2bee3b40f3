package diagnose

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"io"
)

// localMember is a zip member found by its local file header.
type localMember struct {
	name      string
	data      []byte
	truncated bool // the member's data runs past the end of the file
	err       error
}

// localZipMembers walks the local file headers of a zip archive whose
// central directory is missing (a download or save cut short) and returns
// the members named *.pkl or *.pickle, as much of each as the file holds.
// Stored members are views into data; deflated ones are inflated within
// budget bytes in all. At most maxZipMembers members are returned.
func localZipMembers(data []byte, budget int64) []localMember {
	var out []localMember
	off := 0
	for len(out) < maxZipMembers {
		i := bytes.Index(data[off:], []byte("PK\x03\x04"))
		if i < 0 {
			break
		}
		h := off + i
		if h+30 > len(data) {
			break
		}
		flags := binary.LittleEndian.Uint16(data[h+6:])
		method := binary.LittleEndian.Uint16(data[h+8:])
		csize := int64(binary.LittleEndian.Uint32(data[h+18:]))
		nlen := int(binary.LittleEndian.Uint16(data[h+26:]))
		xlen := int(binary.LittleEndian.Uint16(data[h+28:]))
		start := h + 30 + nlen + xlen
		if start > len(data) {
			break
		}
		name := string(data[h+30 : h+30+nlen])
		end := int64(len(data))
		if flags&8 == 0 && csize > 0 && int64(start)+csize <= end {
			end = int64(start) + csize
		}
		truncated := flags&8 == 0 && int64(start)+csize > int64(len(data))
		if flags&8 != 0 {
			// Sizes follow the data: the member ends at the next header.
			if j := bytes.Index(data[start:], []byte("PK\x07\x08")); j >= 0 {
				end = int64(start + j)
			} else if j := bytes.Index(data[start:], []byte("PK\x03\x04")); j >= 0 {
				end = int64(start + j)
			}
		}
		off = int(end)
		if off <= h {
			off = h + 4
		}
		if !hasPickleName(name) {
			continue
		}
		m := localMember{name: name, truncated: truncated}
		switch method {
		case 0:
			m.data = data[start:end]
		case 8:
			b, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(data[start:end])), budget+1))
			if int64(len(b)) > budget {
				m.err = &LimitError{Format: "zip member", Limit: budget}
				b = nil
			} else if err != nil {
				m.err = err
			}
			budget -= int64(len(b))
			m.data = b
		default:
			m.err = ErrNoDecoder
		}
		out = append(out, m)
	}
	return out
}

func hasPickleName(name string) bool {
	return len(name) > 4 && (name[len(name)-4:] == ".pkl" || len(name) > 7 && name[len(name)-7:] == ".pickle")
}
