package ui

import (
	"slices"
	"strings"

	"github.com/paved-dev/paved/scoring"
)

// sortTeamRefs orders teams by name, with the unassigned repos last.
func sortTeamRefs(ts []teamRef) {
	slices.SortFunc(ts, func(a, b teamRef) int {
		if (a.Slug == scoring.UnassignedSlug) != (b.Slug == scoring.UnassignedSlug) {
			if a.Slug == scoring.UnassignedSlug {
				return 1
			}
			return -1
		}
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	})
}
