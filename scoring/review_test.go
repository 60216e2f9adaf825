package scoring

import (
	"testing"
	"time"
)

func approve(who string, at time.Time) Review {
	return Review{Author: who, Kind: "review", State: "APPROVED", SubmittedAt: at}
}

func comment(who string, at time.Time) Review {
	return Review{Author: who, Kind: "comment", State: "COMMENTED", SubmittedAt: at}
}

func TestReviewedShare(t *testing.T) {
	r := newRepo("api")
	pr := func(n int, author string, reviews ...Review) PR {
		p := humanPR(n, ago(time.Duration(n)*days))
		p.Author, p.Reviews = author, reviews
		return p
	}
	before := func(n int) time.Time { return ago(time.Duration(n)*days + hour) }
	r.PRs = []PR{
		pr(1, "alice", approve("bob", before(1))),
		pr(2, "alice", approve("bob", before(2))),
		pr(3, "alice", approve("bob", before(3))),
		pr(4, "alice", approve("bob", before(4))),
		pr(5, "alice", approve("bob", before(5))),
		pr(6, "alice", comment("carol", before(6)), approve("bob", before(6))),
		pr(7, "alice", approve("ALICE", before(7))),                                         // the author, in another case
		pr(8, "alice", approve("ci[bot]", before(8))),                                       // a bot by its login
		pr(9, "alice", approve("bob", ago(9*days-hour))),                                    // after the merge
		pr(10, "alice", Review{Author: "grace", Kind: "approval", SubmittedAt: before(10)}), // GitLab approval note
		pr(11, "dependabot", approve("bob", before(11))),                                    // bot by the forge's flag (below)
		pr(12, "renovate[bot]", approve("bob", before(12))),                                 // bot by login suffix
		pr(13, "deploy-robot", approve("bob", before(13))),                                  // bot by config
		pr(14, "alice", Review{Author: "helper", AuthorIsBot: true, Kind: "review", State: "APPROVED", SubmittedAt: before(14)}),
	}
	r.PRs[10].AuthorIsBot = true
	cfg := DefaultConfig()
	cfg.Bots = []string{"Deploy-Robot"}
	// human PRs: 1–10 and 14 = 11; approved by another human before merge: 1–6 and 10 = 7.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, cfg, MetricReviewedShare), f64(7.0/11), 11)
}

func TestPickupHours(t *testing.T) {
	// prWithPickup is a PR created 10 days ago whose first review came h hours later.
	prWithPickup := func(n int, h float64) PR {
		created := ago(10 * days)
		return PR{Number: n, Author: "alice", CreatedAt: created, MergedAt: ago(5 * days), BaseBranch: "main",
			Reviews: []Review{comment("bob", created.Add(time.Duration(h*float64(hour))))}}
	}
	series := func(n int) []PR {
		out := make([]PR, n)
		for i := range out {
			out[i] = prWithPickup(i+1, float64(i+1))
		}
		return out
	}
	created := ago(10 * days)
	tests := []struct {
		name     string
		prs      []PR
		p50, p90 *float64
		samples  int
	}{
		{"counts from created_at when the draft history is unknown",
			[]PR{prWithPickup(1, 3)}, f64(3), f64(3), 1},
		{"counts from ready_at when it is known", []PR{{
			Number: 1, Author: "alice", CreatedAt: created, ReadyAt: created.Add(24 * hour), MergedAt: ago(5 * days),
			Reviews: []Review{comment("bob", created.Add(26*hour))},
		}}, f64(2), f64(2), 1},
		{"ignores bots and the author", []PR{{
			Number: 1, Author: "alice", CreatedAt: created, MergedAt: ago(5 * days),
			Reviews: []Review{
				{Author: "lint", AuthorIsBot: true, Kind: "comment", SubmittedAt: created.Add(hour)},
				comment("x[bot]", created.Add(hour)),
				comment("alice", created.Add(2*hour)),
				approve("bob", created.Add(5*hour)),
			},
		}}, f64(5), f64(5), 1},
		{"a review before ready_at counts as zero", []PR{{
			Number: 1, Author: "alice", CreatedAt: created, ReadyAt: created.Add(10 * hour), MergedAt: ago(5 * days),
			Reviews: []Review{comment("bob", created.Add(5*hour))},
		}}, f64(0), f64(0), 1},
		{"a review after as_of is not seen", []PR{{
			Number: 1, Author: "alice", CreatedAt: ago(3 * hour), MergedAt: ago(2 * hour),
			Reviews: []Review{comment("bob", asOf.Add(hour))},
		}}, nil, nil, 0},
		{"a bot's PR is not counted", []PR{{
			Number: 1, Author: "dependabot[bot]", CreatedAt: created, MergedAt: ago(5 * days),
			Reviews: []Review{comment("bob", created.Add(hour))},
		}}, nil, nil, 0},
		// 1..11: the 6th is 6; ⌈0.9 × 11⌉ = ⌈9.9⌉ = 10th is 10.
		{"odd n", series(11), f64(6), f64(10), 11},
		// 1..10: (5 + 6) ÷ 2 = 5.5; ⌈0.9 × 10⌉ = 9th is 9.
		{"even n", series(10), f64(5.5), f64(9), 10},
		// 1..20: (10 + 11) ÷ 2 = 10.5; ⌈0.9 × 20⌉ = 18th is 18.
		{"twenty PRs", series(20), f64(10.5), f64(18), 20},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.PRs = tc.prs
			sc := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig())
			m := sc.Dimensions[DimReview].Metrics
			checkMetric(t, m[MetricPickupHoursP50], tc.p50, tc.samples)
			checkMetric(t, m[MetricPickupHoursP90], tc.p90, tc.samples)
		})
	}
}

func TestMergeHours(t *testing.T) {
	r := newRepo("api")
	pr := func(n int, author string, hours time.Duration) PR {
		merged := ago(time.Duration(n) * days)
		return PR{Number: n, Author: author, CreatedAt: merged.Add(-hours * hour), MergedAt: merged}
	}
	r.PRs = []PR{pr(1, "alice", 10), pr(2, "bob", 30), pr(3, "carol", 20), pr(4, "dependabot[bot]", 1000)}
	// human PRs: 10, 20, 30 hours → 20.
	checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricMergeHoursP50), f64(20), 3)
}
