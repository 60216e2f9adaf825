package ui

import (
	"cmp"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

type syncPage struct {
	layout
	Sources []syncSourceView
}

type syncSourceView struct {
	syncSourceJSON
	// RowsHTML are the table's rows, one per repo (syncRows).
	RowsHTML template.HTML
	// Counted: this process has collected the source, so Counts hold its
	// requests and written records as /metrics has them.
	Counted bool
	Counts  collectorCounts
}

// syncRepoRow sums up one repo's resources: a repo is only as fresh as its
// stalest resource.
type syncRepoRow struct {
	Repo          string
	Resources     int
	Failing       int
	OldestSuccess time.Time
	Items         int64
	LastError     string
	LastErrorAt   time.Time
	ErrorResource string
}

func (s *server) syncPage(c *fiber.Ctx) error {
	sync, err := s.syncStatus(c.UserContext())
	if err != nil {
		return err
	}
	counts, err := countersBySource(s.metrics)
	if err != nil {
		return err
	}
	// A large organisation has thousands of rows, and a collection commits
	// many times a second: they are rendered once per commit, not per request.
	rows, err := live(c.UserContext(), s.cache, "sync-rows", func() (map[string]template.HTML, error) {
		return s.syncRows(sync.Sources)
	})
	if err != nil {
		return err
	}
	page := syncPage{layout: s.layoutFor("Collection status", "sync")}
	for _, src := range sync.Sources {
		v := syncSourceView{syncSourceJSON: src, RowsHTML: rows[src.Name]}
		v.Counts, v.Counted = counts[src.Name]
		page.Sources = append(page.Sources, v)
	}
	return s.render(c, "sync", &page)
}

// syncRows renders each source's table rows, failing repos first.
func (s *server) syncRows(sources []syncSourceJSON) (map[string]template.HTML, error) {
	out := make(map[string]template.HTML, len(sources))
	for _, src := range sources {
		part := struct {
			Source string
			Rows   []syncRepoRow
		}{Source: src.Name}
		for _, r := range src.Repos {
			part.Rows = append(part.Rows, syncRowOf(r))
		}
		slices.SortStableFunc(part.Rows, func(a, b syncRepoRow) int {
			return cmp.Or(cmp.Compare(b.Failing, a.Failing), strings.Compare(a.Repo, b.Repo))
		})
		html, err := s.renderPart("sync", "sync_rows", part)
		if err != nil {
			return nil, err
		}
		out[src.Name] = html
	}
	return out, nil
}

func syncRowOf(r syncRepoJSON) syncRepoRow {
	row := syncRepoRow{Repo: r.Repo, Resources: len(r.Resources)}
	for i, res := range r.Resources {
		success, errAt := derefTime(res.LastSuccess), derefTime(res.LastErrorAt)
		if i == 0 || success.Before(row.OldestSuccess) {
			row.OldestSuccess = success
		}
		row.Items += res.Items
		if res.LastError != "" && errAt.After(success) {
			row.Failing++
		}
		if res.LastError != "" && errAt.After(row.LastErrorAt) {
			row.LastError, row.LastErrorAt, row.ErrorResource = res.LastError, errAt, res.Resource
		}
	}
	return row
}
