package collectors

import (
	"testing"
	"time"
)

func TestWalkPositionPausesAndClearsWithTheKeysCursorsKeep(t *testing.T) {
	type st struct {
		WalkPosition
		Memo []string `json:"m,omitempty"`
	}
	high := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var s st
	s.Pause("3", high, `W/"x"`)
	s.Memo = []string{"a"}
	enc := EncodePosition(s, func(*st) {})
	if enc != `{"n":"3","h":1772366400,"e":"W/\"x\"","m":["a"]}` {
		t.Fatalf("encoded %s", enc)
	}
	got := DecodePosition[st](enc)
	if got.Next != "3" || !got.HighTime().Equal(high) || got.ETag != `W/"x"` {
		t.Fatalf("decoded %+v", got)
	}
	got.Clear()
	if enc := EncodePosition(got, func(*st) {}); enc != `{"m":["a"]}` {
		t.Fatalf("cleared %s", enc)
	}
}
