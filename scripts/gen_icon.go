//go:build ignore

// Gen_icon renders assets/icon.svg to assets/icon.png (512x512, RGBA) with
// the same SVG rasteriser Fyne uses, so the PNG and what Fyne would draw from
// the SVG agree. Run it from the repository root after editing the SVG:
//
//	go run scripts/gen_icon.go
//
// The output is deterministic: the same SVG gives the same PNG bytes.
package main

import (
	"fmt"
	"image"
	"image/png"
	"log"
	"os"

	"github.com/fyne-io/oksvg"
	"github.com/srwiley/rasterx"
)

const (
	src  = "assets/icon.svg"
	dst  = "assets/icon.png"
	size = 512
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen_icon: ")

	f, err := os.Open(src)
	if err != nil {
		log.Fatal(err)
	}
	// StrictErrorMode: an element the renderer would silently skip is a bug
	// in the SVG, not something to discover by looking at the PNG.
	icon, err := oksvg.ReadIconStream(f, oksvg.StrictErrorMode)
	f.Close()
	if err != nil {
		log.Fatalf("%s: %v", src, err)
	}

	img := image.NewRGBA(image.Rect(0, 0, size, size))
	icon.SetTarget(0, 0, size, size)
	scanner := rasterx.NewScannerGV(size, size, img, img.Bounds())
	icon.Draw(rasterx.NewDasher(size, size, scanner), 1)

	out, err := os.Create(dst)
	if err != nil {
		log.Fatal(err)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(out, img); err != nil {
		out.Close()
		log.Fatal(err)
	}
	if err := out.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("wrote %s (%dx%d) from %s\n", dst, size, size, src)
}
