package web

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"golang.org/x/image/vector"
)

// appIcon draws the home-screen icon at size pixels: the yellow star on red
// of icon.svg. maskable leaves the star inside the middle 80 %, the safe
// zone that Android may cut to a circle.
func appIcon(size int, maskable bool) []byte {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{0xb3, 0x26, 0x1e, 0xff}), image.Point{}, draw.Src)
	// The star of icon.svg, in its 32-unit box.
	star := []float32{16, 5, 19.1, 12.6, 27.3, 13.1, 21, 18.3, 23, 26.3, 16, 21.9, 9, 26.3, 11, 18.3, 4.7, 13.1, 12.9, 12.6}
	scale, offset := float32(size)/32, float32(0)
	if maskable {
		scale *= 0.7
		offset = float32(size) * 0.15
	}
	r := vector.NewRasterizer(size, size)
	r.MoveTo(offset+star[0]*scale, offset+star[1]*scale)
	for i := 2; i < len(star); i += 2 {
		r.LineTo(offset+star[i]*scale, offset+star[i+1]*scale)
	}
	r.ClosePath()
	r.Draw(img, img.Bounds(), image.NewUniform(color.RGBA{0xff, 0xd5, 0x4f, 0xff}), image.Point{})
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}
