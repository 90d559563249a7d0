package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/cchc-vn/cchc/internal/check"
	"github.com/cchc-vn/cchc/internal/ward"
)

func (s *Server) units(c *request) error {
	us, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
	if err != nil {
		return err
	}
	return c.render("units", "Đơn vị", us)
}

func (s *Server) unitForm(c *request) error {
	id, err := c.id("id")
	if err != nil {
		return err
	}
	u, err := ward.UnitByID(c.r.Context(), s.DB, c.ward.ID, id)
	if err != nil {
		return err
	}
	form := map[string][]string{"code": {u.Code}, "name": {u.Name}, "short_name": {u.ShortName}, "kind": {string(u.Kind)}, "head_title": {u.HeadTitle}, "streets": {u.Streets}}
	return c.renderPage(http.StatusOK, "unit", &page{Title: "Sửa đơn vị " + u.Name, Data: u, Form: form})
}

// unitSave creates a unit (POST /quan-ly/don-vi) or updates one (POST /quan-ly/don-vi/{id}).
func (s *Server) unitSave(c *request) error {
	var id int64
	if c.r.PathValue("id") != "" {
		var err error
		if id, err = c.id("id"); err != nil {
			return err
		}
	}
	u, err := ward.SaveUnit(c.r.Context(), s.DB, c.actor(), id, unitInput(c))
	var ce check.Errors
	if errors.As(err, &ce) {
		if id != 0 {
			before, err := ward.UnitByID(c.r.Context(), s.DB, c.ward.ID, id)
			if err != nil {
				return err
			}
			return c.renderForm("unit", "Sửa đơn vị "+before.Name, before, ce)
		}
		us, err := ward.Units(c.r.Context(), s.DB, c.ward.ID)
		if err != nil {
			return err
		}
		return c.renderForm("units", "Đơn vị", us, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/don-vi#don-vi-"+strconv.FormatInt(u.ID, 10), "Đã lưu đơn vị "+u.Name+".")
}

// wardContactForm shows the ward's contact details for the administrator
// to edit; the portal shows them on every page and each procedure.
func (s *Server) wardContactForm(c *request) error {
	w := c.ward
	form := map[string][]string{"address": {w.Address}, "phone": {w.Phone}, "email": {w.Email}, "office_hours": {w.OfficeHours}}
	return c.renderPage(http.StatusOK, "ward_contact", &page{Title: "Thông tin liên hệ của phường", Form: form})
}

func (s *Server) wardContactSave(c *request) error {
	f := c.r.PostFormValue
	_, err := ward.SaveContact(c.r.Context(), s.DB, c.actor(), ward.ContactInput{
		Address: f("address"), Phone: f("phone"), Email: f("email"), OfficeHours: f("office_hours")})
	var ce check.Errors
	if errors.As(err, &ce) {
		return c.renderForm("ward_contact", "Thông tin liên hệ của phường", nil, ce)
	}
	if err != nil {
		return err
	}
	return c.redirect("/quan-ly/phuong", "Đã lưu thông tin liên hệ. Cổng thông tin hiển thị thông tin mới ngay.")
}
