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
	form := map[string][]string{"code": {u.Code}, "name": {u.Name}, "short_name": {u.ShortName}, "kind": {string(u.Kind)}, "head_title": {u.HeadTitle}}
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
