package testkit

import (
	"slices"
	"testing"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{4, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		in := slices.Clone(tc.in)
		if got := Median(in); got != tc.want {
			t.Errorf("Median(%v) = %v, want %v", tc.in, got, tc.want)
		}
		if !slices.Equal(in, tc.in) {
			t.Errorf("Median reordered its argument: %v", in)
		}
	}
}

func TestStripJSONCommentsKeepsStrings(t *testing.T) {
	in := "{\n  \"url\": \"https://x/\\\"//y\", // a comment\n  \"n\": 1 // another\n}"
	want := "{\n  \"url\": \"https://x/\\\"//y\", \n  \"n\": 1 \n}"
	if got := string(StripJSONComments([]byte(in))); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestOpenDBIsFreshAndMigrated(t *testing.T) {
	d := OpenDB(t)
	for k, n := range Counts(t, d) {
		if n != 0 {
			t.Errorf("%s: %d rows in a fresh database", k, n)
		}
	}
}
