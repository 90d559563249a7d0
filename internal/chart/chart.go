// Package chart draws the dashboard's charts as SVG on the server, so they
// print, work without JavaScript and can be saved into documents.
package chart

import (
	"fmt"
	"html"
	"html/template"
	"strings"

	"github.com/cchc-vn/cchc/internal/vn"
)

// Bar is one labelled value.
type Bar struct {
	Label string
	Value int64
}

// Pair is one label with two values drawn side by side (planned and spent).
type Pair struct {
	Label string
	A, B  int64
}

// Palette: the portal's red for the main series, a slate for the second,
// both with enough contrast on white (WCAG 3:1 for graphics).
const (
	colorA    = "#a4161a"
	colorB    = "#3d5a80"
	colorText = "#1f2328"
	colorGrid = "#d0d7de"
	width     = 640
	labelW    = 250
	rowH      = 26
)

func esc(s string) string { return html.EscapeString(s) }

func maxOf(vs ...int64) int64 {
	m := int64(0)
	for _, v := range vs {
		if v > m {
			m = v
		}
	}
	return m
}

func open(b *strings.Builder, id, title string, h int) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t" class="chart" font-family="Liberation Sans, Arial, sans-serif" font-size="12">`, width, h, id)
	fmt.Fprintf(b, `<title id="%s-t">%s</title>`, id, esc(title))
}

// HBars draws horizontal bars, one per row, with the value at the end.
func HBars(id, title string, bars []Bar, format func(int64) string) template.HTML {
	if format == nil {
		format = vn.Number
	}
	var b strings.Builder
	h := len(bars)*rowH + 10
	open(&b, id, title, h)
	vals := make([]int64, len(bars))
	for i, x := range bars {
		vals[i] = x.Value
	}
	m := maxOf(vals...)
	plot := float64(width - labelW - 90)
	for i, x := range bars {
		y := 5 + i*rowH
		w := 0.0
		if m > 0 {
			w = plot * float64(x.Value) / float64(m)
		}
		fmt.Fprintf(&b, `<g><title>%s: %s</title>`, esc(x.Label), esc(format(x.Value)))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="%s">%s</text>`, labelW-8, y+17, colorText, esc(vn.Excerpt(x.Label, 40)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, labelW, y+4, w, rowH-8, colorA)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="%s">%s</text></g>`, float64(labelW)+w+6, y+17, colorText, esc(format(x.Value)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Columns draws vertical columns, e.g. one per month, labels below.
func Columns(id, title string, bars []Bar) template.HTML {
	var b strings.Builder
	const h, top, bottom = 220, 20, 40
	open(&b, id, title, h)
	vals := make([]int64, len(bars))
	for i, x := range bars {
		vals[i] = x.Value
	}
	m := maxOf(vals...)
	plotH := float64(h - top - bottom)
	n := len(bars)
	if n == 0 {
		n = 1
	}
	slot := float64(width-40) / float64(n)
	fmt.Fprintf(&b, `<line x1="20" y1="%d" x2="%d" y2="%d" stroke="%s"/>`, h-bottom, width-20, h-bottom, colorGrid)
	for i, x := range bars {
		hh := 0.0
		if m > 0 {
			hh = plotH * float64(x.Value) / float64(m)
		}
		cx := 20 + slot*float64(i) + slot/2
		bw := slot * 0.6
		fmt.Fprintf(&b, `<g><title>%s: %s</title>`, esc(x.Label), esc(vn.Number(x.Value)))
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, cx-bw/2, float64(h-bottom)-hh, bw, hh, colorA)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle" fill="%s">%s</text>`, cx, float64(h-bottom)-hh-5, colorText, esc(vn.Number(x.Value)))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="%s">%s</text></g>`, cx, h-bottom+18, colorText, esc(x.Label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Pairs draws two bars per row (A above B) with a legend: planned against
// spent, say.
func Pairs(id, title, nameA, nameB string, rows []Pair, format func(int64) string) template.HTML {
	if format == nil {
		format = vn.Number
	}
	var b strings.Builder
	const pairH = 38
	h := len(rows)*pairH + 34
	open(&b, id, title, h)
	fmt.Fprintf(&b, `<rect x="%d" y="6" width="12" height="12" fill="%s"/><text x="%d" y="16" fill="%s">%s</text>`, labelW, colorA, labelW+16, colorText, esc(nameA))
	fmt.Fprintf(&b, `<rect x="%d" y="6" width="12" height="12" fill="%s"/><text x="%d" y="16" fill="%s">%s</text>`, labelW+170, colorB, labelW+186, colorText, esc(nameB))
	var vals []int64
	for _, r := range rows {
		vals = append(vals, r.A, r.B)
	}
	m := maxOf(vals...)
	plot := float64(width - labelW - 110)
	scale := func(v int64) float64 {
		if m == 0 {
			return 0
		}
		return plot * float64(v) / float64(m)
	}
	for i, r := range rows {
		y := 28 + i*pairH
		fmt.Fprintf(&b, `<g><title>%s: %s %s, %s %s</title>`, esc(r.Label), esc(nameA), esc(format(r.A)), esc(nameB), esc(format(r.B)))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end" fill="%s">%s</text>`, labelW-8, y+21, colorText, esc(vn.Excerpt(r.Label, 40)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="14" fill="%s"/>`, labelW, y+2, scale(r.A), colorA)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="%s" font-size="11">%s</text>`, float64(labelW)+scale(r.A)+5, y+13, colorText, esc(format(r.A)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="14" fill="%s"/>`, labelW, y+18, scale(r.B), colorB)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="%s" font-size="11">%s</text></g>`, float64(labelW)+scale(r.B)+5, y+29, colorText, esc(format(r.B)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
