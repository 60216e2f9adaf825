package githubsrc

import (
	"context"
	"fmt"

	"github.com/paved-dev/paved/model"
)

// observe returns a walk's finish hook recording the scanner feature's state
// when it changed: on when the list answered, off when GitHub said the feature
// is disabled, else what the repos list's security_and_analysis reported.
// Only changes are stored: an "enabled" observation holds until a "disabled" one.
func (r *repoRun) observe(feature, reported string) func(*state, *model.Batch, outcome) {
	return func(st *state, b *model.Batch, out outcome) {
		seen := ""
		switch out {
		case outChanged:
			seen = "on"
		case outDisabled:
			seen = "off"
		default:
			switch reported {
			case "enabled":
				seen = "on"
			case "disabled":
				seen = "off"
			}
		}
		if seen == "" || seen == st.Feature {
			return
		}
		st.Feature = seen
		b.Observations = append(b.Observations, model.ScannerObservation{
			Source:      r.c.cfg.Name,
			RepoForgeID: r.repo.ID,
			Feature:     feature,
			Enabled:     seen == "on",
			ObservedAt:  r.Now,
		})
	}
}

// reported is security_and_analysis's word on a scanner: listed, from this
// pass's repos list or, when the list was unchanged, as stored with the repo
// from the last list. A repo stored before the store kept it falls back on the
// word the walk kept in its cursor state. Either way a 304 pass behaves as one
// that re-read the list.
func (r *repoRun) reported(ctx context.Context, resource, listed string) (string, error) {
	if r.repo.Listed || listed != "" {
		return listed, nil
	}
	cur, err := r.Store.Cursor(ctx, r.c.cfg.Name, r.repo.FullName, resource)
	if err != nil {
		return "", fmt.Errorf("read cursor: %w", err)
	}
	return decodeState(cur.Position).Report, nil
}
