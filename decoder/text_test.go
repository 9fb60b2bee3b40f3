package decoder

import (
	"bytes"
	"errors"
	"strconv"
	"testing"
)

// TestNewline checks newline against bytes.IndexByte for every length of
// data up to 40 bytes, every start and every place of the first '\n',
// with bytes around it that differ from '\n' by one bit or a borrow.
func TestNewline(t *testing.T) {
	for n := 0; n <= 40; n++ {
		for nl := -1; nl < n; nl++ {
			data := make([]byte, n)
			for i := range data {
				data[i] = []byte{'\x0b', '\x09', '\x8a', 'a', '\x00', '\xff'}[i%6]
			}
			if nl >= 0 {
				data[nl] = '\n'
				if nl+1 < n {
					data[nl+1] = '\n' // a second one after the first
				}
			}
			for pos := 0; pos <= n; pos++ {
				want := int64(-1)
				if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
					want = int64(pos + i)
				}
				if got := newline(data, int64(pos)); got != want {
					t.Fatalf("newline(%q, %d) = %d, want %d", data, pos, got, want)
				}
			}
		}
	}
}

// TestMemoKey checks memoKey, on the argument of a GET or PUT, against
// strconv.ParseUint, which it stands for.
func TestMemoKey(t *testing.T) {
	for _, in := range []string{
		"0", "7", "007", "1234567890123456789",
		"9999999999999999999",  // 19 digits: the fast path's most
		"18446744073709551615", // 20 digits: ParseUint's
		"18446744073709551616", // beyond a uint64
		"", "-1", "+1", " 1", "1 ", "1_0", "1a", "/", ":",
	} {
		d := newDecoder([]byte(in+"\nN."), 0, Options{}, 0)
		got, err := d.memoKey()
		want, werr := strconv.ParseUint(in, 10, 64)
		if (err == nil) != (werr == nil) || err == nil && (got != want || d.pos != int64(len(in)+1)) {
			t.Errorf("memoKey(%q) = %d, %v at %d; ParseUint: %d, %v", in, got, err, d.pos, want, werr)
		}
	}
	// No newline: truncated.
	d := newDecoder([]byte("12"), 0, Options{}, 0)
	if _, err := d.memoKey(); !errors.Is(err, ErrTruncated) {
		t.Errorf("memoKey without a newline: %v", err)
	}
}

// TestPlainFloat checks that every text plainFloat takes is one that
// strconv.ParseFloat takes (or finds out of range), so that the decoder
// may skip parsing it.
func TestPlainFloat(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"0.0", true},
		{"-0.5", true},
		{"3.14", true},
		{"1e+100", true},
		{"1.5e-07", true},
		{"2E5", true},
		{"1.", true},
		{"10", true},
		{"1e999", true}, // out of range: infinity, as CPython reads it too
		{"", false},
		{"-", false},
		{".5", false}, // valid, but not how repr writes it: ParseFloat decides
		{"1e", false},
		{"1e+", false},
		{"inf", false},
		{"nan", false},
		{"-inf", false},
		{" 1.5", false},
		{"1.5 ", false},
		{"1.5\r", false},
		{"1_0.5", false},
		{"0x1p-2", false},
		{"1.5.5", false},
		{"1e5.5", false},
		{"+1.5", false},
	}
	for _, tt := range tests {
		if got := plainFloat([]byte(tt.in)); got != tt.want {
			t.Errorf("plainFloat(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if _, err := strconv.ParseFloat(tt.in, 64); tt.want && err != nil && !isRangeErr(err) {
			t.Errorf("plainFloat(%q) but ParseFloat: %v", tt.in, err)
		}
	}
}
