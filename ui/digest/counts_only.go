package digest

import (
	"slices"

	"github.com/paved-dev/paved/scoring"
)

// CountsOnly is the digest without finding details (which advisory or rule, in which
// repo): overdue counts, scores and levels stay. It is what an organisation-wide
// channel gets when the dashboard limits finding details to each team's members,
// since a mailing list or chat channel is nobody's membership.
func (d *Digest) CountsOnly() *Digest {
	part := *d
	part.DetailsLimited = true
	part.Org.Overdue.Worst = nil
	part.Teams = slices.Clone(d.Teams)
	for i := range part.Teams {
		t := &part.Teams[i]
		t.Overdue.Worst = nil
		if t.Next != nil && t.Next.Dimension == scoring.DimRemediation {
			n := *t.Next
			n.Repos = nil
			t.Next = &n
		}
	}
	return &part
}
