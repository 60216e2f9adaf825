package gitlabsrc

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// Merge request notes through GraphQL (issue #14).
//
// The REST notes list costs one request per changed merge request. GraphQL's
// Project.mergeRequests(iids:) reads the notes of a whole page of merge
// requests in one query, with each note's id (gid://gitlab/Note/<the REST
// id>), body, system flag, time and author, so the reviews and ready times are
// the ones the REST list gives and the same rows are stored, whichever way a
// pass (or a pass resumed after a crash) read them. GraphQL's Time is whole
// seconds ("2021-03-09T14:58:50+00:00", Types::TimeType) where REST has
// milliseconds, so note times are kept to the second either way (readNotes).
//
// GitLab scores the query before running it (max 250 for an authenticated
// request): asked by iids, mergeRequests adds nothing per merge request, and
// notes(first: 100) costs twice its selection, so the query below scores 26
// whatever the batch (fixtures/gitlabsim/graphql_complexity.go has the rule).
// The batch is bounded by mergeRequests' max page size, 100.
//
// A merge request whose notes overflow the page (hasNextPage), or that the
// answer leaves out, is read through the REST notes list; a GraphQL refusal
// (an older GitLab without a field, a complexity limit set lower) turns
// GraphQL notes off for the rest of the pass.

// notesQuery reads the notes of the merge requests with the given iids.
const notesQuery = `query pavedNotes($fullPath: ID!, $iids: [String!], $first: Int, $notes: Int) {
  project(fullPath: $fullPath) {
    mergeRequests(iids: $iids, first: $first) {
      nodes {
        iid
        notes(first: $notes) {
          nodes { id body system createdAt author { username bot } }
          pageInfo { hasNextPage }
        }
      }
    }
  }
}`

type gqlNote struct {
	ID        string     `json:"id"`
	Body      string     `json:"body"`
	System    bool       `json:"system"`
	CreatedAt *time.Time `json:"createdAt"`
	Author    *user      `json:"author"`
}

type gqlMergeRequest struct {
	IID   string               `json:"iid"`
	Notes *connection[gqlNote] `json:"notes"`
}

// notesProject is the project as notesQuery reads it.
type notesProject struct {
	MergeRequests *connection[gqlMergeRequest] `json:"mergeRequests"`
}

// mrNotes is what a merge request's notes say: its reviews and ready times.
type mrNotes struct {
	reviews []model.Review
	ready   []time.Time
}

// pageNotes reads the notes of a page's merge requests: through GraphQL,
// pageSize merge requests a query, and through the REST list for those
// GraphQL did not tell in full.
func (r *projectRun) pageNotes(ctx context.Context, iids []int) (map[int]mrNotes, error) {
	out := make(map[int]mrNotes, len(iids))
	for batch := range slices.Chunk(iids, int(r.c.pageSize)) {
		r.graphQLNotes(ctx, batch, out)
	}
	for _, iid := range iids {
		if _, ok := out[iid]; ok {
			continue
		}
		n, err := r.fetchNotes(ctx, iid)
		if err != nil {
			return nil, fmt.Errorf("notes of !%d: %w", iid, err)
		}
		out[iid] = n
	}
	return out, nil
}

// graphQLNotes adds the notes GraphQL tells in full of the merge requests
// with the given iids. A failed request leaves them to REST.
func (r *projectRun) graphQLNotes(ctx context.Context, iids []int, out map[int]mrNotes) {
	if r.c.gqlNotesOff.Load() {
		return
	}
	asked := make(map[int]bool, len(iids))
	vars := make([]string, len(iids))
	for i, iid := range iids {
		asked[iid], vars[i] = true, strconv.Itoa(iid)
	}
	ans, err := queryProject[notesProject](ctx, r, model.ResourceReviews, notesQuery,
		map[string]any{"fullPath": r.p.FullName, "iids": vars, "first": len(iids), "notes": r.c.pageSize})
	if err != nil || len(ans.Errors) > 0 || ans.Data.Project == nil || ans.Data.Project.MergeRequests == nil {
		if err == nil && len(ans.Errors) > 0 && !r.c.gqlNotesOff.Swap(true) {
			r.c.logger().Warn("gitlab GraphQL refused the merge request notes query: reading notes through REST",
				"source", r.c.cfg.Name, "error", sanitize.Line(ans.Errors[0].Message, sanitize.MaxLine))
		}
		return
	}
	for iid, notes := range ans.Data.Project.told(asked) {
		out[iid] = r.readNotes(iid, notes)
	}
}

// told is the notes of each asked merge request the answer lists in full.
func (p notesProject) told(asked map[int]bool) map[int][]note {
	out := map[int][]note{}
	for _, mr := range p.MergeRequests.Nodes {
		iid, err := strconv.Atoi(mr.IID)
		if err != nil || !asked[iid] || mr.Notes == nil || mr.Notes.PageInfo.HasNextPage {
			continue
		}
		out[iid] = mr.notes()
	}
	return out
}

// notes are the merge request's notes as the REST list gives them.
func (mr gqlMergeRequest) notes() []note {
	out := make([]note, 0, len(mr.Notes.Nodes))
	for _, n := range mr.Notes.Nodes {
		id, ok := noteGID(n.ID)
		if !ok {
			continue // not a stored note (GitLab's synthetic notes of resource events)
		}
		nt := note{ID: id, Body: n.Body, System: n.System, CreatedAt: n.CreatedAt}
		if n.Author != nil {
			nt.Author = *n.Author
		}
		out = append(out, nt)
	}
	return out
}

// noteGID reads "gid://gitlab/Note/123" (a DiffNote or DiscussionNote is a
// Note subclass with the same global id model name).
func noteGID(gid string) (int64, bool) {
	rest, ok := strings.CutPrefix(gid, "gid://gitlab/Note/")
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(rest, 10, 64)
	return n, err == nil && n > 0
}
