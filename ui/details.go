package ui

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/digest"
)

// detailsLimitedNote is what a page says where it leaves finding details out.
const detailsLimitedNote = "Finding details are limited to the team's members"

// detailScope says whose finding details (advisory, rule, file, and the repo of
// each finding) a request may see: every team's for the security and admin roles
// (and without access control), else only the teams whose members include the
// user. Levels, scores, trends, comparisons and counts are everyone's.
type detailScope struct {
	all   bool
	teams map[string]bool
}

func (s *server) detailsFor(c *fiber.Ctx) detailScope {
	if s.auth == nil {
		return detailScope{all: true}
	}
	id := identityOf(c)
	if id == nil {
		return detailScope{}
	}
	if id.privileged() {
		return detailScope{all: true}
	}
	d := detailScope{teams: map[string]bool{}}
	for slug, members := range s.auth.Teams {
		if matches(members, id.User, id.Groups) {
			d.teams[slug] = true
		}
	}
	return d
}

// team reports whether the team's finding details may be shown.
func (d detailScope) team(slug string) bool { return d.all || d.teams[slug] }

// anyOf reports whether any of the teams' finding details may be shown.
func (d detailScope) anyOf(teams []teamRef) bool {
	if d.all {
		return true
	}
	for _, t := range teams {
		if d.teams[t.Slug] {
			return true
		}
	}
	return false
}

// key tells cached pages apart by what they may show.
func (d detailScope) key() string {
	if d.all {
		return ""
	}
	slugs := make([]string, 0, len(d.teams))
	for s := range d.teams {
		slugs = append(slugs, s)
	}
	sort.Strings(slugs)
	return "|details:" + strings.Join(slugs, ",")
}

// repos are the "source:full_name" keys of the repos whose finding details may
// be shown: those of the member teams' current scorecards. nil means every repo.
func (d detailScope) repos(st *state) (map[string]bool, error) {
	if d.all {
		return nil, nil
	}
	out := map[string]bool{}
	for slug := range d.teams {
		card, _, err := st.card(slug)
		if err != nil {
			return nil, err
		}
		if card == nil {
			continue
		}
		for _, r := range card.Repos {
			out[r.Repo] = true
		}
	}
	return out, nil
}

// redactScorecard removes the finding details of repos not visible from a stored
// scorecard: each such repo's remediation counts (which name risky repos), its
// flags, and its place in the remediation next steps; and says so in
// "finding_details". visible nil shows everything (the bytes come back as they were).
func redactScorecard(raw []byte, visible map[string]bool) ([]byte, error) {
	if visible == nil {
		return raw, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var card map[string]any
	if err := dec.Decode(&card); err != nil {
		return nil, err
	}
	repoOf := func(v any) string {
		m, _ := v.(map[string]any)
		s, _ := m["repo"].(string)
		return s
	}
	if repos, ok := card["repos"].([]any); ok {
		for _, r := range repos {
			if m, ok := r.(map[string]any); ok && !visible[repoOf(m)] {
				delete(m, "remediation")
			}
		}
	}
	if flags, ok := card["flags"].([]any); ok {
		card["flags"] = slices.DeleteFunc(flags, func(f any) bool { return !visible[repoOf(f)] })
	}
	if dims, ok := card["dimensions"].(map[string]any); ok {
		if rem, ok := dims[scoring.DimRemediation].(map[string]any); ok {
			if next, ok := rem["next"].([]any); ok {
				for _, n := range next {
					if m, ok := n.(map[string]any); ok {
						if repos, ok := m["repos"].([]any); ok {
							m["repos"] = slices.DeleteFunc(repos, func(r any) bool { return !visible[repoOf(r)] })
						}
					}
				}
			}
		}
	}
	card["finding_details"] = "limited: " + detailsLimitedNote + " (and to the security and admin roles); counts are complete"
	return json.Marshal(card)
}

// redactNext leaves out the repos of the remediation next steps.
func redactNext(dims []dimView) []dimView {
	out := slices.Clone(dims)
	for i := range out {
		if out[i].Key != scoring.DimRemediation {
			continue
		}
		next := slices.Clone(out[i].Next)
		for j := range next {
			next[j].Repos = nil
		}
		out[i].Next = next
	}
	return out
}

// redactDigest leaves out what the viewer may not see of the digest: the worst
// overdue findings of other teams' repos and the repos of their remediation
// next steps.
func redactDigest(d *digest.Digest, scope detailScope, visible map[string]bool) {
	if scope.all {
		return
	}
	keep := func(list []digest.OverdueFinding) []digest.OverdueFinding {
		return slices.DeleteFunc(slices.Clone(list), func(f digest.OverdueFinding) bool { return !visible[f.Source+":"+f.Repo] })
	}
	d.Org.Overdue.Worst = keep(d.Org.Overdue.Worst)
	for i := range d.Teams {
		t := &d.Teams[i]
		if scope.team(t.Slug) {
			continue
		}
		t.Overdue.Worst = nil
		if t.Next != nil && t.Next.Dimension == scoring.DimRemediation {
			n := *t.Next
			n.Repos = nil
			t.Next = &n
		}
	}
}
