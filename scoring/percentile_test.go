package scoring

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestPercentiles(t *testing.T) {
	tests := []struct {
		name     string
		in       []int64
		p50, p90 float64
	}{
		{"one value", []int64{7}, 7, 7},
		{"two values: mean of both; ⌈1.8⌉ = 2nd", []int64{9, 1}, 5, 9},
		{"three values: middle; ⌈2.7⌉ = 3rd", []int64{3, 1, 2}, 2, 3},
		{"four values: (2 + 3) ÷ 2; ⌈3.6⌉ = 4th", []int64{4, 3, 2, 1}, 2.5, 4},
		{"ten values: (5 + 6) ÷ 2; ⌈9⌉ = 9th", []int64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 5.5, 9},
		{"eleven values: 6th; ⌈9.9⌉ = 10th", []int64{11, 1, 10, 2, 9, 3, 8, 4, 7, 5, 6}, 6, 10},
		{"duplicates", []int64{5, 5, 5, 5, 1, 9}, 5, 9},
		{"all equal", []int64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := median(slices.Clone(tc.in)); got != tc.p50 {
				t.Errorf("median = %v, want %v", got, tc.p50)
			}
			if got := p90(slices.Clone(tc.in)); got != tc.p90 {
				t.Errorf("p90 = %v, want %v", got, tc.p90)
			}
		})
	}
}

// TestSelectionAgreesWithSorting checks the O(n) selection against a sort on many
// random inputs, heavy in duplicates as durations are.
func TestSelectionAgreesWithSorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		n := 1 + rng.IntN(300)
		d := make([]int64, n)
		for i := range d {
			d[i] = rng.Int64N(int64(1 + rng.IntN(50)))
		}
		sorted := slices.Sorted(slices.Values(d))
		want50 := float64(sorted[n/2])
		if n%2 == 0 {
			want50 = (float64(sorted[n/2-1]) + float64(sorted[n/2])) / 2
		}
		want90 := float64(sorted[(9*n+9)/10-1])
		if got := median(slices.Clone(d)); got != want50 {
			t.Fatalf("median(%v) = %v, want %v", d, got, want50)
		}
		if got := p90(slices.Clone(d)); got != want90 {
			t.Fatalf("p90(%v) = %v, want %v", d, got, want90)
		}
	}
}
