package githubsrc

import "github.com/paved-dev/paved/collectors"

// state is what a resource cursor's opaque Position holds. While a walk is
// unfinished, its WalkPosition lets the next pass resume it; the rest are small
// per-resource memos that must survive between passes.
type state struct {
	collectors.WalkPosition

	Pending []int64 `json:"p,omitempty"` // deployments: ids whose latest status was not final
	Feature string  `json:"f,omitempty"` // scanner state last observed: "on" or "off"
	Off     int64   `json:"o,omitempty"` // when GitHub last said the feature is disabled (unix)
	Report  string  `json:"r,omitempty"` // scanners: security_and_analysis as the last repos list reported it
}

// decodeState reads a Position; anything unreadable starts a fresh walk.
func decodeState(pos string) state { return collectors.DecodePosition[state](pos) }

func (st state) encode() string { return collectors.EncodePosition(st, shedMemo) }

// shedMemo drops one memo, oldest first, rather than let the store cut the JSON.
func shedMemo(st *state) {
	switch {
	case len(st.Pending) > 0:
		st.Pending = st.Pending[1:]
	default:
		st.ETag = ""
	}
}
