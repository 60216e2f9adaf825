package ui

import (
	"bytes"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/paved-dev/paved/scoring"
)

// newRegistry is the private registry of collectors handed in by the caller.
// The score and sync series are read per scrape, with the request's context,
// into a registry of their own.
func newRegistry(extra []prometheus.Collector) (*prometheus.Registry, error) {
	reg := prometheus.NewRegistry()
	for _, c := range extra {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return reg, nil
}

var (
	descTeamLevel = prometheus.NewDesc("paved_team_level",
		"A team's newest maturity level (0-4) per dimension; dimension=\"overall\" is the team level. Absent when data is insufficient.",
		[]string{"team", "dimension"}, nil)
	descTeamScore = prometheus.NewDesc("paved_team_score",
		"A team's newest score (0-100).", []string{"team"}, nil)
	descOrgLevel = prometheus.NewDesc("paved_org_level",
		"The organisation's newest maturity level (0-4) per dimension; dimension=\"overall\" is the overall level.",
		[]string{"dimension"}, nil)
	descOrgScore = prometheus.NewDesc("paved_org_score",
		"The organisation's newest score (0-100).", nil, nil)
	descTeamOverdue = prometheus.NewDesc("paved_team_overdue_critical_high",
		"A team's open critical and high findings past their SLA at its newest scorecard's as_of.", []string{"team"}, nil)
	descTeamOldest = prometheus.NewDesc("paved_team_oldest_overdue_days",
		"Days past due of a team's oldest open critical or high finding at its newest scorecard's as_of; 0 when none.", []string{"team"}, nil)
	descTeamAsOf = prometheus.NewDesc("paved_team_scorecard_as_of_timestamp_seconds",
		"Unix time of the as_of of a team's newest scorecard, which every other paved_team_* series reports.", []string{"team"}, nil)
	descOrgOverdue = prometheus.NewDesc("paved_org_overdue_critical_high",
		"The organisation's open critical and high findings past their SLA at its newest scorecard's as_of.", nil, nil)
	descOrgOldest = prometheus.NewDesc("paved_org_oldest_overdue_days",
		"Days past due of the organisation's oldest open critical or high finding; 0 when none.", nil, nil)
	descOrgAsOf = prometheus.NewDesc("paved_org_scorecard_as_of_timestamp_seconds",
		"Unix time of the as_of of the organisation's newest scorecard.", nil, nil)
	descLastSync = prometheus.NewDesc("paved_last_successful_sync_timestamp_seconds",
		"Unix time of a source's newest successful sync of any resource.", []string{"source"}, nil)
	descItems = prometheus.NewDesc("paved_sync_items_stored",
		"Records stored through a source's sync cursors, cumulative.", []string{"source"}, nil)
	descFailing = prometheus.NewDesc("paved_sync_failing_resources",
		"A source's synced resources whose newest outcome is an error.", []string{"source"}, nil)
)

// snapshotCollector exposes values read before the scrape.
type snapshotCollector struct {
	metrics []prometheus.Metric
}

func (c snapshotCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descTeamLevel, descTeamScore, descTeamOverdue, descTeamOldest, descTeamAsOf,
		descOrgLevel, descOrgScore, descOrgOverdue, descOrgOldest, descOrgAsOf, descLastSync, descItems, descFailing} {
		ch <- d
	}
}

func (c snapshotCollector) Collect(ch chan<- prometheus.Metric) {
	for _, m := range c.metrics {
		ch <- m
	}
}

func gauge(desc *prometheus.Desc, v float64, labels ...string) prometheus.Metric {
	return prometheus.MustNewConstMetric(desc, prometheus.GaugeValue, v, labels...)
}

// metricsHandler serves GET /metrics in the Prometheus text format.
func (s *server) metricsHandler(c *fiber.Ctx) error {
	ctx := c.UserContext()
	st, err := s.cache.state(ctx)
	if err != nil {
		return err
	}
	sums, err := st.summaries(s)
	if err != nil {
		return err
	}
	org, err := st.summary(teamRef{Slug: scopeOrg})
	if err != nil {
		return err
	}
	sync, err := s.syncStatus(ctx)
	if err != nil {
		return err
	}
	var snap snapshotCollector
	add := func(desc *prometheus.Desc, v *int, labels ...string) {
		if v != nil {
			snap.metrics = append(snap.metrics, gauge(desc, float64(*v), labels...))
		}
	}
	addFloat := func(desc *prometheus.Desc, v *float64, labels ...string) {
		if v != nil {
			snap.metrics = append(snap.metrics, gauge(desc, *v, labels...))
		}
	}
	for _, t := range sums {
		add(descTeamLevel, t.Level(), t.Slug, "overall")
		for _, d := range scoring.Dimensions {
			add(descTeamLevel, t.Dim(d), t.Slug, d)
		}
		add(descTeamScore, t.Score(), t.Slug)
		if t.Scored {
			o, err := s.overdueOf(st, t)
			if err != nil {
				return err
			}
			addFloat(descTeamOverdue, o.Count, t.Slug)
			addFloat(descTeamOldest, o.OldestDays, t.Slug)
			snap.metrics = append(snap.metrics, gauge(descTeamAsOf, float64(t.AsOf().Unix()), t.Slug))
		}
	}
	if org.Scored {
		add(descOrgLevel, org.Level(), "overall")
		for _, d := range scoring.Dimensions {
			add(descOrgLevel, org.Dim(d), d)
		}
		add(descOrgScore, org.Score())
		o, err := s.overdueOf(st, org)
		if err != nil {
			return err
		}
		addFloat(descOrgOverdue, o.Count)
		addFloat(descOrgOldest, o.OldestDays)
		snap.metrics = append(snap.metrics, gauge(descOrgAsOf, float64(org.AsOf().Unix())))
	}
	for _, src := range sync.Sources {
		if src.LastSuccess != nil {
			snap.metrics = append(snap.metrics, gauge(descLastSync, float64(src.LastSuccess.Unix()), src.Name))
		}
		snap.metrics = append(snap.metrics, gauge(descItems, float64(src.Items), src.Name), gauge(descFailing, float64(src.Failing), src.Name))
	}
	scrape := prometheus.NewRegistry()
	if err := scrape.Register(snap); err != nil {
		return err
	}
	families, err := prometheus.Gatherers{s.metrics, scrape}.Gather()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	format := expfmt.NewFormat(expfmt.TypeTextPlain)
	enc := expfmt.NewEncoder(&buf, format)
	for _, f := range families {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	c.Set(fiber.HeaderContentType, string(format))
	return c.Send(buf.Bytes())
}
