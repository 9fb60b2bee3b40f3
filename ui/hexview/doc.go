// Package hexview is the hex view: a Fyne widget that shows a byte buffer
// of any size as hexdump -C rows,
//
//	00000000  80 04 95 5b 02 00 00 00  00 00 00 7d 94 28 8c 0a  |...[.......}.(..|
//
// with the bytes of the selection highlighted (strongly for the primary
// spans, faintly for a secondary span such as a whole subtree), one byte in
// the error colour, and the byte under the pointer outlined.
//
// Contract:
//   - Rows are formatted on demand for the visible window only, in a
//     ui/viewport with a fixed pool of rows and an int64 row index, so the
//     last of the 67,108,864 rows of a 1 GiB buffer is reached by dragging
//     the thumb to the bottom, by End, or by ScrollTo, and is drawn.
//     Nothing per row is stored; the buffer is never copied or modified.
//   - The offset column has 8 hex digits, more when the buffer needs them.
//   - Tapping a byte, in the hex or the ASCII column, reports its offset;
//     moving the pointer reports the byte under it, and -1 when it leaves
//     the bytes.
//   - A View is used from Fyne's goroutine only; it starts no goroutines and
//     holds no package-level state.
package hexview
