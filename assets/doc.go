// Package assets holds the files pklx embeds in its binary: the application
// icon, a small sample pickle that the explorer opens when it is started
// without a file, and the tree's link arrows and badge.
//
// Contract:
//   - The exported byte slices are the exact contents of the committed files;
//     callers must treat them as read-only (wrap them, never modify them).
//   - [Icon] is a 512x512 RGBA PNG rendered from icon.svg by
//     scripts/gen_icon.go; the PNG is committed so builds need no renderer.
//   - [SamplePickle] is written by scripts/gen_sample.py with CPython 3.11,
//     protocol 4, and contains only builtin types. sample.dis, next to it, is
//     the exact output of `python3 -m pickletools sample.pkl`: CPython's
//     disassembly, used as an oracle for `pklx dis` and never regenerated
//     from pklx itself.
//   - [GlyphSame], [GlyphCycle] and [GlyphSign] are ↪, ↻ and ⚠ as drawn in
//     the object tree, so that no system font is needed for them (Fyne's
//     bundled fonts lack ↻ and ⚠). Each is one filled path (holes wound the
//     other way) in a box one em high: viewBox 0 0 W 1000, where W is the
//     advance, the baseline is at y=800 and capitals reach y=86. Fyne's
//     theme recolouring keeps only paths' fills, so there are no strokes,
//     rects or fill-rule. Drawn for pklx, not taken from a font.
//   - The package imports nothing but embed, so decoder and model tests may
//     use the sample without pulling in Fyne or cgo.
//
// The desktop entry, shared-mime-info types, macOS Info.plist and Windows
// registry files that make pklx open pickles by double-click are not
// embedded: they live in assets/desktop/ and `make install` copies them.
package assets
