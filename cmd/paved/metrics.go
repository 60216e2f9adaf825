package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/paved-dev/paved/collectors"
)

// collectorMetrics count what collections cost, per source, for /metrics.
type collectorMetrics struct {
	requests    *prometheus.CounterVec
	notModified *prometheus.CounterVec
	records     *prometheus.CounterVec
	failures    *prometheus.CounterVec
}

func newCollectorMetrics() *collectorMetrics {
	vec := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{"source"})
	}
	return &collectorMetrics{
		requests:    vec("paved_collector_requests_total", "HTTP requests made to the forge."),
		notModified: vec("paved_collector_not_modified_total", "Forge requests answered 304 Not Modified."),
		records:     vec("paved_collector_records_total", "Records stored."),
		failures:    vec("paved_collector_repo_failures_total", "Repos that failed to sync in a pass."),
	}
}

func (m *collectorMetrics) observe(s collectors.Summary) {
	m.requests.WithLabelValues(s.Source).Add(float64(s.Requests))
	m.notModified.WithLabelValues(s.Source).Add(float64(s.NotModified))
	m.records.WithLabelValues(s.Source).Add(float64(s.Records))
	m.failures.WithLabelValues(s.Source).Add(float64(s.ReposFailed))
}

func (m *collectorMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.requests, m.notModified, m.records, m.failures}
}
