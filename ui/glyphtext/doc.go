// Package glyphtext draws single lines of text for Fyne from a cache of
// rasterised glyphs.
//
// A canvas.Text is shaped and rasterised glyph by glyph from the font's
// outlines every time its text changes, allocating thousands of objects: a
// millisecond or two for a line of 50 characters, and several when the
// decoder's goroutines and the garbage collector share the CPU. A hex or
// trace pane that jumps to a new place changes every visible row at once,
// and a tree that opens a branch shows a screenful of new rows, so Fyne
// spent most of such frames rasterising text. A Line instead rasterises each
// glyph once per size, pixel scale and eighth-of-a-pixel phase, and composes
// its text by copying glyph masks into the pixels of a canvas.Image: tens of
// microseconds per line.
//
// Contract:
//   - A Face is one of the theme's fonts, chosen by text style. Only text
//     whose every rune that font has (Face.Covers) looks like a canvas.Text
//     of the same style: a Line has no fallback fonts. Callers draw other
//     text with a canvas.Text.
//   - A monospace Face puts every rune one advance from the last, with no
//     shaping, as Fyne does for the monospace fonts it ships. Any other Face
//     shapes the text as Fyne does (the same shaper, segmenter and font),
//     so a Line has Fyne's glyphs, kerning and advances.
//   - Glyphs are placed at those advances and on the baseline Fyne uses, to
//     an eighth of a pixel, so a Line and a canvas.Text of the same text,
//     size and position cover the same pixels, within anti-aliasing. A
//     Line's image is sized to whole pixels, which no painter scales: where
//     Fyne's GL painter stretches a canvas.Text's texture by a pixel (it
//     rounds the texture and its place on the screen differently), the Line
//     is the sharper.
//   - Italic text leans past its advance, which a canvas.Text pads for and a
//     Line would clip: Faces are for upright styles (NewFace panics on an
//     italic one).
//   - A Line draws its pixels when it is refreshed, and only when its text,
//     colour, size or pixel size changed: refreshing an unchanged Line
//     costs nothing. Its texture is Fyne's texture of a canvas.Image, which
//     Fyne keeps when a widget around it is refreshed (it drops a Raster's,
//     and a canvas.Text's is kept by its text).
//   - Like every Fyne object, Faces and Lines are used from Fyne's
//     goroutine only; a Face's Warm rasterises on a goroutine of its own,
//     with its own copy of the font, into the mutex-guarded glyph cache.
//     There is no package-level state.
package glyphtext
