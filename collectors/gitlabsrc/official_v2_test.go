package gitlabsrc

import (
	"reflect"
	"slices"
	"testing"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

// The v2 facts of GitLab's recorded shapes (fixtures/gitlab/official, README):
// each becomes records, then, through the store, the facts scoring reads.

// v2Facts stores the records for project 1 and loads its facts.
func v2Facts(t *testing.T, b model.Batch) model.RepoFacts {
	return testkit.RepoFactsOf(t, model.Repo{Source: "gl", ForgeID: 1, FullName: "foo/bar", DefaultBranch: "main"}, b)
}

func TestOfficialSinglePipelineGivesItsDurationAndStart(t *testing.T) {
	r := offlineRun(t)
	var p gitlab.PipelineInfo
	official(t, "pipeline.json", &p)
	var sp singlePipeline
	official(t, "pipeline.json", &sp)
	run := r.convertPipeline(&p)
	withTimes(&run, sp.times())
	// "duration": 34, "queued_duration": 6, started_at 01:05:14.197, finished_at 01:05:50.175:
	// the 7 s between created_at and started_at are queue, not duration.
	if run.Duration != 34*time.Second || !run.StartedAt.Equal(at(t, "2022-09-21T01:05:14.197Z")) ||
		!run.CompletedAt.Equal(at(t, "2022-09-21T01:05:50.175Z")) || !run.CreatedAt.Equal(at(t, "2022-09-21T01:05:07.200Z")) {
		t.Fatalf("run = %+v", run)
	}
	f := v2Facts(t, model.Batch{Runs: []model.PipelineRun{run}})
	got := f.Runs[0]
	if got.Duration != 34*time.Second || !got.StartedAt.Equal(at(t, "2022-09-21T01:05:14.197Z")) ||
		!got.CompletedAt.Equal(at(t, "2022-09-21T01:05:50.175Z")) || !got.CreatedAt.Equal(at(t, "2022-09-21T01:05:07.200Z")) ||
		got.Name != "Build pipeline" || got.Attempt != 1 {
		t.Fatalf("fact = %+v", got)
	}
}

func TestOfficialShapeGraphQLPipelinesGiveDurationsAndAttempts(t *testing.T) {
	var ans pipelinesAnswer
	official(t, "graphql-pipelines.json", &ans)
	out := map[int64]pipelineTimes{}
	addTimes(out, ans.Data.Project.Pipelines.Nodes)
	// 287: rspec was retried twice (three tries) and lint once, so attempt 3.
	want := pipelineTimes{duration: 34 * time.Second, started: at(t, "2022-09-21T01:05:14Z"), finished: at(t, "2022-09-21T01:05:50Z"), attempt: 3}
	if got := out[287]; got != want {
		t.Errorf("287: %+v, want %+v", got, want)
	}
	// A running pipeline: no duration yet, nothing retried.
	if got, ok := out[286]; !ok || got.duration != 0 || !got.started.IsZero() || got.attempt != 1 {
		t.Errorf("286: %+v (%v)", got, ok)
	}
	// More retried tries than one page holds: the attempt is not told, REST reads it.
	if got := out[285]; got.attempt != 0 || got.duration != 612*time.Second {
		t.Errorf("285: %+v, want duration 612s and no attempt", got)
	}
}

func TestOfficialShapeRetriedJobsListGivesTheAttempt(t *testing.T) {
	r := offlineRun(t)
	var listed []*job
	official(t, "project-jobs-retried.json", &listed)
	of := func(pipeline int64) []*job {
		return slices.DeleteFunc(slices.Clone(listed), func(j *job) bool { return j.Pipeline.ID != pipeline })
	}
	// Pipeline 7: rspec tried twice (jobs 11 and 12), lint once.
	p7 := r.jobsOf(7, of(7))
	if p7.attempt != 2 || len(p7.jobs) != 2 || p7.jobs[0].ForgeID != 12 || p7.jobs[1].ForgeID != 10 {
		t.Fatalf("pipeline 7: attempt %d, jobs %+v; want attempt 2 with jobs 12 and 10", p7.attempt, p7.jobs)
	}
	if p6 := r.jobsOf(6, of(6)); p6.attempt != 1 || len(p6.jobs) != 2 {
		t.Errorf("pipeline 6: attempt %d with %d jobs, want 1 with 2", p6.attempt, len(p6.jobs))
	}
	run := model.PipelineRun{Source: "gl", RepoForgeID: 1, ForgeID: 7, HeadBranch: "main", Status: "completed",
		Conclusion: "success", CreatedAt: at(t, "2015-12-24T18:09:59.500Z"), Attempt: p7.attempt}
	if f := v2Facts(t, model.Batch{Runs: []model.PipelineRun{run}}); f.Runs[0].Attempt != 2 {
		t.Errorf("fact attempt %d, want 2", f.Runs[0].Attempt)
	}
}

func TestOfficialShapeReadyNotesBecomeReadyTimes(t *testing.T) {
	r := offlineRun(t)
	var notes []note
	official(t, "merge-request-notes-ready.json", &notes)
	var ready []time.Time
	var reviews []model.Review
	for _, n := range notes {
		if readyNote(n) {
			ready = append(ready, timeOf(n.CreatedAt))
		}
		if rv, ok := r.convertNote(2, n); ok {
			reviews = append(reviews, rv)
		}
	}
	// The old wording "unmarked as a **Work In Progress**" and the current
	// "marked this merge request as **ready**"; "as **draft**" is not ready.
	want := []time.Time{at(t, "2013-10-02T09:10:00.125Z"), at(t, "2013-10-05T14:03:27.719Z")}
	if !slices.Equal(ready, want) {
		t.Fatalf("ready = %v, want %v", ready, want)
	}
	if len(reviews) != 2 || reviews[0].Kind != model.ReviewKindComment || reviews[1].Kind != model.ReviewKindApproval {
		t.Fatalf("reviews = %+v", reviews)
	}
	pr := model.PullRequest{Source: "gl", RepoForgeID: 1, ForgeID: 2, Number: 2, Author: "pipin", State: "merged",
		CreatedAt: at(t, "2013-10-01T08:00:00Z"), ReadyTimes: ready, ReadyAt: ready[len(ready)-1]}
	f := v2Facts(t, model.Batch{PullRequests: []model.PullRequest{pr}, Reviews: reviews})
	if got := f.PRs[0]; !slices.Equal(got.ReadyTimes, want) || !got.ReadyAt.Equal(want[1]) || len(got.Reviews) != 2 {
		t.Fatalf("fact = %+v", got)
	}
}

// The GraphQL answer for the same notes (written from the documented schema:
// second-precision Time, Note global ids, one of GitLab's synthetic notes)
// gives the reviews and ready times the REST list gives, and a merge request
// whose notes overflow the page is left to REST.
func TestOfficialShapeGraphQLNotesAreTheRESTNotes(t *testing.T) {
	r := offlineRun(t)
	var rest []note
	official(t, "merge-request-notes-ready.json", &rest)
	var ans projectAnswer[notesProject]
	official(t, "graphql-merge-request-notes.json", &ans)
	told := ans.Data.Project.told(map[int]bool{2: true, 3: true})
	if len(told) != 1 || told[2] == nil {
		t.Fatalf("told %v: want merge request 2 only (3 has more notes than the page)", told)
	}
	got, want := r.readNotes(2, told[2]), r.readNotes(2, rest)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("GraphQL:\n%+v\nREST:\n%+v", got, want)
	}
	wantReady := []time.Time{at(t, "2013-10-02T09:10:00Z"), at(t, "2013-10-05T14:03:27Z")}
	if !slices.Equal(got.ready, wantReady) {
		t.Errorf("ready = %v, want %v", got.ready, wantReady)
	}
	wantReviews := []model.Review{
		{Source: "gl", RepoForgeID: 1, PRNumber: 2, ForgeID: 305, Author: "pipin", Kind: model.ReviewKindComment,
			State: "commented", SubmittedAt: at(t, "2013-10-05T15:00:00Z")},
		{Source: "gl", RepoForgeID: 1, PRNumber: 2, ForgeID: 306, Author: "pipin", Kind: model.ReviewKindApproval,
			State: "approved", SubmittedAt: at(t, "2013-10-05T16:20:10Z")},
	}
	if !reflect.DeepEqual(got.reviews, wantReviews) {
		t.Errorf("reviews:\n got %+v\nwant %+v", got.reviews, wantReviews)
	}
	if told := ans.Data.Project.told(map[int]bool{3: true}); len(told) != 0 {
		t.Errorf("told %v of merge requests not asked for", told)
	}
}
