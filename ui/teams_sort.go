package ui

import (
	"cmp"
	"slices"
	"strings"
)

// sortRows returns a sorted copy. Teams without a value sort last in either
// direction; ties keep name order.
func sortRows(rows []teamRow, key, dir string) []teamRow {
	out := slices.Clone(rows)
	value := func(r teamRow) *int {
		switch key {
		case "level":
			return r.Level
		case "score":
			return r.Score
		case "change":
			return r.Change
		case "overdue":
			return r.Overdue
		case "repos":
			return &r.Repos
		}
		for _, d := range r.Dims {
			if d.Key == key {
				return d.Level
			}
		}
		return nil
	}
	byName := func(a, b teamRow) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), strings.Compare(a.Slug, b.Slug))
	}
	slices.SortStableFunc(out, func(a, b teamRow) int {
		if key == "team" {
			if dir == "desc" {
				return byName(b, a)
			}
			return byName(a, b)
		}
		va, vb := value(a), value(b)
		switch {
		case va == nil && vb == nil:
			return byName(a, b)
		case va == nil:
			return 1
		case vb == nil:
			return -1
		}
		c := cmp.Compare(*va, *vb)
		if dir == "desc" {
			c = -c
		}
		return cmp.Or(c, byName(a, b))
	})
	return out
}
