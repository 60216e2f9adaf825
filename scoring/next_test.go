package scoring

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
)

func TestNextStepsNameTheReposThatHoldALevelBack(t *testing.T) {
	// Remediation at level 3 wants level 4: overdue_critical_high = 0 is unmet.
	mk := func(name string, overdue int) *RepoFacts {
		r := newRepo(name)
		for i := range 30 { // due in the window and met
			r.Findings = append(r.Findings, finding("high", "fixed", ago(time.Duration(40+i)*days), ago(time.Duration(39+i)*days)))
		}
		for i := range overdue { // created 30+ days ago: due 15+ days ago, in the window, open
			r.Findings = append(r.Findings, finding("critical", "open", ago(time.Duration(30+i)*days), never0))
		}
		return r
	}
	repos := []*RepoFacts{mk("a", 1), mk("b", 3), mk("c", 0), mk("d", 2)}
	sc := Evaluate(repos, asOf, DefaultConfig())
	rem := sc.Dimensions[DimRemediation]
	// sla 120 of 126 met = 0.952; oldest overdue 17 days ≤ 30; overdue 6 → level 3 (4
	// needs overdue = 0; mttr has no samples: skipped). Under v2 an overdue finding is
	// always in the SLA population, and a 185-day-old one would cap the level at 1.
	if rem.Level == nil || *rem.Level != 3 {
		t.Fatalf("remediation level %v, want 3", deref(rem.Level))
	}
	if len(rem.Next) != 1 {
		t.Fatalf("next = %+v, want one step", rem.Next)
	}
	n := rem.Next[0]
	if n.Metric != MetricOverdueCriticalHigh || n.Level != 4 || n.Op != OpEqual || *n.Value != 6 || *n.Gap != 6 {
		t.Errorf("next = %+v", n)
	}
	want := []RepoContribution{
		{Repo: "gh:acme/b", Source: "gh", FullName: "acme/b", Count: 3, Detail: "3 of 3 open critical/high findings are past due"},
		{Repo: "gh:acme/d", Source: "gh", FullName: "acme/d", Count: 2, Detail: "2 of 2 open critical/high findings are past due"},
		{Repo: "gh:acme/a", Source: "gh", FullName: "acme/a", Count: 1, Detail: "1 of 1 open critical/high findings are past due"},
	}
	got, _ := json.Marshal(n.Repos)
	exp, _ := json.Marshal(want)
	if string(got) != string(exp) {
		t.Errorf("repos = %s\nwant %s", got, exp)
	}
}

func TestNextStepsForDurations(t *testing.T) {
	// pickup p50 above 24 h: the repos with the most PRs over 24 h come first.
	mk := func(name string, hours ...int) *RepoFacts {
		r := newRepo(name)
		for i, h := range hours {
			created := ago(time.Duration(10+i) * days)
			r.PRs = append(r.PRs, PR{Number: i + 1, Author: "alice", CreatedAt: created, MergedAt: created.Add(72 * hour),
				Reviews: []Review{approve("bob", created.Add(time.Duration(h)*hour))}})
		}
		return r
	}
	repos := []*RepoFacts{mk("fast", 1, 2, 3, 4, 30), mk("slow", 48, 50, 60, 2, 3)}
	sc := Evaluate(repos, asOf, DefaultConfig())
	rv := sc.Dimensions[DimReview]
	// reviewed 10/10; pickups 1, 2, 2, 3, 3, 4, 30, 48, 50, 60 → p50 (3 + 4) ÷ 2 = 3.5;
	// p90 = 9th = 50 > 24: level 3, and level 4's unmet criterion is p90.
	if rv.Level == nil || *rv.Level != 3 || len(rv.Next) != 1 || rv.Next[0].Metric != MetricPickupHoursP90 {
		t.Fatalf("review = level %v next %+v", deref(rv.Level), rv.Next)
	}
	reps := rv.Next[0].Repos
	if len(reps) != 2 || reps[0].FullName != "acme/slow" || reps[0].Count != 3 ||
		reps[0].Detail != "3 of 5 reviewed PRs waited longer than 24 hours for a first review" || reps[1].Count != 1 {
		t.Errorf("repos = %+v", reps)
	}
	if g := *rv.Next[0].Gap; g != 26 { // 50 − 24
		t.Errorf("gap = %v, want 26", g)
	}
}

func TestCategoriesJSON(t *testing.T) {
	b, err := json.Marshal(CatSecret | CatSAST)
	if err != nil || string(b) != `["sast","secret"]` {
		t.Errorf("marshal = %s %v", b, err)
	}
	var c Categories
	if err := json.Unmarshal([]byte(`["sca","secret"]`), &c); err != nil || c != CatSCA|CatSecret {
		t.Errorf("unmarshal = %v %v", c, err)
	}
	if err := json.Unmarshal([]byte(`["dast"]`), &c); err == nil {
		t.Error("dast is not a scan category: want an error")
	}
	if got := model.CategoriesOf([]string{"sast", "dast", "sca"}); got != CatSAST|CatSCA {
		t.Errorf("CategoriesOf = %v", got)
	}
}
