package db

import "github.com/paved-dev/paved/internal/sanitize"

// Forge data is untrusted: every string is bounded and stripped of control
// characters before it is stored, whatever the collector already did.
const (
	maxName = sanitize.MaxLine // names, titles, branches, states, error messages
	maxText = sanitize.MaxText // rule texts, locations, URLs
)
