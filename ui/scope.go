package ui

import "github.com/paved-dev/paved/scoring"

const scopeOrg = "org"

// scopeName is what a scope is called when its scorecard carries no name.
func scopeName(slug, name string) string {
	switch {
	case name != "":
		return name
	case slug == scopeOrg:
		return "Organisation"
	case slug == scoring.UnassignedSlug:
		return "Unassigned repos"
	}
	return slug
}
