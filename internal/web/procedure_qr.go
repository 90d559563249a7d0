package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/cchc-vn/cchc/internal/procedure"
)

// baseURL is this site's address as the request reached it.
func (s *Server) baseURL(r *http.Request) string {
	if s.secure(r) {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// The QR code points at /q/{code}, which counts the scan and redirects to the
// procedure's page, so the ward sees which posters and counters are used.
func (s *Server) procedureQR(c *request) error {
	code := c.r.PathValue("code")
	if _, _, err := procedure.Get(c.r.Context(), s.DB, c.ward.ID, code); err != nil {
		return err
	}
	target := s.baseURL(c.r) + "/q/" + code
	c.w.Header().Set("Cache-Control", "public, max-age=86400")
	if strings.HasSuffix(c.r.URL.Path, ".svg") {
		svg, err := procedure.QRSVG(target)
		if err != nil {
			return err
		}
		c.w.Header().Set("Content-Type", "image/svg+xml")
		c.w.Header().Set("Content-Disposition", `inline; filename="thu-tuc-`+code+`.svg"`)
		_, err = c.w.Write([]byte(svg))
		return err
	}
	size, _ := strconv.Atoi(c.r.URL.Query().Get("kich-thuoc"))
	if size < 128 || size > 2048 {
		size = 512
	}
	png, err := procedure.QRPNG(target, size)
	if err != nil {
		return err
	}
	c.w.Header().Set("Content-Type", "image/png")
	c.w.Header().Set("Content-Disposition", `inline; filename="thu-tuc-`+code+`.png"`)
	_, err = c.w.Write(png)
	return err
}

func (s *Server) qrScan(c *request) error {
	code := c.r.PathValue("code")
	if _, _, err := procedure.Get(c.r.Context(), s.DB, c.ward.ID, code); err != nil {
		return err
	}
	if err := procedure.CountScan(c.r.Context(), s.DB, c.ward.ID, code); err != nil {
		return err
	}
	c.w.Header().Set("Cache-Control", "no-store")
	http.Redirect(c.w, c.r, "/thu-tuc/"+code, http.StatusFound)
	return nil
}

// helpful counts one answer per visitor address and procedure per day.
func (s *Server) helpful(c *request) error {
	code := c.r.PathValue("code")
	ctx := c.r.Context()
	if _, _, err := procedure.Get(ctx, s.DB, c.ward.ID, code); err != nil {
		return err
	}
	ok, _, err := s.helpfulLim.Allow(ctx, c.ward.Code+"/"+code+"/"+s.clientIP(c.r))
	if err != nil {
		return err
	}
	if ok {
		if err := procedure.CountHelpful(ctx, s.DB, c.ward.ID, code, c.r.PostFormValue("huu-ich") == "co"); err != nil {
			return err
		}
	}
	return c.redirect("/thu-tuc/"+code+"#gop-y", "Cảm ơn bạn đã cho biết ý kiến.")
}

func (s *Server) procedureStats(c *request) error {
	cs, err := procedure.Counters(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("procedure_stats", "Lượt quét mã QR và đánh giá trang thủ tục", cs)
}
