package chart_test

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/cchc-vn/cchc/internal/chart"
)

// wellFormed parses the SVG and returns its rect widths (or heights) in order.
func wellFormed(t *testing.T, svg string, attr string) []string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	var out []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "rect" {
			for _, a := range se.Attr {
				if a.Name.Local == attr {
					out = append(out, a.Value)
				}
			}
		}
	}
}

func TestCharts(t *testing.T) {
	bars := []chart.Bar{{"Loa di động khu phố", 120}, {"Hội nghị, họp dân <b>", 60}, {"Thi đua – khen thưởng", 0}}
	svg := string(chart.HBars("c1", "Hoạt động theo hình thức", bars, nil))
	if w := wellFormed(t, svg, "width"); len(w) != 3 || w[0] != "300.0" || w[1] != "150.0" || w[2] != "0.0" {
		t.Errorf("bar widths %v", w)
	}
	if !strings.Contains(svg, "&lt;b&gt;") || strings.Contains(svg, "<b>") {
		t.Error("label not escaped")
	}
	if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, "<title id=\"c1-t\">Hoạt động theo hình thức</title>") {
		t.Error("chart lacks its accessible title")
	}
	cols := string(chart.Columns("c2", "Theo tháng", []chart.Bar{{"07/2025", 10}, {"08/2025", 40}}))
	if h := wellFormed(t, cols, "height"); len(h) != 2 || h[1] != "160.0" || h[0] != "40.0" {
		t.Errorf("column heights %v", h)
	}
	pairs := string(chart.Pairs("c3", "Kinh phí", "Dự kiến", "Đã chi", []chart.Pair{{"Công an phường", 2_000_000, 500_000}}, nil))
	if w := wellFormed(t, pairs, "width"); len(w) != 4 || w[2] != "280.0" || w[3] != "70.0" {
		t.Errorf("pair widths %v", w)
	}
	// Nothing to draw: no division by zero, still well-formed.
	wellFormed(t, string(chart.HBars("c4", "Trống", nil, nil)), "width")
	wellFormed(t, string(chart.Columns("c5", "Trống", []chart.Bar{{"07/2025", 0}})), "height")
}
