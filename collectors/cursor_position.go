package collectors

import (
	"encoding/json"
	"time"
)

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

// WalkPosition is the part of a cursor's Position that lets the next pass
// resume an unfinished walk of a paged list; a finished walk leaves it empty.
// A forge's cursor state embeds it beside its own memos.
type WalkPosition struct {
	Next string `json:"n,omitempty"` // next page (number or cursor) of an unfinished walk
	High int64  `json:"h,omitempty"` // newest watermark time seen by the unfinished walk (unix)
	ETag string `json:"e,omitempty"` // first-page ETag of the unfinished walk
}

// Pause records an unfinished walk: the page to go on with, the newest
// watermark time seen so far and the first page's ETag.
func (p *WalkPosition) Pause(next string, high time.Time, etag string) {
	p.Next, p.High, p.ETag = next, UnixOf(high), etag
}

// Clear records that no walk is unfinished.
func (p *WalkPosition) Clear() { *p = WalkPosition{} }

// HighTime is the newest watermark time the unfinished walk has seen.
func (p WalkPosition) HighTime() time.Time { return UnixTime(p.High) }
