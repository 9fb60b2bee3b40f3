package hexview

// BytesPerRow is the number of bytes each row shows.
const BytesPerRow = 16

// The columns of a row, in characters, for an offset column of w digits:
//
//	OOOOOOOO  xx xx xx xx xx xx xx xx  xx xx xx xx xx xx xx xx  |0123456789abcdef|
//
// Each byte's hex takes "xx " and a further space follows the 8th and the
// 16th, so the ASCII column opens with '|' two spaces after the last byte.

// hexCol is the column of the first hex digit of byte k of the row.
func hexCol(w, k int) int { return w + 2 + 3*k + k/8 }

// asciiCol is the column of byte k's character in the ASCII column.
func asciiCol(w, k int) int { return w + 2 + 3*BytesPerRow + 2 + 1 + k }

// rowChars is the length of a full row.
func rowChars(w int) int { return asciiCol(w, BytesPerRow) + 1 }

// byteAtCol maps a character column to the byte of the row it shows: the
// two hex digits and the space after them belong to a byte, as does the
// gap between the two groups (to the byte before it); so does its ASCII
// character. ok is false elsewhere.
func byteAtCol(w, col int) (k int, ok bool) {
	rel := col - (w + 2)
	switch {
	case rel < 0:
		return 0, false
	case rel < 24:
		return rel / 3, true
	case rel == 24:
		return 7, true
	case rel < 49:
		return 8 + (rel-25)/3, true
	}
	if a := col - asciiCol(w, 0); a >= 0 && a < BytesPerRow {
		return a, true
	}
	return 0, false
}

const hexDigits = "0123456789abcdef"

// appendRow appends the text of the row starting at base, whose bytes are
// b (at most BytesPerRow; fewer on the last row), with an offset column of
// w digits.
func appendRow(dst []byte, base int64, b []byte, w int) []byte {
	for shift := 4 * (w - 1); shift >= 0; shift -= 4 {
		dst = append(dst, hexDigits[base>>uint(shift)&15])
	}
	dst = append(dst, ' ', ' ')
	for k := 0; k < BytesPerRow; k++ {
		if k < len(b) {
			dst = append(dst, hexDigits[b[k]>>4], hexDigits[b[k]&15], ' ')
		} else {
			dst = append(dst, ' ', ' ', ' ')
		}
		if k == 7 {
			dst = append(dst, ' ')
		}
	}
	dst = append(dst, ' ', '|')
	for _, c := range b {
		if c < 0x20 || c >= 0x7f {
			c = '.'
		}
		dst = append(dst, c)
	}
	return append(dst, '|')
}

// offsetDigits is the width of the offset column for a buffer of n bytes:
// enough hex digits for the last offset, and at least 8.
func offsetDigits(n int64) int {
	w := 8
	for last := n - 1; last>>uint(4*w) > 0; w++ {
	}
	return w
}
