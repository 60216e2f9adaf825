package gitlabsrc

import "github.com/paved-dev/paved/collectors"

// state is what a resource cursor's opaque Position holds. While a walk is
// unfinished, its WalkPosition and Since let the next pass resume it with the same
// query.
type state struct {
	// WalkPosition's Next is a page number, or a GraphQL end cursor.
	collectors.WalkPosition
	Since int64 `json:"s,omitempty"` // updated_after of the unfinished walk (unix)

	// Tail (runs) is "id:updated_at in unix ms" of the pipelines stored last
	// pass within the overlap the next walk re-reads: listed again unchanged,
	// they are not stored (nor their jobs and times fetched) again.
	Tail []string `json:"t,omitempty"`
	// Fresh (runs) is the next Tail as the walk under way has it so far, kept
	// with the walk's position: a walk resumed after a crash ends with the
	// Tail an uninterrupted one ends with.
	Fresh []string `json:"f,omitempty"`
}

// decodeState reads a Position; anything unreadable starts a fresh walk.
func decodeState(pos string) state { return collectors.DecodePosition[state](pos) }

func (st state) encode() string { return collectors.EncodePosition(st, shedMemo) }

// shedMemo drops the ETag rather than let the store cut the JSON (Tail is
// bounded well under the limit).
func shedMemo(st *state) { st.ETag = "" }
