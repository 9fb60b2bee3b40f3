// Package decoder turns pickle bytes into a *model.File, symbolically.
//
// It decodes all 68 opcodes of protocols 0-5 and never imports, resolves or
// calls anything: a global is a name, a REDUCE is a call node with its
// arguments, a BUILD attaches state. Decoding follows CPython's C
// unpickler (what it accepts, the decoder accepts; where pickletools is
// stricter, the model records a warning), and Dis reproduces pickletools'
// disassembly byte for byte.
//
// On any input Decode returns a non-nil *model.File: what decoded before a
// failure (ops, nodes, and the stack and marks at that moment) together with
// an *Error carrying the byte offset, the opcode and a sentinel cause
// (errors.Is(err, decoder.ErrTruncated)). Lengths read from the input are
// checked against the bytes that remain before anything is allocated, and
// strings and byte blobs stay views into the input.
//
// Package decoder never imports Fyne and builds with CGO_ENABLED=0.
package decoder
