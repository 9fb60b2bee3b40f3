// Package monotext draws single lines of monospace text for Fyne from a
// cache of rasterised glyphs.
//
// A canvas.Text is shaped and rasterised glyph by glyph from the font's
// outlines every time its text changes: about a millisecond for a hex-dump
// row of 78 characters, and several when the decoder's goroutines and the
// garbage collector share the CPU. A hex or trace pane that jumps to a new
// place changes every visible row at once, so Fyne spent most of such a
// frame rasterising text. A Line instead rasterises each glyph once per
// size, pixel scale and eighth-of-a-pixel phase, and composes a row by copying
// glyph masks into a canvas.Raster: tens of microseconds per row.
//
// Contract:
//   - Only monospace text whose every rune the theme's monospace font has
//     (Face.Covers) looks exactly like a canvas.Text: there is no shaping
//     (no ligatures, no kerning, no fallback fonts) and every rune takes one
//     advance. Callers draw other text with a canvas.Text.
//   - Glyphs are placed at the advance Fyne measures and on the baseline
//     Fyne uses, so a Line and a canvas.Text of the same text, size and
//     position cover the same pixels.
//   - A Line's raster is regenerated only when its text, colour, size or
//     pixel size changed: refreshing an unchanged Line costs nothing.
//   - Like every Fyne object, Faces and Lines are used from Fyne's
//     goroutine only; a Face's Warm rasterises on a goroutine of its own,
//     with its own copy of the font, into the mutex-guarded glyph cache.
//     There is no package-level state.
package monotext
