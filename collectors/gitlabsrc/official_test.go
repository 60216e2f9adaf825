package gitlabsrc

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// GitLab's documented example responses (fixtures/gitlab/official), each
// turned into records by the collector's own conversions after decoding
// them as client-go decodes an answer. The expected records are written
// from reading the samples.

func official(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "gitlab", "official", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(testkit.StripJSONComments(b), v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v.UTC()
}

// offlineRun is a project run that never needs the network.
func offlineRun(t *testing.T) *projectRun {
	t.Helper()
	c, err := New(collectors.SourceConfig{Name: "gl", Token: "t", Org: "foo", BaseURL: "http://gitlab.example.com/api/v4/", AllowInsecureHTTP: true})
	if err != nil {
		t.Fatal(err)
	}
	return &projectRun{c: c, p: projectRef{ID: 1, FullName: "foo/bar", DefaultBranch: "main"}, RepoRun: &collectors.RepoRun{Records: &atomic.Int64{}}}
}

func TestOfficialPipelineListBecomesQueuedRuns(t *testing.T) {
	r := offlineRun(t)
	var ps []*gitlab.PipelineInfo
	official(t, "pipelines.json", &ps)
	if len(ps) != 2 {
		t.Fatalf("%d pipelines", len(ps))
	}
	got := []model.PipelineRun{r.convertPipeline(ps[0]), r.convertPipeline(ps[1])}
	want := []model.PipelineRun{
		{Source: "gl", RepoForgeID: 1, ForgeID: 47, Name: "Build pipeline", HeadBranch: "new-pipeline",
			HeadSHA: "a91957a858320c0e17f3a0eca7cfacbff50ea29a", Event: "push", Status: "queued", Attempt: 1,
			CreatedAt: at(t, "2016-08-11T11:28:34.085Z"), StartedAt: at(t, "2016-08-11T11:28:34.085Z"),
			UpdatedAt: at(t, "2016-08-11T11:32:35.169Z")},
		{Source: "gl", RepoForgeID: 1, ForgeID: 48, Name: "Build pipeline", HeadBranch: "new-pipeline",
			HeadSHA: "eb94b618fb5865b26e80fdd8ae531b7a63ad851a", Event: "web", Status: "queued", Attempt: 1,
			CreatedAt: at(t, "2016-08-12T10:06:04.561Z"), StartedAt: at(t, "2016-08-12T10:06:04.561Z"),
			UpdatedAt: at(t, "2016-08-12T10:09:56.223Z")},
	}
	for i := range want {
		if !equalRun(got[i], want[i]) {
			t.Errorf("pipeline %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestOfficialSinglePipelineBecomesACompletedRun(t *testing.T) {
	r := offlineRun(t)
	var p gitlab.PipelineInfo
	official(t, "pipeline.json", &p)
	got := r.convertPipeline(&p)
	want := model.PipelineRun{Source: "gl", RepoForgeID: 1, ForgeID: 287, Name: "Build pipeline", HeadBranch: "main",
		HeadSHA: "50f0acb76a40e34a4ff304f7347dcc6587da8a14", Event: "push", Status: "completed", Conclusion: "success",
		Attempt: 1, CreatedAt: at(t, "2022-09-21T01:05:07.200Z"), StartedAt: at(t, "2022-09-21T01:05:07.200Z"),
		UpdatedAt: at(t, "2022-09-21T01:05:50.185Z"), CompletedAt: at(t, "2022-09-21T01:05:50.185Z")}
	if !equalRun(got, want) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
}

func equalRun(a, b model.PipelineRun) bool {
	return a.Source == b.Source && a.RepoForgeID == b.RepoForgeID && a.ForgeID == b.ForgeID && a.Name == b.Name &&
		a.HeadBranch == b.HeadBranch && a.HeadSHA == b.HeadSHA && a.Event == b.Event && a.Status == b.Status &&
		a.Conclusion == b.Conclusion && a.Attempt == b.Attempt && a.CreatedAt.Equal(b.CreatedAt) &&
		a.StartedAt.Equal(b.StartedAt) && a.UpdatedAt.Equal(b.UpdatedAt) && a.CompletedAt.Equal(b.CompletedAt) &&
		slices.Equal(a.PullRequestNumbers, b.PullRequestNumbers)
}

func TestOfficialPipelineJobsBecomeJobsWithTheirReportTypes(t *testing.T) {
	r := offlineRun(t)
	var js []*job
	official(t, "pipeline-jobs.json", &js)
	latest, attempt := latestTries(js)
	if len(latest) != 2 || attempt != 1 {
		t.Fatalf("%d jobs at attempt %d, want 2 distinct jobs tried once", len(latest), attempt)
	}
	rspec, teaspoon := r.convertJob(6, latest[0]), r.convertJob(6, latest[1])
	if rspec.ForgeID != 6 || rspec.Name != "rspec:other" || rspec.Status != "completed" || rspec.Conclusion != "failure" ||
		len(rspec.ReportTypes) != 0 || len(rspec.ScanCategories) != 0 ||
		!rspec.StartedAt.Equal(at(t, "2015-12-24T17:54:24.729Z")) || !rspec.CompletedAt.Equal(at(t, "2015-12-24T17:54:24.921Z")) {
		t.Errorf("rspec:other = %+v", rspec)
	}
	// archive, metadata and trace are not reports; junit is, and is no scan.
	if teaspoon.ForgeID != 7 || teaspoon.Name != "teaspoon" || !slices.Equal(teaspoon.ReportTypes, []string{"junit"}) ||
		len(teaspoon.ScanCategories) != 0 || teaspoon.RunForgeID != 6 || teaspoon.Conclusion != "failure" {
		t.Errorf("teaspoon = %+v", teaspoon)
	}
}

func TestOfficialMergeRequestBecomesAMergedPullRequest(t *testing.T) {
	r := offlineRun(t)
	var mrs []mergeRequest
	official(t, "merge-requests.json", &mrs)
	if len(mrs) != 1 {
		t.Fatalf("%d merge requests", len(mrs))
	}
	got := r.convertMergeRequest(mrs[0])
	want := model.PullRequest{Source: "gl", RepoForgeID: 1, ForgeID: 1, Number: 1, Title: "test1", Author: "admin",
		State: "merged", BaseBranch: "main", HeadSHA: "8888888888888888888888888888888888888888",
		CreatedAt: at(t, "2017-04-29T08:46:00Z"), UpdatedAt: at(t, "2017-04-29T08:46:00Z"),
		MergedAt: at(t, "2018-09-07T11:16:17.520Z"), ClosedAt: at(t, "2018-09-07T11:16:17.520Z")}
	if got.Source != want.Source || got.ForgeID != want.ForgeID || got.Number != want.Number || got.Title != want.Title ||
		got.Author != want.Author || got.AuthorIsBot || got.State != want.State || got.Draft ||
		got.BaseBranch != want.BaseBranch || got.HeadSHA != want.HeadSHA || !got.CreatedAt.Equal(want.CreatedAt) ||
		!got.UpdatedAt.Equal(want.UpdatedAt) || !got.MergedAt.Equal(want.MergedAt) || !got.ClosedAt.Equal(want.ClosedAt) ||
		!got.ReadyAt.IsZero() {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
}

func TestOfficialNotesBecomeCommentsAndSystemNotesAreIgnored(t *testing.T) {
	r := offlineRun(t)
	var n note
	official(t, "merge-request-note.json", &n)
	rv, ok := r.convertNote(2, n)
	if !ok || rv.Kind != model.ReviewKindComment || rv.State != "commented" || rv.ForgeID != 301 || rv.PRNumber != 2 ||
		rv.Author != "pipin" || rv.AuthorIsBot || !rv.SubmittedAt.Equal(at(t, "2013-10-02T08:57:14Z")) {
		t.Fatalf("note 301 became %+v (%v)", rv, ok)
	}
	// The page's list example holds system notes only ("closed", and a
	// comment-like body flagged system): neither is a review nor an approval.
	var ns []note
	official(t, "issue-notes.json", &ns)
	for _, n := range ns {
		if rv, ok := r.convertNote(377, n); ok {
			t.Errorf("system note %d became %+v", n.ID, rv)
		}
	}
	approval := note{ID: 9, System: true, Body: "approved this merge request", Author: user{Username: "pipin"}, CreatedAt: n.CreatedAt}
	if rv, ok := r.convertNote(2, approval); !ok || rv.Kind != model.ReviewKindApproval || rv.State != "approved" ||
		!rv.SubmittedAt.Equal(at(t, "2013-10-02T08:57:14Z")) {
		t.Fatalf("an approval note became %+v (%v)", rv, ok)
	}
}

func TestOfficialApprovalsCarryNoApprovalTime(t *testing.T) {
	// Why approvals are read from notes: the approval state names approvers
	// but not when they approved.
	var ap map[string]any
	official(t, "merge-request-approvals.json", &ap)
	by, _ := ap["approved_by"].([]any)
	if len(by) != 1 {
		t.Fatalf("approved_by = %v", ap["approved_by"])
	}
	for k := range by[0].(map[string]any) {
		if k != "user" {
			t.Fatalf("approved_by entries carry %q: the collector could use it", k)
		}
	}
}

func TestOfficialDeploymentsBecomeDeploymentsWithTheirState(t *testing.T) {
	r := offlineRun(t)
	var envs []*gitlab.Environment
	official(t, "environments.json", &envs)
	r.tiers = map[string]string{}
	for _, e := range envs {
		r.tiers[e.Name] = e.Tier
	}
	if r.tiers["review/fix-foo"] != "development" {
		t.Fatalf("tiers = %v", r.tiers)
	}
	var ds []*gitlab.Deployment
	official(t, "deployments.json", &ds)
	if len(ds) != 2 {
		t.Fatalf("%d deployments", len(ds))
	}
	got, err := r.convertDeployment(context.Background(), ds[0])
	if err != nil {
		t.Fatal(err)
	}
	// The example's environment "production" is not among the environments
	// example's, so its tier is unknown; "created" is queued.
	want := model.Deployment{Source: "gl", RepoForgeID: 1, ForgeID: 41, Environment: "production", Ref: "main",
		SHA: "99d03678b90d914dbb1b109132516d71a4a03ea8", CreatedAt: at(t, "2016-08-11T07:36:40.222Z"),
		Status: "queued", StatusAt: at(t, "2016-08-11T07:38:12.414Z")}
	if got.ForgeID != want.ForgeID || got.Environment != want.Environment || got.EnvironmentTier != "" ||
		got.Ref != want.Ref || got.SHA != want.SHA || !got.CreatedAt.Equal(want.CreatedAt) || got.Status != want.Status ||
		!got.StatusAt.Equal(want.StatusAt) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
	second, _ := r.convertDeployment(context.Background(), ds[1])
	if second.ForgeID != 42 || second.Status != "queued" || !second.StatusAt.Equal(at(t, "2016-08-11T11:34:01.123Z")) {
		t.Fatalf("deployment 42 = %+v", second)
	}
}

func TestOfficialGroupProjectsAndSubgroupsBecomeReposAndTeams(t *testing.T) {
	r := offlineRun(t)
	var ps []*gitlab.Project
	official(t, "group-projects.json", &ps)
	repo, ref := r.c.convertProject(ps[0])
	want := model.Repo{Source: "gl", ForgeID: 9, FullName: "h5bp/html5-boilerplate", DefaultBranch: "main",
		HTMLURL: "http://gitlab.example.com/h5bp/html5-boilerplate", CreatedAt: at(t, "2016-04-05T21:40:50.169Z"),
		UpdatedAt: at(t, "2016-04-06T16:52:08.432Z")}
	if repo.Source != want.Source || repo.ForgeID != want.ForgeID || repo.FullName != want.FullName ||
		repo.DefaultBranch != want.DefaultBranch || repo.Archived || repo.Fork || repo.HTMLURL != want.HTMLURL ||
		!repo.CreatedAt.Equal(want.CreatedAt) || !repo.UpdatedAt.Equal(want.UpdatedAt) {
		t.Fatalf("\n got %+v\nwant %+v", repo, want)
	}
	var gs []*gitlab.Group
	official(t, "descendant-groups.json", &gs)
	store := &captureStore{}
	apply := func(b model.Batch, _ string) error { return store.Apply(context.Background(), b) }
	if err := r.c.storeTeams(context.Background(), store, apply, time.Unix(0, 0), gs, []projectRef{ref,
		{ID: 77, FullName: "foo/bar/baz/api"}}); err != nil {
		t.Fatal(err)
	}
	teams := store.b.Teams
	if len(teams) != 2 || teams[0].ForgeID != 2 || teams[0].Slug != "foo/bar" || teams[0].Name != "Bar Group" ||
		teams[1].ForgeID != 3 || teams[1].Slug != "foo/bar/baz" || teams[1].Name != "Baz Group" {
		t.Fatalf("teams = %+v", teams)
	}
	// The example project lives in h5bp, under neither group; a project in
	// foo/bar/baz belongs to both foo/bar/baz and foo/bar.
	if !slices.Equal(teams[0].RepoForgeIDs, []int64{77}) || !slices.Equal(teams[1].RepoForgeIDs, []int64{77}) {
		t.Fatalf("team repos = %v, %v", teams[0].RepoForgeIDs, teams[1].RepoForgeIDs)
	}
}

// captureStore keeps what is applied; cursors start empty.
type captureStore struct{ b model.Batch }

func (s *captureStore) Apply(_ context.Context, b model.Batch) error {
	s.b.Teams = append(s.b.Teams, b.Teams...)
	s.b.Cursors = append(s.b.Cursors, b.Cursors...)
	return nil
}

func (s *captureStore) RunSamples(context.Context, string, int64) ([]model.RunSample, error) {
	return nil, nil
}

func (s *captureStore) Cursor(_ context.Context, source, repo, resource string) (model.Cursor, error) {
	return model.Cursor{Source: source, Repo: repo, Resource: resource}, nil
}

func (s *captureStore) RecordError(context.Context, string, string, string, string, time.Time) error {
	return nil
}
