package gitlabsrc

import (
	"encoding/json"

	"github.com/paved-dev/paved/collectors"
)

// Resource names, as stored in cursors.
const (
	resRuns        = collectors.ResourceRuns
	resJobs        = collectors.ResourceJobs
	resPulls       = collectors.ResourcePulls
	resReviews     = collectors.ResourceReviews
	resDeployments = collectors.ResourceDeployments
	resFindings    = collectors.ResourceFindings
)

// maxPosition is what a cursor's Position may hold: the store bounds it (4 KiB).
const maxPosition = 3800

// state is what a resource cursor's opaque Position holds. While a walk is
// unfinished, Next/Since/High/ETag let the next pass resume it with the same
// query; Samples is the runs resource's memo of sampled pipelines, which must
// survive between passes.
type state struct {
	Next  string `json:"n,omitempty"` // next page number, or GraphQL end cursor
	Since int64  `json:"s,omitempty"` // updated_after of the unfinished walk (unix)
	High  int64  `json:"h,omitempty"` // newest updated_at seen by the unfinished walk (unix)
	ETag  string `json:"e,omitempty"` // first-page ETag of the unfinished walk

	Samples []string `json:"j,omitempty"` // runs: job samples of recent buckets
}

// decodeState reads a Position; anything unreadable starts a fresh walk, which
// costs requests but never loses data.
func decodeState(pos string) state {
	var st state
	if pos == "" || json.Unmarshal([]byte(pos), &st) != nil {
		return state{}
	}
	return st
}

func (st state) encode() string {
	for {
		b, err := json.Marshal(st)
		if err != nil {
			return ""
		}
		if len(b) <= maxPosition {
			return string(b)
		}
		// Shed memos, oldest first, rather than let the store cut the JSON.
		if len(st.Samples) > 0 {
			st.Samples = st.Samples[1:]
		} else {
			st.ETag = ""
		}
	}
}
