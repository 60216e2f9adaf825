package ui

import (
	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

// levelStrip is a team's level per dimension over the weeks as a grid: a row per
// dimension, a cell per week coloured by level. Unlike overlapping step lines,
// every dimension keeps its own row and a change shows where it happened.
type levelStrip struct {
	Weeks []string // the date of each column
	First string
	Last  string
	Rows  []stripRow
}

type stripRow struct {
	Label string
	Cells []stripCell
}

type stripCell struct {
	Level *int
	Title string // what the cell says on hover and to a screen reader
}

func newLevelStrip(points []point) levelStrip {
	var st levelStrip
	for _, p := range points {
		st.Weeks = append(st.Weeks, formatDate(p.AsOf))
	}
	if len(st.Weeks) > 0 {
		st.First, st.Last = st.Weeks[0], st.Weeks[len(st.Weeks)-1]
	}
	for _, d := range scoring.Dimensions {
		row := stripRow{Label: labels.Dimension(d)}
		for i, p := range points {
			l := p.dimLevel(d)
			row.Cells = append(row.Cells, stripCell{Level: l, Title: row.Label + ", " + st.Weeks[i] + ": " + formatLevel(l)})
		}
		st.Rows = append(st.Rows, row)
	}
	return st
}
