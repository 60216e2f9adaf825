package gitlabsrc

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/fixtures/gitlabsim"
)

// notesGroup is a small subgroup: two projects, about a hundred merge requests.
const notesGroup = "acme-gl/data/pipelines"

// withoutNotes is a GitLab whose GraphQL has no MergeRequest.notes, so the
// collector reads notes through REST.
var withoutNotes = gitlabsim.Options{WithoutFields: []string{"MergeRequest.notes"}}

// reviewRows lists every stored review and every merge request's ready
// times, one line each, in a fixed order.
func reviewRows(t *testing.T, d *db.DB) []string {
	t.Helper()
	var out []string
	for _, q := range []string{
		`SELECT p.forge_id, r.pr_number, r.kind, r.forge_id, r.author, r.author_is_bot, r.state, r.submitted_at
		   FROM reviews r JOIN repos p ON p.id = r.repo_id ORDER BY 1, 2, 3, 4`,
		`SELECT p.forge_id, m.number, m.draft, coalesce(m.ready_at, 0), m.ready_times, 0, 0, 0
		   FROM pull_requests m JOIN repos p ON p.id = m.repo_id ORDER BY 1, 2`,
	} {
		rows, err := d.Reader().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var v [8]any
			if err := rows.Scan(&v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]); err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprint(v))
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func TestNotesThroughGraphQLStoreWhatTheRESTNotesStore(t *testing.T) {
	t.Parallel()
	viaREST := newEnv(t, withoutNotes)
	c := viaREST.collector(t, notesGroup, testToken)
	if sum, err := viaREST.collect(t, c, collectors.RunOptions{}); err != nil || !sum.OK() {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	if !strings.Contains(viaREST.logs.String(), "reading notes through REST") {
		t.Errorf("the refusal is not logged: %s", viaREST.logs.String())
	}

	viaGQL := newEnv(t, gitlabsim.Options{})
	c = viaGQL.collector(t, notesGroup, testToken)
	c.pageSize = 5 // a few merge requests a query; notes beyond 5 overflow to REST
	if sum, err := viaGQL.collect(t, c, collectors.RunOptions{}); err != nil || !sum.OK() {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	want, got := reviewRows(t, viaREST.db), reviewRows(t, viaGQL.db)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("GraphQL stored %d rows, REST %d; first difference:\n%s", len(got), len(want), firstDiff(got, want))
	}
	merges := viaGQL.counts(t)["pull_requests"]
	if notes := viaGQL.sim.Stats().ByKind[gitlabsim.KindNotes]; notes == 0 || notes >= merges {
		t.Errorf("%d REST notes requests for %d merge requests: want only the overflowing ones", notes, merges)
	}
	viaGQL.checkGroundTruth(t, notesGroup)
}

// A pass that stored notes read through REST, run again reading them
// through GraphQL (a crash-resume across an upgrade, or a GitLab that
// started answering), stores no review twice.
func TestNotesReadBothWaysAreStoredOnce(t *testing.T) {
	t.Parallel()
	old := newEnv(t, withoutNotes)
	if _, err := old.collect(t, old.collector(t, notesGroup, testToken), collectors.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	before := reviewRows(t, old.db)
	upgraded := newEnv(t, gitlabsim.Options{}) // the same organisation
	upgraded.db = old.db
	if sum, err := upgraded.collect(t, upgraded.collector(t, notesGroup, testToken), collectors.RunOptions{Full: true}); err != nil || !sum.OK() {
		t.Fatalf("summary %+v, err %v", sum, err)
	}
	if st := upgraded.sim.Stats(); st.ByKind[gitlabsim.KindNotes] != 0 || st.ByKind[gitlabsim.KindGraphQL] == 0 {
		t.Fatalf("the second pass did not read notes through GraphQL: %v", st.ByKind)
	}
	if after := reviewRows(t, upgraded.db); !slices.Equal(after, before) {
		t.Fatalf("rows changed:\n%s", firstDiff(after, before))
	}
	upgraded.checkGroundTruth(t, notesGroup)
}

func firstDiff(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf(" got %s\nwant %s", got[i], want[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(got), len(want))
}
