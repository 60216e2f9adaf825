package ui

import (
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/scoring"
	"github.com/paved-dev/paved/ui/labels"
)

type teamPage struct {
	layout
	Team         teamRef
	Summary      teamSummary
	Change       change
	Card         *scoring.Scorecard
	Dims         []dimView
	Charts       []chartView
	Strip        levelStrip
	Overdue      []db.OverdueFinding
	OverdueTotal int
	OverdueAt    time.Time
	Repos        []scoring.RepoSummary
	// DetailsLimited: the viewer is not the team's member (nor security or admin),
	// so the findings are counted, not listed.
	DetailsLimited bool
}

type dimView struct {
	Key, Label string
	Level      *int
	Status     string
	Metrics    []metricView
	Criteria   []scoring.Criterion
	Next       []scoring.NextStep
	Chart      chartView
}

type metricView struct {
	Key, Label, Value string
	Samples, Min      int
	Spark             sparkline
}

const maxOverdueListed = 50

// dimCharts are the metrics charted per dimension, of one unit each.
var dimCharts = map[string][]string{
	scoring.DimAutomation:  {scoring.MetricCICoverage, scoring.MetricPRCICoverage, scoring.MetricFirstAttempt},
	scoring.DimShiftLeft:   {scoring.MetricScanCoverage, scoring.MetricFullScanCoverage, scoring.MetricPRScanCoverage},
	scoring.DimRemediation: {scoring.MetricSLACriticalHigh, scoring.MetricSLAMedium},
	scoring.DimReview:      {scoring.MetricPickupHoursP50, scoring.MetricPickupHoursP90},
	scoring.DimDelivery:    {scoring.MetricDeploysPerWeek, scoring.MetricDeployDaysPerWeek},
}

func (s *server) teamPage(c *fiber.Ctx) error {
	st, t, err := s.requireTeam(c)
	if err != nil {
		return err
	}
	limited := !s.detailsFor(c).team(t.Slug)
	key := "team:" + t.Slug
	if limited {
		key += "|limited"
	}
	return s.cachedPage(c, st, key, "team", func() (any, error) {
		page, err := s.buildTeam(st, t)
		if err != nil {
			return nil, err
		}
		if limited {
			page.Overdue, page.DetailsLimited = nil, true
			page.Dims = redactNext(page.Dims)
		}
		page.layout = s.layoutFor(t.Name, "teams")
		return page, nil
	})
}

func (s *server) buildTeam(st *state, t teamRef) (*teamPage, error) {
	sum, err := st.summary(t)
	if err != nil {
		return nil, err
	}
	card, _, err := st.card(t.Slug)
	if err != nil {
		return nil, err
	}
	p := &teamPage{Team: t, Summary: sum, Change: changeOf(sum), Card: card}
	if card == nil {
		return p, nil
	}
	weeks := weekly(sum.Weekly, defaultWeeks)
	who := truncate(40, t.Name)
	p.Charts = []chartView{scoreChart("chart-score", who, weeks)}
	p.Strip = newLevelStrip(weeks)
	for _, d := range scoring.Dimensions {
		p.Dims = append(p.Dims, dimensionView(d, card.Dimensions[d], weeks, who))
	}
	p.Repos = card.Repos
	keys := make([]string, len(card.Repos))
	for i, r := range card.Repos {
		keys[i] = r.Repo
	}
	p.OverdueAt = card.AsOf
	p.Overdue, p.OverdueTotal, err = s.db.OverdueFindings(st.ctx, s.cfg, keys, card.AsOf, maxOverdueListed)
	if err != nil {
		return nil, err
	}
	return p, nil
}

func dimensionView(d string, dim scoring.Dimension, weeks []point, who string) dimView {
	v := dimView{Key: d, Label: labels.Dimension(d), Level: dim.Level, Status: dim.Status, Criteria: dim.Criteria, Next: dim.Next}
	for _, k := range scoring.MetricKeys(d) {
		m := dim.Metrics[k]
		values := make([]*float64, len(weeks))
		hi := 1.0
		for i, p := range weeks {
			values[i] = p.metric(d, k)
			if values[i] != nil && *values[i] > hi {
				hi = *values[i]
			}
		}
		if labels.IsRatio(k) {
			hi = 1
		}
		label := labels.MetricLabel(k) + " over " + strconv.Itoa(len(weeks)) + " weeks"
		if len(weeks) > 0 {
			label += ", from " + labels.FormatValue(k, values[0]) + " to " + labels.FormatValue(k, values[len(values)-1])
		}
		v.Metrics = append(v.Metrics, metricView{
			Key: k, Label: labels.MetricLabel(k), Value: labels.FormatValue(k, m.Value),
			Samples: m.Samples, Min: scoring.MinSamples(k),
			Spark: newSparkline(values, 0, hi, label),
		})
	}
	var metrics []struct{ dim, metric string }
	for _, k := range dimCharts[d] {
		metrics = append(metrics, struct{ dim, metric string }{d, k})
	}
	v.Chart = metricsChart("chart-dim-"+d, v.Label+" trend",
		"Line chart of "+who+"'s "+v.Label+" metrics over the last "+strconv.Itoa(len(weeks))+" weeks", weeks, metrics)
	return v
}
