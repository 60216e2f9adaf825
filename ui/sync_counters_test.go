package ui

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestSyncSaysWhatMetricsSays: /sync shows a source's requests and written records
// with the very numbers /metrics has, its stored items as paved_sync_items_stored
// has them, and the quota as the forge's headers said it.
func TestSyncSaysWhatMetricsSays(t *testing.T) {
	requests := prometheus.NewCounterVec(prometheus.CounterOpts{Name: metricRequests, Help: "h"}, []string{"source"})
	records := prometheus.NewCounterVec(prometheus.CounterOpts{Name: metricRecords, Help: "h"}, []string{"source"})
	requests.WithLabelValues("gh").Add(2334)
	records.WithLabelValues("gh").Add(32418)
	app := appFor(t, smallDB(t), Options{
		Metrics: []prometheus.Collector{requests, records},
		Quota:   func() map[string]QuotaInfo { return map[string]QuotaInfo{"gh": {Remaining: 2666, Limit: 5000}} },
	})
	metrics := get(t, app, "/metrics").body
	page := get(t, app, "/sync").body
	for _, want := range []string{`paved_collector_requests_total{source="gh"} 2334`, `paved_collector_records_total{source="gh"} 32418`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	var items string
	for _, line := range strings.Split(metrics, "\n") {
		if v, ok := strings.CutPrefix(line, `paved_sync_items_stored{source="gh"} `); ok {
			items = v
		}
	}
	for _, want := range []string{
		"<dt>Requests since start</dt><dd>2334</dd>",
		"<dt>Records written since start</dt><dd>32418</dd>",
		"<dt>Items stored</dt><dd>" + items + "</dd>",
		"<dt>API quota left</dt><dd>2666 of 5000",
	} {
		if items == "" || !strings.Contains(page, want) {
			t.Errorf("/sync lacks %s", want)
		}
	}
	if strings.Contains(page, "enforces no limit") {
		t.Error("a quota in use is explained as no limit")
	}
}
