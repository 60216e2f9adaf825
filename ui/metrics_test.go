package ui

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/paved-dev/paved/scoring"
)

func TestMetrics(t *testing.T) {
	d := smallDB(t)
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "paved_collector_requests_total", Help: "Forge API requests."}, []string{"source"})
	requests.WithLabelValues("gh").Add(17)
	app := appFor(t, d, Options{Metrics: []prometheus.Collector{requests}})

	r := get(t, app, "/metrics")
	if r.status != 200 || !strings.HasPrefix(r.header("Content-Type"), "text/plain") {
		t.Fatalf("status %d type %q", r.status, r.header("Content-Type"))
	}
	stored, err := d.LatestScorecard(context.Background(), "payments")
	if err != nil {
		t.Fatal(err)
	}
	var sc scoring.Scorecard
	if err := json.Unmarshal(stored.Body, &sc); err != nil {
		t.Fatal(err)
	}
	want := []string{
		fmt.Sprintf(`paved_team_score{team="payments"} %d`, *sc.Score),
		fmt.Sprintf(`paved_team_level{dimension="overall",team="payments"} %d`, *sc.Level),
		fmt.Sprintf(`paved_team_level{dimension="automation",team="payments"} %d`, *sc.Dimensions["automation"].Level),
		`paved_team_level{dimension="review",team="obrien-core"}`,
		`paved_org_score `,
		fmt.Sprintf(`paved_last_successful_sync_timestamp_seconds{source="gh"} %g`, float64(seedNow.Add(-2*time.Hour).Unix())),
		`paved_sync_failing_resources{source="gh"} 1`,
		`paved_collector_requests_total{source="gh"} 17`,
		"# TYPE paved_team_level gauge",
	}
	for _, w := range want {
		if !strings.Contains(r.body, w) {
			t.Errorf("metrics lack %q", w)
		}
	}
	if strings.Contains(r.body, fakeToken) {
		t.Error("metrics show a token")
	}
}
