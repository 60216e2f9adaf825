package digest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
	"github.com/paved-dev/paved/scoring"
)

// The fixture organisation, reported for week 2026-W10 (snapshot Monday 2 March
// 2026, compared with 23 February):
//
//   - Payments (payments-api, payments-web) start running all three scanners on
//     payments-api on 24 February: full scan coverage 50% → 100%, and shift left
//     rises from level 2 to 4.
//   - Platform (infra) lets a high finding created on 25 January pass its due date
//     (24 February): overdue critical+high 1 → 2, SLA attainment 5/6 → 5/7, and
//     remediation falls from level 2 to 1. Its critical finding has been overdue
//     since 4 February.
//   - sandbox belongs to no team and never scans.
var (
	fixtureWeek  = ISOWeek{2026, 10}
	fixtureStart = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	fixtureURL   = "https://paved.example.com/"
)

const fixtureSource = "gh"

type fixtureRepo struct {
	forgeID  int64
	name     string
	team     string
	scans    func(day time.Time) scoring.Categories
	findings []model.Finding
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func fixtureRepos() []fixtureRepo {
	all := model.CategoriesOf([]string{"sast", "sca", "secret"})
	sast := model.CategoriesOf([]string{"sast"})
	finding := func(repo int64, id, sev, rule, text string, created, resolved time.Time) model.Finding {
		outcome := model.OutcomeOpen
		if !resolved.IsZero() {
			outcome = model.OutcomeFixed
		}
		return model.Finding{Source: fixtureSource, RepoForgeID: repo, Kind: "code_scanning", ForgeID: id,
			Category: "sast", Severity: sev, State: outcome, Outcome: outcome, Tool: "CodeQL", Rule: rule, RuleText: text,
			Location: "cmd/main.go:12", CreatedAt: created, UpdatedAt: created, ResolvedAt: resolved,
			DueAt:   created.AddDate(0, 0, model.DefaultSLADays.Days(sev)),
			HTMLURL: "https://github.example/acme/infra/security/code-scanning/" + id}
	}
	infra := []model.Finding{
		finding(3, "1", "critical", "go/sql-injection", "Database query built from user-controlled sources", day(2026, 1, 20), time.Time{}),
		finding(3, "2", "high", "go/path-injection", "Uncontrolled data used in path expression", day(2026, 1, 25), time.Time{}),
	}
	for i := range 5 {
		created := day(2025, 11, 1+i)
		infra = append(infra, finding(3, string(rune('3'+i)), "high", "go/log-injection", "Log entries created from user input",
			created, created.AddDate(0, 0, 10)))
	}
	return []fixtureRepo{
		{1, "acme/payments-api", "payments", func(d time.Time) scoring.Categories {
			if d.Before(day(2026, 2, 24)) {
				return sast
			}
			return all
		}, nil},
		{2, "acme/payments-web", "payments", func(time.Time) scoring.Categories { return all }, nil},
		{3, "acme/infra", "platform", func(time.Time) scoring.Categories { return all }, infra},
		{4, "acme/sandbox", "", func(time.Time) scoring.Categories { return 0 }, nil},
	}
}

// facts turns a fixture repo into what scoring reads: a green run on main every
// day from October, scanning what scans says.
func (r fixtureRepo) facts() *scoring.RepoFacts {
	f := &scoring.RepoFacts{Source: fixtureSource, Kind: model.ForgeGitHub, FullName: r.name, ForgeID: r.forgeID, DefaultBranch: "main"}
	for d := day(2025, 10, 1); d.Before(fixtureStart); d = d.AddDate(0, 0, 1) {
		at := d.Add(9 * time.Hour)
		f.Runs = append(f.Runs, scoring.Run{CreatedAt: at, CompletedAt: at.Add(8 * time.Minute), Status: "completed",
			Conclusion: "success", Attempt: 1, HeadBranch: "main", HeadSHA: "sha-" + at.Format(time.DateOnly), Event: "push",
			Scans: r.scans(d)})
	}
	for _, x := range r.findings {
		f.Findings = append(f.Findings, scoring.Finding{ID: x.Kind + "/" + x.ForgeID, Category: x.Category,
			Severity: x.Severity, Outcome: x.Outcome, CreatedAt: x.CreatedAt, ResolvedAt: x.ResolvedAt})
	}
	return f
}

type fixtureTeam struct{ slug, name string }

var fixtureTeams = []fixtureTeam{{"payments", "Payments"}, {"platform", "Platform"}, {scoring.UnassignedSlug, "Unassigned"}}

// openFixture stores the fixture organisation, its teams and twelve weeks of
// scorecards in a fresh database. rename changes a team's display name.
func openFixture(t testing.TB, rename map[string]string, extra ...model.Finding) *db.DB {
	t.Helper()
	ctx := context.Background()
	d := testkit.OpenDB(t, db.WithNow(func() time.Time { return fixtureStart }))

	repos := fixtureRepos()
	batch := model.Batch{Source: fixtureSource}
	scopes := map[string][]*scoring.RepoFacts{}
	members := map[string][]db.RepoRef{}
	for _, r := range repos {
		batch.Repos = append(batch.Repos, model.Repo{Source: fixtureSource, ForgeID: r.forgeID, FullName: r.name, DefaultBranch: "main"})
		batch.Findings = append(batch.Findings, r.findings...)
		f := r.facts()
		scopes[db.OrgScope] = append(scopes[db.OrgScope], f)
		team := r.team
		if team == "" {
			team = scoring.UnassignedSlug
		}
		scopes[team] = append(scopes[team], f)
		members[team] = append(members[team], db.RepoRef{Source: fixtureSource, ForgeID: r.forgeID})
	}
	batch.Findings = append(batch.Findings, extra...)
	if err := d.Apply(ctx, batch); err != nil {
		t.Fatalf("apply: %v", err)
	}
	names := map[string]string{db.OrgScope: "Organisation"}
	var teams []db.Team
	for _, ft := range fixtureTeams {
		name := ft.name
		if n, ok := rename[ft.slug]; ok {
			name = n
		}
		names[ft.slug] = name
		teams = append(teams, db.Team{Slug: ft.slug, Name: name, Repos: members[ft.slug]})
	}
	if err := d.ReplaceTeams(ctx, teams); err != nil {
		t.Fatalf("teams: %v", err)
	}

	// No exported db method stores given scorecards (db.Rescore computes its own
	// from stored facts), so the fixture's go in through a test-only connection.
	tx, err := testkit.RawWriter(t, d).Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback() }()
	for scope, list := range scoring.EvaluateHistory(scopes, fixtureStart, trendWeeks, scoring.DefaultConfig()) {
		for _, sc := range list {
			sc.Team = scoring.TeamRef{Slug: scope, Name: names[scope]}
			body, err := json.Marshal(sc)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(`INSERT INTO scorecards (scope, as_of, level, score, body) VALUES (?, ?, ?, ?, ?)`,
				scope, sc.AsOf.Unix(), intOrNull(sc.Level), intOrNull(sc.Score), string(body)); err != nil {
				t.Fatalf("save scorecards: %v", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("save scorecards: %v", err)
	}
	return d
}

// intOrNull stores a nil *int as NULL.
func intOrNull(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// buildFixture is the fixture's digest for fixtureWeek.
func buildFixture(t testing.TB, rename map[string]string, extra ...model.Finding) *Digest {
	t.Helper()
	d, err := Build(context.Background(), openFixture(t, rename, extra...), Options{Week: fixtureWeek, DashboardURL: fixtureURL})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return d
}
