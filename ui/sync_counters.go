package ui

import "github.com/prometheus/client_golang/prometheus"

// collectorCounts are a source's collection counters as /metrics shows them: what
// this process's collections cost and wrote since it started.
type collectorCounts struct {
	Requests float64 // paved_collector_requests_total
	Records  float64 // paved_collector_records_total: written, rewrites included
}

// Counter names the collectors register (cmd/paved/metrics.go).
const (
	metricRequests = "paved_collector_requests_total"
	metricRecords  = "paved_collector_records_total"
)

// countersBySource reads the collection counters per source from the registry
// /metrics serves, so /sync says the same numbers.
func countersBySource(g prometheus.Gatherer) (map[string]collectorCounts, error) {
	families, err := g.Gather()
	if err != nil {
		return nil, err
	}
	out := map[string]collectorCounts{}
	for _, f := range families {
		name := f.GetName()
		if name != metricRequests && name != metricRecords {
			continue
		}
		for _, m := range f.GetMetric() {
			var source string
			for _, l := range m.GetLabel() {
				if l.GetName() == "source" {
					source = l.GetValue()
				}
			}
			c := out[source]
			if name == metricRequests {
				c.Requests = m.GetCounter().GetValue()
			} else {
				c.Records = m.GetCounter().GetValue()
			}
			out[source] = c
		}
	}
	return out, nil
}
