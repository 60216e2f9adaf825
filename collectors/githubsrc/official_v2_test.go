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
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// The v2 facts of the recorded GitHub shapes (fixtures/github/official,
// README: written from @octokit/openapi 23.0.2's schemas and GitHub's GraphQL
// schema where the docs have no example): each becomes records, then, through
// the store, the facts scoring reads.

func officialJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(officialDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func offlineRepoRun() *repoRun {
	return &repoRun{RepoRun: &collectors.RepoRun{}, c: &Collector{cfg: collectors.SourceConfig{Name: "gh"}}, repo: repoRef{ID: 1296269, FullName: "octocat/Hello-World"}}
}

// v2Facts stores the records for octocat/Hello-World and loads its facts.
func v2Facts(t *testing.T, b model.Batch) model.RepoFacts {
	return testkit.RepoFactsOf(t, model.Repo{Source: "gh", ForgeID: 1296269, FullName: "octocat/Hello-World", DefaultBranch: "master"}, b)
}

func TestOfficialShapeReRunKeepsTheLatestAttemptsStart(t *testing.T) {
	var run github.WorkflowRun
	officialJSON(t, "workflow-run-rerun.json", &run)
	got := offlineRepoRun().convertRun(&run)
	// run_attempt 2; run_started_at 19:52:41 is the second attempt's start, 19 min
	// after created_at; updated_at 19:58:12 is the end of the completed run.
	if got.Attempt != 2 || !got.CreatedAt.Equal(at("2020-01-22T19:33:08Z")) || !got.StartedAt.Equal(at("2020-01-22T19:52:41Z")) ||
		!got.CompletedAt.Equal(at("2020-01-22T19:58:12Z")) || got.Conclusion != "success" || got.Name != "Build" {
		t.Fatalf("run = %+v", got)
	}
	f := v2Facts(t, model.Batch{Runs: []model.PipelineRun{got}})
	fact := f.Runs[0]
	if fact.Attempt != 2 || !fact.StartedAt.Equal(at("2020-01-22T19:52:41Z")) || !fact.CompletedAt.Equal(at("2020-01-22T19:58:12Z")) ||
		fact.Duration != 0 || fact.Name != "Build" || fact.CompletedAt.Sub(fact.StartedAt) != 5*time.Minute+31*time.Second {
		t.Fatalf("fact = %+v", fact)
	}
}

func TestOfficialShapeSupersededDeploymentKeepsEveryStatus(t *testing.T) {
	var statuses []*github.DeploymentStatus
	officialJSON(t, "deployment-statuses-superseded.json", &statuses)
	r := offlineRepoRun()
	var recs []model.DeploymentStatus
	for _, s := range statuses {
		recs = append(recs, r.convertStatus(42, s))
	}
	latest := latestStatus(recs)
	if len(recs) != 2 || latest.State != "inactive" || !final(latest.State) {
		t.Fatalf("statuses %+v, latest %+v", recs, latest)
	}
	dep := model.Deployment{Source: "gh", RepoForgeID: 1296269, ForgeID: 42, Environment: "production",
		CreatedAt: at("2012-07-20T01:19:00Z"), Status: latest.State, StatusAt: latest.CreatedAt}
	f := v2Facts(t, model.Batch{Deployments: []model.Deployment{dep}, DeploymentStatuses: recs})
	want := []model.DeploymentStatusFact{
		{State: "success", CreatedAt: at("2012-07-20T01:19:13Z")},
		{State: "inactive", CreatedAt: at("2012-07-21T09:02:44Z")},
	}
	if got := f.Deployments[0].Statuses; !slices.Equal(got, want) {
		t.Fatalf("statuses = %+v, want %+v", got, want)
	}
}

func TestOfficialShapeReadyForReviewEventsBecomeReadyTimes(t *testing.T) {
	var ans gqlResponse[gqlPullReviews]
	officialJSON(t, "graphql-pull-ready.json", &ans)
	var pulls []*github.PullRequest
	officialJSON(t, "pulls.json", &pulls)
	n := ans.Data.Nodes[0]
	ready := readyTimes(n.TimelineItems)
	want := []time.Time{at("2011-01-26T19:05:21Z"), at("2011-01-29T16:40:02Z")}
	if n.Number != pulls[0].GetNumber() || !slices.Equal(ready, want) {
		t.Fatalf("#%d ready %v", n.Number, ready)
	}
	pr := offlineRepoRun().convertPull(pulls[0])
	withReadyTimes(&pr, ready)
	if !pr.ReadyAt.Equal(want[1]) || !slices.Equal(pr.ReadyTimes, want) {
		t.Fatalf("pr = %+v", pr)
	}
	f := v2Facts(t, model.Batch{PullRequests: []model.PullRequest{pr}})
	if got := f.PRs[0]; !slices.Equal(got.ReadyTimes, want) || !got.ReadyAt.Equal(want[1]) || !got.CreatedAt.Equal(at("2011-01-26T19:01:12Z")) {
		t.Fatalf("fact = %+v", got)
	}
	// A timeline with more than a page of events is unknown, not partial.
	n.TimelineItems.PageInfo.HasNextPage = true
	if readyTimes(n.TimelineItems) != nil || readyTimes(nil) != nil {
		t.Error("an incomplete or missing timeline gave ready times")
	}
}
