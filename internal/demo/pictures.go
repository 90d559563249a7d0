package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
)

// picture draws an illustration for a demonstration record. The demo ships
// no photographs of real people, so it draws a scene instead: residents
// seated before a red banner, in colours chosen by seed. Its alt text says
// it is an illustration.
func picture(seed uint64) []byte {
	const w, h = 1200, 800
	r := rand.New(rand.NewPCG(seed, 88))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	wall := color.RGBA{uint8(225 + r.IntN(25)), uint8(215 + r.IntN(30)), uint8(190 + r.IntN(40)), 255}
	for y := 0; y < h; y++ {
		shade := uint8(y * 40 / h) // a little darker towards the floor
		c := color.RGBA{wall.R - shade, wall.G - shade, wall.B - shade, 255}
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, c)
		}
	}
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := max(y0, 0); y < min(y1, h); y++ {
			for x := max(x0, 0); x < min(x1, w); x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	disc := func(cx, cy, rx, ry int, c color.RGBA, topOnly bool) {
		for y := cy - ry; y <= cy+ry; y++ {
			if topOnly && y > cy {
				break
			}
			for x := cx - rx; x <= cx+rx; x++ {
				dx, dy := float64(x-cx)/float64(rx), float64(y-cy)/float64(ry)
				if dx*dx+dy*dy <= 1 && x >= 0 && x < w && y >= 0 && y < h {
					img.SetRGBA(x, y, c)
				}
			}
		}
	}
	// The banner, with a yellow line where its slogan would be.
	fill(150, 70, 1050, 230, color.RGBA{196, 30, 36, 255})
	fill(230, 135, 970, 160, color.RGBA{250, 215, 60, 255})
	// The floor and three rows of people, the nearest largest.
	fill(0, 560, w, h, color.RGBA{150, 110, 80, 255})
	shirts := []color.RGBA{{30, 90, 170, 255}, {240, 240, 240, 255}, {60, 140, 90, 255}, {200, 120, 40, 255}, {120, 60, 140, 255}, {40, 40, 50, 255}}
	skins := []color.RGBA{{240, 200, 160, 255}, {225, 180, 140, 255}, {200, 155, 115, 255}}
	for row, y := range []int{470, 580, 700} {
		size := 34 + row*12
		for x := size + r.IntN(size); x < w; x += 2*size + 10 + r.IntN(30) {
			disc(x, y+size*2, size*3/2, size*3/2, shirts[r.IntN(len(shirts))], true)
			disc(x, y, size*2/3, size*4/5, skins[r.IntN(len(skins))], false)
			disc(x, y-size/2, size*2/3, size/2, color.RGBA{30, 25, 25, 255}, true) // hair
		}
	}
	var b bytes.Buffer
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 85})
	return b.Bytes()
}
