package digest

// ForTeam cuts out one team's part, for recipients who get only their own team's
// digest: the organisation's headline stays for context, everything else (moves,
// improvements, regressions, trend, overdue findings, next step) is the team's.
// It reports false when the digest has no such team.
func (d *Digest) ForTeam(slug string) (*Digest, bool) {
	for _, t := range d.Teams {
		if t.Slug != slug {
			continue
		}
		part := *d
		part.Audience = slug
		part.Teams = []TeamPart{t}
		part.Moves = t.Moves
		part.Improvements, part.Regressions = nil, nil
		for _, c := range t.Changes {
			if c.Change > 0 {
				part.Improvements = append(part.Improvements, c)
			} else {
				part.Regressions = append(part.Regressions, c)
			}
		}
		part.Improvements = topOf(part.Improvements, topChanges)
		part.Regressions = topOf(part.Regressions, topChanges)
		part.Trend = t.Trend
		return &part, true
	}
	return nil, false
}

// Title names the digest: "Paved weekly digest — 2026-W07", with the team's name
// in a team's part.
func (d *Digest) Title() string {
	if t := d.audienceTeam(); t != nil {
		return "Paved weekly digest — " + truncate(t.Name, 60) + " — " + d.Week.String()
	}
	return "Paved weekly digest — " + d.Week.String()
}

func (d *Digest) audienceTeam() *TeamPart {
	if d.Audience == "" || len(d.Teams) != 1 || d.Teams[0].Slug != d.Audience {
		return nil
	}
	return &d.Teams[0]
}

// Focus is the scope the digest is about: the team of a team's part, or the
// organisation.
func (d *Digest) Focus() Scope {
	if t := d.audienceTeam(); t != nil {
		return t.Scope
	}
	return d.Org
}
