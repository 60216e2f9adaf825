package ui

import (
	"slices"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// repoTeamLevels is one of a repo's teams with its level per dimension: a repo has
// no level of its own, it counts in its teams'.
type repoTeamLevels struct {
	Team teamRef
	Dims []dimCell
}

// repoFix is a next step of one of the repo's teams that this repo holds back.
type repoFix struct {
	Team      teamRef
	Dimension string
	Level     int
	Metric    string
	Detail    string
}

// repoStanding reads the repo's teams' levels and the next steps the repo holds
// back from the teams' newest scorecards.
func repoStanding(st *state, teams []teamRef, key string) ([]repoTeamLevels, []repoFix, error) {
	var levels []repoTeamLevels
	var fixes []repoFix
	for _, t := range teams {
		card, _, err := st.card(t.Slug)
		if err != nil {
			return nil, nil, err
		}
		if card == nil {
			continue
		}
		tl := repoTeamLevels{Team: t}
		for _, d := range scoring.Dimensions {
			dim := card.Dimensions[d]
			tl.Dims = append(tl.Dims, dimCell{Key: d, Level: dim.Level})
			for _, n := range dim.Next {
				for _, r := range n.Repos {
					if r.Repo == key {
						fixes = append(fixes, repoFix{Team: t, Dimension: labels.Dimension(d), Level: n.Level,
							Metric: labels.MetricLabel(n.Metric), Detail: r.Detail})
					}
				}
			}
		}
		levels = append(levels, tl)
	}
	return levels, fixes, nil
}

// openCount counts a repo's open findings of one severity that the overdue list
// does not name: those within their SLA, and medium or low ones past due.
type openCount struct {
	Severity       string
	Within, Passed int
}

// otherOpen counts the open findings beside the overdue critical and high ones,
// most severe first; severities without any are left out.
func otherOpen(findings []db.OpenFinding) []openCount {
	order := []string{model.SeverityCritical, model.SeverityHigh, model.SeverityMedium, model.SeverityLow}
	counts := make([]openCount, len(order))
	for i, sev := range order {
		counts[i].Severity = sev
	}
	for _, f := range findings {
		i := slices.Index(order, f.Severity)
		switch {
		case i < 0:
			continue
		case !f.Overdue:
			counts[i].Within++
		case i > 1: // an overdue critical or high finding is listed, not counted
			counts[i].Passed++
		}
	}
	return slices.DeleteFunc(counts, func(c openCount) bool { return c.Within+c.Passed == 0 })
}
