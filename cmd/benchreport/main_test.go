package main

import (
	"strings"
	"testing"
)

func TestReportPrintsMedianPerMetric(t *testing.T) {
	in := `goos: linux
BenchmarkIngest-2   	       1	 900 ns/op	 10.0 records/s	 0.5 ingest_ratio
BenchmarkIngest-2   	       1	 100 ns/op	 30.0 records/s	 0.7 ingest_ratio
BenchmarkIngest-2   	       1	 500 ns/op	 20.0 records/s	 0.6 ingest_ratio
PASS`
	var out strings.Builder
	if err := report(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"BenchmarkIngest", "ns/op", "500", "records/s", "20", "ingest_ratio", "0.6"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestMedianOfEvenCountIsMeanOfMiddlePair(t *testing.T) {
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Fatalf("median = %v, want 2.5", got)
	}
}
