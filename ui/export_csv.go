package ui

import (
	"bytes"
	"encoding/csv"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/scoring"
)

// exportTeams serves GET /export/teams.csv: a row per team with its level, score
// and dimension levels; empty cells where data is insufficient.
func (s *server) exportTeams(c *fiber.Ctx) error {
	st, err := s.cache.state(c.UserContext())
	if err != nil {
		return err
	}
	sums, err := st.summaries(s)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := append([]string{"team", "slug", "level", "score"}, scoring.Dimensions...)
	_ = w.Write(head)
	for _, t := range sums {
		row := []string{csvCell(t.Name), csvCell(t.Slug), optInt(t.Level()), optInt(t.Score())}
		for _, d := range scoring.Dimensions {
			row = append(row, optInt(t.Dim(d)))
		}
		_ = w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="teams.csv"`)
	return c.Send(buf.Bytes())
}

// csvCell defuses spreadsheet formulas: a cell a spreadsheet would evaluate
// starts with a quote instead.
func csvCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
