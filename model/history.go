package model

import "strings"

// historyPrefix marks a history cursor's resource: "history:runs" is how far
// back the runs list of a repo has been read.
const historyPrefix = "history:"

// HistoryResource is the resource of list's history cursor. A first
// collection reads every list's latest window first, then deepens its
// history in later steps (collectors/history.go); the history cursor says
// how far it reached. Its Watermark is the floor: every item of the list
// ordered after it is stored (zero: the list was read to its very start).
// Its Position is the collector's own resume state while history is still
// to be read, "" once it reaches back as far as configured. A list without
// a stored history cursor has not finished its first window.
func HistoryResource(list string) string { return historyPrefix + list }

// HistoryOf reports the list a history cursor's resource names.
func HistoryOf(resource string) (list string, ok bool) {
	return strings.CutPrefix(resource, historyPrefix)
}
