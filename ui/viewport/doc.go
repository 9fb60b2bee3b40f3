// Package viewport is a virtual row viewport for Fyne: a widget that shows a
// window onto any number of equal-height rows (up to 2^63-1) with a fixed pool
// of row objects and a vertical scrollbar of its own.
//
// Fyne's widget.List positions rows with float32 pixel offsets, which lose
// whole rows past about a million of them; the hex view of a 1 GiB file has
// 67,108,864 rows. Viewport keeps its position as an int64 row index (the
// first visible row) and scrolls in whole rows, so row N is exactly as
// reachable as row 0. The scrollbar maps thumb position to row with float64
// arithmetic whose ends are exact: the thumb at the top is row 0, the thumb at
// the bottom is the last page.
//
// Contract:
//   - Rows are made by CreateRow and only as many as fill the visible height
//     (ceil(height/RowHeight)); the pool never grows with Total.
//   - UpdateRow fills a pool object for a row index each time the visible
//     window changes; nothing per row is kept for rows that are not visible.
//   - Row height comes from the theme's monospace text size.
//   - Mouse wheel (fyne.Scrollable), a draggable thumb with a minimum length,
//     clicks on the track (one page), and, when focused, Up, Down, PageUp,
//     PageDown, Home and End scroll. OnTypedKey sees keys first; keys that
//     neither uses go to the canvas's OnTypedKey handler, so a window's
//     plain-key commands (F5, F3, Escape) still work while a viewport has
//     the focus. Shortcuts with Ctrl or Alt never reach a viewport: Fyne's
//     desktop driver tries the main menu's, then the canvas's.
//   - Taps and hovering are mapped to (row, x) for the owner.
//   - Like every Fyne widget, a Viewport is used from Fyne's goroutine only;
//     it starts no goroutines and holds no package-level state.
package viewport
