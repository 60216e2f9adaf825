package collectors

import "encoding/json"

// MaxPosition is what a collector's cursor Position may hold: the store
// bounds it at 4 KiB, and cutting JSON there would make it unreadable.
const MaxPosition = 3800

// DecodePosition reads a cursor's Position as JSON into a T. Anything
// unreadable gives the zero T: a fresh walk costs requests but never loses
// data.
func DecodePosition[T any](pos string) T {
	var st T
	if pos == "" || json.Unmarshal([]byte(pos), &st) != nil {
		var zero T
		return zero
	}
	return st
}

// EncodePosition writes st as JSON of at most MaxPosition bytes. While it is
// longer, shed drops one memo (oldest first). A state that cannot be
// marshalled, or that shed can no longer shorten, encodes as "": a fresh
// walk rather than a pass that never ends.
func EncodePosition[T any](st T, shed func(*T)) string {
	prev := -1
	for {
		b, err := json.Marshal(st)
		if err != nil || len(b) == prev {
			return ""
		}
		if len(b) <= MaxPosition {
			return string(b)
		}
		prev = len(b)
		shed(&st)
	}
}
