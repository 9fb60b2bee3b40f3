package assets

import _ "embed"

// Icon is the application icon: a 512x512 PNG (see icon.svg for its source).
//
//go:embed icon.png
var Icon []byte

// SamplePickle is the bundled sample: an ML-experiment record pickled by
// CPython 3.11 with protocol 4. It has nested containers, a set and a
// frozenset, bytes and a bytearray, an int above 2**64, a non-ASCII string,
// a sub-object shared by two parents and a cycle back to the root.
//
//go:embed sample.pkl
var SamplePickle []byte

// SampleName is the file name to show for [SamplePickle].
const SampleName = "sample.pkl"

// GlyphSame is the SVG of ↪, the arrow of the tree's "same as" link rows.
//
//go:embed glyphs/same.svg
var GlyphSame []byte

// GlyphCycle is the SVG of ↻, the arrow of the tree's "cycle to" link rows.
//
//go:embed glyphs/cycle.svg
var GlyphCycle []byte

// GlyphSign is the SVG of ⚠, the badge of a dangerous global or call.
//
//go:embed glyphs/sign.svg
var GlyphSign []byte
