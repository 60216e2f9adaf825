package ui

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/scoring"
)

// exportTeams serves GET /export/teams.csv: a row per team with its current
// scorecard's level, score and dimension levels, its as_of, every metric of the
// model (scoring.Metrics) with its value and sample size, and its overdue critical
// and high findings; empty cells where data is insufficient. The first columns keep
// their places for scripts that read them by position.
func (s *server) exportTeams(c *fiber.Ctx) error {
	st, err := s.cache.state(c.UserContext())
	if err != nil {
		return err
	}
	sums, err := st.summaries(s)
	if err != nil {
		return err
	}
	metrics := scoring.Metrics()
	_, hasOldest := scoring.LookupMetric(metricOldestOverdue)
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	head := append([]string{"team", "slug", "level", "score"}, scoring.Dimensions...)
	head = append(head, "as_of")
	for _, m := range metrics {
		head = append(head, m.Name, m.Name+"_samples")
	}
	if !hasOldest {
		head = append(head, metricOldestOverdue)
	}
	_ = w.Write(head)
	for _, t := range sums {
		row := []string{csvCell(t.Name), csvCell(t.Slug), optInt(t.Level()), optInt(t.Score())}
		for _, d := range scoring.Dimensions {
			row = append(row, optInt(t.Dim(d)))
		}
		if !t.Scored {
			_ = w.Write(append(row, make([]string, len(head)-len(row))...))
			continue
		}
		row = append(row, t.AsOf().UTC().Format(time.RFC3339))
		for _, m := range metrics {
			row = append(row, optFloat(t.Latest.metric(m.Dimension, m.Name)), strconv.Itoa(t.Latest.samples(m.Dimension, m.Name)))
		}
		if !hasOldest {
			o, err := s.overdueOf(st, t)
			if err != nil {
				return err
			}
			row = append(row, optFloat(o.OldestDays))
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

// optFloat writes a metric value as Go reads it back exactly; empty when unknown.
func optFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatFloat(*p, 'f', -1, 64)
}

func optInt(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}
