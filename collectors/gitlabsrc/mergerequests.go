package gitlabsrc

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// user is a user as merge requests and notes show it. It is decoded here
// rather than with client-go's types to keep the bot flag some GitLab
// versions send with users.
type user struct {
	Username string `json:"username"`
	Bot      bool   `json:"bot"`
}

// mergeRequest holds the merge request fields Paved reads.
type mergeRequest struct {
	ID             int64      `json:"id"`
	IID            int        `json:"iid"`
	Title          string     `json:"title"`
	State          string     `json:"state"`
	Draft          bool       `json:"draft"`
	WorkInProgress bool       `json:"work_in_progress"`
	TargetBranch   string     `json:"target_branch"`
	SHA            string     `json:"sha"`
	Author         user       `json:"author"`
	CreatedAt      *time.Time `json:"created_at"`
	UpdatedAt      *time.Time `json:"updated_at"`
	MergedAt       *time.Time `json:"merged_at"`
	ClosedAt       *time.Time `json:"closed_at"`
}

// note holds the note fields Paved reads.
type note struct {
	ID        int64      `json:"id"`
	Body      string     `json:"body"`
	System    bool       `json:"system"`
	Author    user       `json:"author"`
	CreatedAt *time.Time `json:"created_at"`
}

// approvalNote is the body of the system note GitLab writes when someone
// approves: the only record of when an approval happened.
const approvalNote = "approved this merge request"

// readyNotes begin the system notes GitLab writes when a merge request leaves
// draft state, compared without Markdown emphasis and case: "marked this merge
// request as **ready**" (GitLab 13.x on), and before the Draft rename "unmarked
// as a **Work In Progress**".
var readyNotes = []string{"marked this merge request as ready", "unmarked as a work in progress"}

// readyNote reports whether a note records the merge request leaving draft.
func readyNote(n note) bool {
	if !n.System {
		return false
	}
	body := strings.ToLower(strings.TrimSpace(strings.NewReplacer("*", "", "_", "").Replace(n.Body)))
	for _, p := range readyNotes {
		if strings.HasPrefix(body, p) {
			return true
		}
	}
	return false
}

// collectMergeRequests walks merge requests updated since the watermark and
// reads the notes of each one it stores, a page of them at a time
// (mr_notes.go): a note updates its merge request, so one not updated has no
// new note.
func (r *projectRun) collectMergeRequests(ctx context.Context) error {
	return walkREST(ctx, r, restSpec[mergeRequest]{
		resource: model.ResourcePulls,
		fetch: func(since time.Time, page int64, o ...gitlab.RequestOptionFunc) ([]mergeRequest, *gitlab.Response, error) {
			opt := &gitlab.ListProjectMergeRequestsOptions{
				State: gitlab.Ptr("all"), UpdatedAfter: &since, OrderBy: gitlab.Ptr("updated_at"), Sort: gitlab.Ptr("desc"),
				ListOptions: gitlab.ListOptions{PerPage: r.c.pageSize, Page: page},
			}
			var out []mergeRequest
			resp, err := r.get(fmt.Sprintf("projects/%d/merge_requests", r.p.ID), opt, &out, o)
			return out, resp, err
		},
		updated: func(mr mergeRequest) time.Time { return timeOf(mr.UpdatedAt) },
		convert: func(ctx context.Context, mrs []mergeRequest, _ *state) (model.Batch, error) {
			iids := make([]int, len(mrs))
			for i, mr := range mrs {
				iids[i] = mr.IID
			}
			notes, err := r.pageNotes(ctx, iids)
			if err != nil {
				return model.Batch{}, err
			}
			var b model.Batch
			for _, mr := range mrs {
				pr := r.convertMergeRequest(mr)
				n := notes[mr.IID]
				pr.ReadyTimes = n.ready
				if k := len(n.ready); k > 0 {
					pr.ReadyAt = n.ready[k-1]
				}
				b.PullRequests = append(b.PullRequests, pr)
				b.Reviews = append(b.Reviews, n.reviews...)
			}
			return b, nil
		},
	})
}

// get runs a GET of path with opt's query through client-go into v.
func (r *projectRun) get(path string, opt any, v any, o []gitlab.RequestOptionFunc) (*gitlab.Response, error) {
	req, err := r.c.gl.NewRequest(http.MethodGet, path, opt, o)
	if err != nil {
		return nil, err
	}
	return r.c.gl.Do(req, v)
}

// mrState maps GitLab's merge request state; "locked" is the short-lived
// state of a merge in progress.
func mrState(s string) string {
	switch s {
	case "opened", "locked":
		return "open"
	case "merged":
		return "merged"
	}
	return sanitize.Line(s, sanitize.MaxName)
}

func (r *projectRun) convertMergeRequest(mr mergeRequest) model.PullRequest {
	pr := model.PullRequest{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.p.ID,
		ForgeID:     mr.ID,
		Number:      mr.IID,
		Title:       sanitize.Line(mr.Title, sanitize.MaxLine),
		Author:      sanitize.Line(mr.Author.Username, sanitize.MaxName),
		AuthorIsBot: isBot(mr.Author.Username, mr.Author.Bot),
		State:       mrState(mr.State),
		Draft:       mr.Draft || mr.WorkInProgress,
		BaseBranch:  sanitize.Line(mr.TargetBranch, sanitize.MaxName),
		HeadSHA:     sanitize.Line(mr.SHA, sanitize.MaxName),
		CreatedAt:   timeOf(mr.CreatedAt),
		UpdatedAt:   timeOf(mr.UpdatedAt),
		MergedAt:    timeOf(mr.MergedAt),
		ClosedAt:    timeOf(mr.ClosedAt),
	}
	// GitLab leaves closed_at empty on merged merge requests; a merge closes it.
	if pr.ClosedAt.IsZero() && pr.State == "merged" {
		pr.ClosedAt = pr.MergedAt
	}
	return pr
}

// fetchNotes reads a merge request's notes through the REST list, oldest
// first.
func (r *projectRun) fetchNotes(ctx context.Context, iid int) (mrNotes, error) {
	var all []note
	opt := &gitlab.ListMergeRequestNotesOptions{OrderBy: gitlab.Ptr("created_at"), Sort: gitlab.Ptr("asc"),
		ListOptions: gitlab.ListOptions{PerPage: r.c.pageSize, Page: 1}}
	err := eachPage(ctx, r.c, model.ResourceReviews, &opt.Page,
		func(o ...gitlab.RequestOptionFunc) ([]note, *gitlab.Response, error) {
			var notes []note
			resp, err := r.get(fmt.Sprintf("projects/%d/merge_requests/%d/notes", r.p.ID, iid), opt, &notes, o)
			return notes, resp, err
		},
		func(notes []note) bool {
			all = append(all, notes...)
			return false
		})
	if err != nil {
		return mrNotes{}, err
	}
	return r.readNotes(iid, all), nil
}

// readNotes keeps a merge request's approvals (system notes "approved this
// merge request", at their time) and human discussion notes; other system
// notes are activity, not review. The times of the "marked this merge
// request as ready" notes are its ready times, oldest first (an empty,
// non-nil list when it never left draft). Times are kept to the second, as
// GraphQL tells them (mr_notes.go), so a note's row does not depend on which
// way it was read.
func (r *projectRun) readNotes(iid int, notes []note) mrNotes {
	out := mrNotes{ready: []time.Time{}}
	for _, n := range notes {
		if n.CreatedAt != nil {
			t := n.CreatedAt.Truncate(time.Second)
			n.CreatedAt = &t
		}
		if readyNote(n) && n.CreatedAt != nil {
			out.ready = append(out.ready, timeOf(n.CreatedAt))
		}
		if rv, ok := r.convertNote(iid, n); ok {
			out.reviews = append(out.reviews, rv)
		}
	}
	slices.SortFunc(out.ready, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

func (r *projectRun) convertNote(iid int, n note) (model.Review, bool) {
	rv := model.Review{
		Source:      r.c.cfg.Name,
		RepoForgeID: r.p.ID,
		PRNumber:    iid,
		ForgeID:     n.ID,
		Author:      sanitize.Line(n.Author.Username, sanitize.MaxName),
		AuthorIsBot: isBot(n.Author.Username, n.Author.Bot),
		SubmittedAt: timeOf(n.CreatedAt),
	}
	switch {
	case n.System && strings.HasPrefix(strings.ToLower(strings.TrimSpace(n.Body)), approvalNote):
		rv.Kind, rv.State = model.ReviewKindApproval, "approved"
	case !n.System:
		rv.Kind, rv.State = model.ReviewKindComment, "commented"
	default:
		return model.Review{}, false
	}
	return rv, true
}
