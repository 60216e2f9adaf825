package githubsrc

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/model"
)

// TestOfficialShapeDefinitionsNameStepsAsTheJobsAPIDoes: the definitions
// answer decodes, and the workflow behind GitHub's own job sample names its
// job and steps as that sample shows them, less the steps GitHub adds.
func TestOfficialShapeDefinitionsNameStepsAsTheJobsAPIDoes(t *testing.T) {
	var ans gqlResponse[map[string]*gqlDefRepo]
	officialJSON(t, "graphql-workflow-definitions.json", &ans)
	nodes := ans.Data["r0"].DefaultBranchRef.Target.History.Nodes
	if len(nodes) != 2 {
		t.Fatalf("%d commits", len(nodes))
	}
	head := parseCommit(nodes[0])
	build, review := head.files["build.yml"], head.files["dependency-review.yml"]
	if build == nil || review == nil || !build.decided || len(build.jobs) != 1 {
		t.Fatalf("files %+v", head.files)
	}
	var jobs github.Jobs
	officialJSON(t, "workflow-jobs.json", &jobs)
	sample := jobs.Jobs[0]
	want := []string{sample.GetName()}
	for _, s := range sample.Steps {
		if n := s.GetName(); n != "Set up job" && n != "Complete job" && !strings.HasPrefix(n, "Post ") {
			want = append(want, n)
		}
	}
	if got := build.jobs[0].names; !slices.Equal(got, want) {
		t.Errorf("names %q, want the job sample's %q", got, want)
	}
	cat := model.DefaultCatalogue()
	for event, cats := range map[string][]string{"push": nil, "pull_request": {"sca"}} {
		if got, ok := review.categories(cat, event); !ok || !slices.Equal(got, cats) {
			t.Errorf("dependency review on %s: %q %v, want %q", event, got, ok, cats)
		}
	}
	if older := parseCommit(nodes[1]); !nodes[1].CommittedDate.Before(nodes[0].CommittedDate) || older.files["dependency-review.yml"] != nil {
		t.Errorf("older commit %+v", older)
	}
}
