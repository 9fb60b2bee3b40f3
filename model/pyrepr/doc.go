// Package pyrepr formats values exactly as CPython 3.11's repr() does.
//
// It exists so that pklx can print pickle arguments the way Python's own
// tools (pickletools, the REPL) print them, byte for byte:
//
//   - [Str], [AppendStr]: repr of a Python str given as UTF-8. Lone
//     surrogates U+D800–U+DFFF, which a Python str may hold but UTF-8 may
//     not, are accepted in their 3-byte "surrogatepass" encoding
//     (ED A0–BF 80–BF) and printed as \udXXX, as CPython does. [StrRunes]
//     takes code points instead and so can hold them directly.
//   - [Latin1], [AppendLatin1]: repr of bytes.decode('latin-1'), the str
//     that Python 2 STRING pickle opcodes become under pickletools.
//   - [Bytes], [ByteArray]: repr of bytes and bytearray.
//   - [Float]: repr of a float (shortest round-trip digits, 'r' format).
//   - [Int], [Int64]: repr of an int.
//
// The rules are CPython's unicode_repr and bytes_repr: the quote is ' unless
// the text contains ' and no ", in which case it is "; backslash and the
// chosen quote are escaped; \t, \n and \r use their short escapes; other
// code points below U+0020, U+007F and non-printable code points up to U+00FF
// become \xNN; other non-printable code points become \uNNNN or \UNNNNNNNN;
// printable code points are written as themselves (in UTF-8). A code point is
// printable when CPython's str.isprintable() says so: it is not in category
// Cc, Cf, Cs, Co, Cn, Zl, Zp or Zs (except the ASCII space).
//
// Unicode version: printability comes from a table generated from CPython
// 3.11 itself (Unicode 14.0.0, see [UnicodeVersion] and gen_printable.py),
// not from Go's unicode package, whose tables follow a newer Unicode (15.0.0
// in Go 1.26): characters assigned after 14.0, such as U+1FA75, are Cn and so
// escaped by CPython 3.11 and by this package, although unicode.IsPrint
// reports them printable.
//
// Invalid UTF-8 given to the UTF-8 functions (anything but well-formed UTF-8
// and surrogatepass-encoded surrogates) cannot come from a Python str; each
// such byte is printed as the surrogate escape \udcNN, as Python's
// "surrogateescape" error handler would have decoded it, so nothing is lost.
//
// All functions are pure and safe for concurrent use. The Append forms
// append to dst and return the extended slice, like strconv.AppendQuote;
// the Body forms write the escaped contents without quotes, for callers that
// stream a large value in pieces (choose the quote once with [QuoteFor]).
//
//go:generate python3 gen_printable.py
package pyrepr
