package githubsrc

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// The official response examples of GitHub's OpenAPI description
// (fixtures/github/official, see its README) served at their real paths. The
// expected values below were read off the samples by hand.

const officialDir = "../../fixtures/github/official"

func officialServer(t *testing.T) *fakeGitHub {
	t.Helper()
	f := newFakeGitHub(t)
	repo := repoPath(1296269) // octocat/Hello-World
	routes := map[string]string{
		"/orgs/octocat/repos":                      "org-repos.json",
		"/orgs/octocat/teams":                      "org-teams.json",
		"/orgs/octocat/teams/justice-league/repos": "team-repos.json",
		repo + "/actions/runs":                     "workflow-runs.json",
		repo + "/actions/runs/30433642/jobs":       "workflow-jobs.json",
		repo + "/code-scanning/alerts":             "code-scanning-alerts.json",
		repo + "/code-scanning/analyses":           "code-scanning-analyses.json",
		repo + "/dependabot/alerts":                "dependabot-alerts.json",
		repo + "/secret-scanning/alerts":           "secret-scanning-alerts.json",
		repo + "/pulls":                            "pulls.json",
		repo + "/pulls/1347/reviews":               "pull-reviews.json",
		repo + "/deployments":                      "deployments.json",
		repo + "/deployments/1/statuses":           "deployment-statuses.json",
	}
	for path, file := range routes {
		b, err := os.ReadFile(filepath.Join(officialDir, file))
		if err != nil {
			t.Fatal(err)
		}
		f.setRaw(path, string(b))
	}
	return f
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// collectOfficial runs one pass with the data clock at now: each sample is
// dated differently, and the lookback keeps only what is near now.
func collectOfficial(t *testing.T, now string) model.Batch {
	t.Helper()
	f := officialServer(t)
	store := newMemStore()
	sum, err := collect(t, newDotComCollector(t, f, "octocat"), store, collectors.RunOptions{Now: func() time.Time { return at(now) }})
	if err != nil || !sum.OK() {
		t.Fatalf("err = %v, summary = %+v", err, sum)
	}
	return store.all()
}

func TestOfficialSamplesOfReposAndTeams(t *testing.T) {
	got := collectOfficial(t, "2020-03-01T00:00:00Z")
	want := model.Repo{Source: "gh", ForgeID: 1296269, FullName: "octocat/Hello-World", DefaultBranch: "master",
		HTMLURL: "https://github.com/octocat/Hello-World", CreatedAt: at("2011-01-26T19:01:12Z"), UpdatedAt: at("2011-01-26T19:14:43Z")}
	if len(got.Repos) != 1 || !equalRepo(got.Repos[0], want) {
		t.Fatalf("repos = %+v", got.Repos)
	}
	wantTeam := model.ForgeTeam{Source: "gh", ForgeID: 1, Slug: "justice-league", Name: "Justice League", RepoForgeIDs: []int64{1296269}}
	if len(got.Teams) != 1 || got.Teams[0].Slug != wantTeam.Slug || got.Teams[0].Name != wantTeam.Name ||
		got.Teams[0].ForgeID != 1 || !slices.Equal(got.Teams[0].RepoForgeIDs, wantTeam.RepoForgeIDs) {
		t.Fatalf("teams = %+v", got.Teams)
	}
}

func equalRepo(a, b model.Repo) bool {
	return a.Source == b.Source && a.ForgeID == b.ForgeID && a.FullName == b.FullName && a.DefaultBranch == b.DefaultBranch &&
		a.Archived == b.Archived && a.Fork == b.Fork && a.HTMLURL == b.HTMLURL && a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt)
}

func TestOfficialSecurityAndAnalysisOfTheRepoList(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(officialDir, "org-repos.json"))
	if err != nil {
		t.Fatal(err)
	}
	var repos []*github.Repository
	if err := json.Unmarshal(b, &repos); err != nil {
		t.Fatal(err)
	}
	_, ref := convertRepo("gh", repos[0])
	// The sample reports secret_scanning enabled and no Dependabot security updates.
	if ref.SecretScanning != "enabled" || ref.DependabotUpdates != "" || ref.ID != 1296269 || ref.FullName != "octocat/Hello-World" {
		t.Fatalf("ref = %+v", ref)
	}
	// When the alerts list has nothing new to say, that report is what is observed.
	r := &repoRun{c: &Collector{cfg: collectors.SourceConfig{Name: "gh"}}, repo: ref, RepoRun: &collectors.RepoRun{Now: at("2020-03-01T00:00:00Z")}}
	var st state
	var batch model.Batch
	r.observe(model.FeatureSecretScanning, ref.SecretScanning)(&st, &batch, outNotModified)
	if len(batch.Observations) != 1 || !batch.Observations[0].Enabled || batch.Observations[0].RepoForgeID != 1296269 {
		t.Fatalf("observations = %+v", batch.Observations)
	}

	// The full repository sample (GET /repos/{owner}/{repo}) has the same shape.
	b, err = os.ReadFile(filepath.Join(officialDir, "repo.json"))
	if err != nil {
		t.Fatal(err)
	}
	var full github.Repository
	if err := json.Unmarshal(b, &full); err != nil {
		t.Fatal(err)
	}
	repo, ref := convertRepo("gh", &full)
	if repo.ForgeID != 1296269 || repo.FullName != "octocat/Hello-World" || repo.DefaultBranch != "master" || ref.SecretScanning != "" {
		t.Fatalf("repo = %+v, ref = %+v", repo, ref)
	}
}

func TestOfficialSamplesOfRunsAndJobs(t *testing.T) {
	got := collectOfficial(t, "2020-03-01T00:00:00Z")
	if len(got.Runs) != 1 {
		t.Fatalf("runs = %+v", got.Runs)
	}
	r := got.Runs[0]
	if r.ForgeID != 30433642 || r.RepoForgeID != 1296269 || r.Name != "Build" || r.HeadBranch != "master" ||
		r.HeadSHA != "acb5820ced9479c074f688cc328bf03f341a511d" || r.Event != "push" || r.Status != "queued" ||
		r.Conclusion != "" || r.Attempt != 1 || !r.CreatedAt.Equal(at("2020-01-22T19:33:08Z")) ||
		!r.StartedAt.Equal(at("2020-01-22T19:33:08Z")) || !r.CompletedAt.IsZero() || len(r.PullRequestNumbers) != 0 {
		t.Errorf("run = %+v", r)
	}
	// The only run of its workflow is the sample; "Build" names no scanner.
	if !r.JobsFetched || len(r.ScanCategories) != 0 {
		t.Errorf("run jobs fetched %v, categories %q", r.JobsFetched, r.ScanCategories)
	}
	if len(got.Jobs) != 1 {
		t.Fatalf("jobs = %+v", got.Jobs)
	}
	j := got.Jobs[0]
	wantSteps := []string{"Set up job", "Run actions/checkout@v2", "Set up Ruby", "Run actions/cache@v3", "Install Bundler",
		"Install Gems", "Run Tests", "Deploy to Heroku", "Post actions/cache@v3", "Complete job"}
	// The sample job says run_id 29679449; it was listed under run 30433642,
	// which is the run it is stored under.
	if j.ForgeID != 399444496 || j.RunForgeID != 30433642 || j.Name != "build" || j.Status != "completed" ||
		j.Conclusion != "success" || !j.StartedAt.Equal(at("2020-01-20T17:42:40Z")) ||
		!j.CompletedAt.Equal(at("2020-01-20T17:44:39Z")) || !slices.Equal(j.Steps, wantSteps) || len(j.ScanCategories) != 0 {
		t.Errorf("job = %+v", j)
	}
}

func TestOfficialSamplesOfCodeScanning(t *testing.T) {
	got := collectOfficial(t, "2020-09-30T00:00:00Z")
	byNumber := map[string]model.Finding{}
	for _, f := range got.Findings {
		if f.Kind == "code_scanning" {
			byNumber[f.ForgeID] = f
		}
	}
	open, dismissed := byNumber["4"], byNumber["3"]
	if open.Category != "sast" || open.Severity != "high" || open.State != "open" || open.Outcome != "open" ||
		open.Tool != "CodeQL" || open.Rule != "js/zipslip" || open.RuleText != "Arbitrary file write during zip extraction" ||
		open.Location != "spec-main/api-session-spec.ts:917" || !open.CreatedAt.Equal(at("2020-02-13T12:29:18Z")) ||
		!open.ResolvedAt.IsZero() || !open.DueAt.Equal(at("2020-03-14T12:29:18Z")) ||
		open.HTMLURL != "https://github.com/octocat/hello-world/code-scanning/4" {
		t.Errorf("alert 4 = %+v", open)
	}
	if dismissed.State != "dismissed" || dismissed.Reason != "false positive" || dismissed.Outcome != "excluded" ||
		dismissed.Location != "lib/ab12-gen.js:917" || !dismissed.ResolvedAt.Equal(at("2020-02-14T12:29:18Z")) ||
		!dismissed.UpdatedAt.Equal(at("2020-02-14T12:29:18Z")) {
		t.Errorf("alert 3 = %+v", dismissed)
	}
	if len(got.Analyses) != 2 {
		t.Fatalf("analyses = %+v", got.Analyses)
	}
	want := map[int64]model.Analysis{
		201: {Tool: "CodeQL", Ref: "refs/heads/main", CreatedAt: at("2020-08-27T15:05:21Z")},
		200: {Tool: "Python Security Analysis", Ref: "refs/heads/my-branch", CreatedAt: at("2020-08-31T22:46:44Z")},
	}
	for _, a := range got.Analyses {
		w := want[a.ForgeID]
		if a.Tool != w.Tool || a.Ref != w.Ref || !a.CreatedAt.Equal(w.CreatedAt) || a.Category != "sast" || a.RepoForgeID != 1296269 {
			t.Errorf("analysis %d = %+v", a.ForgeID, a)
		}
	}
}

func TestOfficialSamplesOfDependabotAndSecretScanning(t *testing.T) {
	got := collectOfficial(t, "2022-09-01T00:00:00Z")
	find := func(kind, number string) model.Finding {
		for _, f := range got.Findings {
			if f.Kind == kind && f.ForgeID == number {
				return f
			}
		}
		t.Fatalf("no %s finding %s", kind, number)
		return model.Finding{}
	}
	d2 := find("dependabot", "2")
	if d2.Category != "sca" || d2.Severity != "high" || d2.State != "dismissed" || d2.Reason != "tolerable_risk" ||
		d2.Outcome != "risk_accepted" || d2.Rule != "GHSA-rf4j-j272-fj86" || d2.Location != "pip:django (path/to/requirements.txt)" ||
		!d2.CreatedAt.Equal(at("2022-06-15T07:43:03Z")) || !d2.ResolvedAt.Equal(at("2022-08-23T14:29:47Z")) ||
		!d2.DueAt.Equal(at("2022-07-15T07:43:03Z")) || d2.Tool != "Dependabot" {
		t.Errorf("dependabot 2 = %+v", d2)
	}
	d1 := find("dependabot", "1")
	if d1.Severity != "medium" || d1.Outcome != "open" || d1.Rule != "GHSA-8f4m-hccc-8qph" ||
		d1.RuleText != "Insertion of Sensitive Information into Log File in ansible" || !d1.ResolvedAt.IsZero() ||
		!d1.DueAt.Equal(at("2022-09-12T15:21:52Z")) {
		t.Errorf("dependabot 1 = %+v", d1)
	}
	s2 := find("secret_scanning", "2")
	if s2.Category != "secret" || s2.Severity != "critical" || s2.State != "resolved" || s2.Reason != "false_positive" ||
		s2.Outcome != "excluded" || s2.Tool != "adafruit_io_key" || s2.Rule != "adafruit_io_key" || s2.RuleText != "Adafruit IO Key" ||
		s2.Location != "/example/secrets.txt:1" || !s2.CreatedAt.Equal(at("2020-11-06T18:48:51Z")) ||
		!s2.ResolvedAt.Equal(at("2020-11-07T02:47:13Z")) || !s2.DueAt.Equal(at("2020-11-21T18:48:51Z")) ||
		s2.HTMLURL != "https://github.com/owner/private-repo/security/secret-scanning/2" {
		t.Errorf("secret 2 = %+v", s2)
	}
}

func TestOfficialSamplesOfPullsAndReviews(t *testing.T) {
	got := collectOfficial(t, "2011-06-01T00:00:00Z")
	if len(got.PullRequests) != 1 {
		t.Fatalf("pulls = %+v", got.PullRequests)
	}
	p := got.PullRequests[0]
	// The sample's state is "open" but it carries merged_at: merged wins.
	if p.ForgeID != 1 || p.Number != 1347 || p.Title != "Amazing new feature" || p.Author != "octocat" || p.AuthorIsBot ||
		p.State != "merged" || p.Draft || p.BaseBranch != "master" || p.HeadSHA != "6dcb09b5b57875f334f61aebed695e2e4193db5e" ||
		!p.CreatedAt.Equal(at("2011-01-26T19:01:12Z")) || !p.MergedAt.Equal(at("2011-01-26T19:01:12Z")) ||
		!p.ClosedAt.Equal(at("2011-01-26T19:01:12Z")) {
		t.Errorf("pull = %+v", p)
	}
	if len(got.Reviews) != 1 {
		t.Fatalf("reviews = %+v", got.Reviews)
	}
	r := got.Reviews[0]
	if r.ForgeID != 80 || r.PRNumber != 1347 || r.Kind != "review" || r.Author != "octocat" || r.AuthorIsBot ||
		r.State != "APPROVED" || !r.SubmittedAt.Equal(at("2019-11-17T17:43:43Z")) {
		t.Errorf("review = %+v", r)
	}
}

func TestOfficialSamplesOfDeployments(t *testing.T) {
	got := collectOfficial(t, "2012-08-01T00:00:00Z")
	if len(got.Deployments) != 1 || len(got.DeploymentStatuses) != 1 {
		t.Fatalf("deployments = %+v, statuses = %+v", got.Deployments, got.DeploymentStatuses)
	}
	d := got.Deployments[0]
	if d.ForgeID != 1 || d.Environment != "production" || d.Ref != "topic-branch" ||
		d.SHA != "a84d88e7554fc1fa21bcbc4efae3c782a70d2b9d" || !d.CreatedAt.Equal(at("2012-07-20T01:19:13Z")) ||
		d.Status != "success" || !d.StatusAt.Equal(at("2012-07-20T01:19:13Z")) {
		t.Errorf("deployment = %+v", d)
	}
	s := got.DeploymentStatuses[0]
	if s.ForgeID != 1 || s.DeploymentForgeID != 1 || s.State != "success" || !s.CreatedAt.Equal(at("2012-07-20T01:19:13Z")) {
		t.Errorf("status = %+v", s)
	}
}

func TestBotsAreRecognised(t *testing.T) {
	tests := []struct {
		name  string
		login string
		typ   string
		want  bool
	}{
		{"a user is human", "octocat", "User", false},
		{"type Bot is a bot", "renovate", "Bot", true},
		{"a [bot] login is a bot whatever its type", "dependabot[bot]", "User", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := &github.User{Login: &tt.login, Type: &tt.typ}
			if got := isBot(u); got != tt.want {
				t.Fatalf("isBot = %v", got)
			}
		})
	}
}
