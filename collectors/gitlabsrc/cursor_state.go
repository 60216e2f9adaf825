package gitlabsrc

import "github.com/paved-dev/paved/collectors"

// state is what a resource cursor's opaque Position holds. While a walk is
// unfinished, its WalkPosition and Since let the next pass resume it with the same
// query; Samples is the runs resource's memo of sampled pipelines, which must
// survive between passes.
type state struct {
	// WalkPosition's Next is a page number, or a GraphQL end cursor.
	collectors.WalkPosition
	Since int64 `json:"s,omitempty"` // updated_after of the unfinished walk (unix)

	Samples []string `json:"j,omitempty"` // runs: job samples of recent buckets
	// Tail (runs) is "id:updated_at in unix ms" of the pipelines stored last
	// pass within the overlap the next walk re-reads: listed again unchanged,
	// they are not stored (nor their jobs and times fetched) again.
	Tail []string `json:"t,omitempty"`
}

// decodeState reads a Position; anything unreadable starts a fresh walk.
func decodeState(pos string) state { return collectors.DecodePosition[state](pos) }

func (st state) encode() string { return collectors.EncodePosition(st, shedMemo) }

// shedMemo drops one memo, oldest first, rather than let the store cut the JSON.
func shedMemo(st *state) {
	if len(st.Samples) > 0 {
		st.Samples = st.Samples[1:]
	} else {
		st.ETag = ""
	}
}
