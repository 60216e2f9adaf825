package ui

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

type teamsPage struct {
	layout
	HasData bool
	AsOf    time.Time // the current scorecards' instant
	Rows    []teamRow
	// Unassigned is the repos of no configured team: shown apart, never ranked.
	Unassigned *teamRow
	Columns    []column
	Sort       string
	Dir        string
	Compare    *comparison
	Unknown    []string
	Dropped    int // teams beyond maxCompare left out of the comparison
}

type teamRow struct {
	teamRef
	Scored  bool
	Level   *int
	Score   *int
	Change  *int // the score's 7-day change
	Overdue *int // open critical and high findings past their SLA
	Repos   int
	Dims    []dimCell
	Spark   sparkline
	Checked bool
}

type dimCell struct {
	Key   string
	Level *int
}

// column is a sortable header: its link sorts by it, toggling the direction
// when it is the current sort.
type column struct {
	Key, Label string
	URL        string
	AriaSort   string // ascending, descending or none
	Arrow      string
}

const maxCompare = 6

func (s *server) teamsPage(c *fiber.Ctx) error {
	key, dir, err := parseSort(c.Query("sort"), c.Query("dir"))
	if err != nil {
		return err
	}
	st, err := s.cache.state(c.UserContext())
	if err != nil {
		return err
	}
	wanted := compareSlugs(c)
	cacheKey := "teams:" + key + ":" + dir + ":" + strings.Join(wanted, ",")
	return s.cachedPage(c, st, cacheKey, "teams", func() (any, error) {
		rows, err := memo(st, "teams:rows", func() ([]teamRow, error) { return s.teamRows(st) })
		if err != nil {
			return nil, err
		}
		page := &teamsPage{layout: s.layoutFor("Teams", "teams"), HasData: len(rows) > 0, Sort: key, Dir: dir, AsOf: st.newest()}
		page.Rows, page.Unassigned = apart(sortRows(rows, key, dir))
		chosen := map[string]bool{}
		for _, slug := range wanted {
			chosen[slug] = true
		}
		for i := range page.Rows {
			page.Rows[i].Checked = chosen[page.Rows[i].Slug]
		}
		page.Columns = columns(key, dir, wanted)
		if len(wanted) > 0 {
			if page.Compare, page.Unknown, page.Dropped, err = s.compare(st, rows, wanted); err != nil {
				return nil, err
			}
		}
		return page, nil
	})
}

func (s *server) teamRows(st *state) ([]teamRow, error) {
	sums, err := st.summaries(s)
	if err != nil {
		return nil, err
	}
	rows := make([]teamRow, 0, len(sums))
	for _, t := range sums {
		r := teamRow{teamRef: t.teamRef, Scored: t.Scored, Level: t.Level(), Score: t.Score(), Change: changeOf(t).Score}
		if v := t.Latest.metric(scoring.DimRemediation, scoring.MetricOverdueCriticalHigh); v != nil {
			r.Overdue = new(int(*v))
		}
		card, _, err := st.card(t.Slug)
		if err != nil {
			return nil, err
		}
		if card != nil {
			r.Repos = len(card.Repos)
		}
		for _, d := range scoring.Dimensions {
			r.Dims = append(r.Dims, dimCell{Key: d, Level: t.Dim(d)})
		}
		weeks := weekly(t.Weekly, defaultWeeks)
		values := make([]*float64, len(weeks))
		for i, p := range weeks {
			values[i] = intValue(p.Score)
		}
		r.Spark = newSparkline(values, 0, 100, sparkLabel(weeks))
		rows = append(rows, r)
	}
	return rows, nil
}

// apart takes the unassigned repos out of the ranked rows.
func apart(rows []teamRow) ([]teamRow, *teamRow) {
	var unassigned *teamRow
	out := rows[:0:0]
	for _, r := range rows {
		if r.Slug == scoring.UnassignedSlug {
			unassigned = &r
			continue
		}
		out = append(out, r)
	}
	return out, unassigned
}

func sparkLabel(weeks []point) string {
	if len(weeks) == 0 {
		return "No score history yet"
	}
	return "Score over " + strconv.Itoa(len(weeks)) + " weeks, from " + formatScore(weeks[0].Score) + " to " + formatScore(weeks[len(weeks)-1].Score)
}

// maxCompareArgs bounds how many slugs a compare request may name.
const maxCompareArgs = 20

// compareSlugs reads ?compare=a,b,c as well as the form's ?compare=a&compare=b,
// in order and without repeats.
func compareSlugs(c *fiber.Ctx) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range c.Context().QueryArgs().PeekMulti("compare") {
		for _, slug := range strings.Split(string(v), ",") {
			slug = strings.TrimSpace(slug)
			if slug != "" && !seen[slug] && len(out) < maxCompareArgs {
				seen[slug] = true
				out = append(out, slug)
			}
		}
	}
	return out
}

var sortKeys = append([]string{"team", "level", "score", "change", "overdue", "repos"}, scoring.Dimensions...)

func parseSort(key, dir string) (string, string, error) {
	if key == "" {
		key = "team"
	}
	valid := false
	for _, k := range sortKeys {
		valid = valid || k == key
	}
	if !valid {
		return "", "", badRequest("cannot sort by %q: sort by one of %s", truncate(32, key), strings.Join(sortKeys, ", "))
	}
	switch dir {
	case "":
		dir = defaultDir(key)
	case "asc", "desc":
	default:
		return "", "", badRequest("dir must be asc or desc, not %q", truncate(32, dir))
	}
	return key, dir, nil
}

func defaultDir(key string) string {
	if key == "team" {
		return "asc"
	}
	return "desc"
}

func columns(key, dir string, compare []string) []column {
	headings := map[string]string{"team": "Team", "level": "Level", "score": "Score", "change": "7-day change",
		"overdue": "Overdue crit.+high", "repos": "Repos"}
	out := make([]column, 0, len(sortKeys))
	for _, k := range sortKeys {
		col := column{Key: k, Label: headings[k], AriaSort: "none"}
		if col.Label == "" {
			col.Label = labels.Dimension(k)
		}
		next := defaultDir(k)
		if k == key {
			col.AriaSort, col.Arrow = "ascending", "▲"
			if dir == "desc" {
				col.AriaSort, col.Arrow = "descending", "▼"
			}
			next = map[string]string{"asc": "desc", "desc": "asc"}[dir]
		}
		q := url.Values{"sort": {k}, "dir": {next}}
		if len(compare) > 0 {
			q.Set("compare", strings.Join(compare, ","))
		}
		col.URL = "/teams?" + q.Encode()
		out = append(out, col)
	}
	return out
}
