package githubsrc

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
	"github.com/paved-dev/paved/model"
)

// Scan categories from workflow definitions.
//
// A run's jobs are those of its workflow file (the run's `path`) as it stood
// when the run was created: the default branch's latest commit touching
// .github/workflows at or before the run's created_at. One GraphQL query reads
// a page of that history with every commit's workflow files (for several
// repos at once on a first sync, workflow_batch.go), so a repo's definitions
// cost a request or less where job lists cost one per sampled run. They are
// read when a pass first meets a run that its name does not decide, so a pass
// with no new runs (all 304) sends none; older pages are read only when a run
// is older than every commit read so far.
//
// The approximation: a pull request's runs use the workflow files of its
// branch, which usually match the default branch's at the time. Where the
// definitions cannot tell (workflow_parse.go), or GraphQL is unavailable, the
// run's workflow falls back to job sampling (jobsample.go), in groups split
// at the definitions' commit in force when it is known.

// maxDefCommits bounds the history read per repo and pass.
const maxDefCommits = 500

const workflowsPath = ".github/workflows"

type gqlBlob struct {
	ByteSize    int     `json:"byteSize"`
	IsTruncated bool    `json:"isTruncated"`
	Text        *string `json:"text"`
}

type gqlDefCommit struct {
	CommittedDate time.Time `json:"committedDate"`
	File          *struct {
		Object *struct {
			Entries []struct {
				Name   string   `json:"name"`
				Object *gqlBlob `json:"object"`
			} `json:"entries"`
		} `json:"object"`
	} `json:"file"`
}

// defCommit is one commit's workflow files, parsed, by base name.
type defCommit struct {
	at    time.Time
	files map[string]*workflowDef
}

// definitions is a repo's workflow history as far as this pass has read it.
type definitions struct {
	r       *repoRun
	paths   map[int64]string // workflow id → file path, from the runs listed
	commits []defCommit      // newest first
	after   string           // cursor of the next older page
	started bool
	more    bool
	off     bool // unavailable for this repo this pass
	// cats caches each (commit, file, event) answer: a large repo has
	// thousands of runs over a handful of definitions.
	cats map[defKey]defAnswer
	// undecided holds, for runs their definitions could not decide, the
	// committedDate of those definitions: their sampling groups split there.
	undecided map[int64]int64
}

type defKey struct {
	commit      int
	file, event string
}

type defAnswer struct {
	cats []string
	ok   bool
}

func newDefinitions(r *repoRun) *definitions {
	return &definitions{r: r, paths: map[int64]string{}, cats: map[defKey]defAnswer{}, undecided: map[int64]int64{}}
}

// categories are a run's scan categories as its definition says; false when
// it cannot tell.
func (d *definitions) categories(ctx context.Context, run *github.WorkflowRun) ([]string, bool, error) {
	file, ok := workflowFile(d.paths[run.GetWorkflowID()])
	if !ok {
		return nil, false, nil
	}
	i, err := d.inForce(ctx, run.GetCreatedAt().Time)
	if err != nil || i < 0 {
		return nil, false, err
	}
	k := defKey{commit: i, file: file, event: run.GetEvent()}
	a, seen := d.cats[k]
	if !seen {
		if def := d.commits[i].files[file]; def != nil {
			a.cats, a.ok = def.categories(d.r.c.Catalogue, k.event)
		}
		d.cats[k] = a
	}
	if !a.ok {
		d.undecided[run.GetID()] = d.commits[i].at.Unix()
	}
	return a.cats, a.ok, nil
}

// undecidedAt is the committedDate (unix) of the definitions in force for a
// run they could not decide; 0 when none were known.
func (d *definitions) undecidedAt(runID int64) int64 { return d.undecided[runID] }

// workflowFile is the base name of a run's workflow file under
// .github/workflows (a path may end in "@ref"); false for any other path.
func workflowFile(path string) (string, bool) {
	path, _, _ = strings.Cut(path, "@")
	name, ok := strings.CutPrefix(path, workflowsPath+"/")
	return name, ok && name != "" && !strings.Contains(name, "/")
}

// inForce is the index of the newest commit at or before t, reading older
// pages as needed; -1 when none is known.
func (d *definitions) inForce(ctx context.Context, t time.Time) (int, error) {
	for {
		for i, c := range d.commits {
			if !c.at.After(t) {
				return i, nil
			}
		}
		if d.off || (d.started && !d.more) || len(d.commits) >= maxDefCommits {
			return -1, nil
		}
		if err := d.readPage(ctx); err != nil {
			return -1, err
		}
	}
}

// readPage reads the next page of history: the first from the pass's batch
// on a repo's first walk of its runs, else alone.
func (d *definitions) readPage(ctx context.Context) error {
	if !d.started && d.r.c.gqlOff.Load() {
		d.off = true
		return nil
	}
	var repo *gqlDefRepo
	read := false
	if !d.started {
		cur, err := d.r.Store.Cursor(ctx, d.r.c.cfg.Name, d.r.repo.FullName, model.ResourceRuns)
		if err != nil {
			return fmt.Errorf("read cursor: %w", err)
		}
		if repo, read, err = d.r.c.defs.firstPage(ctx, d.r, cur.Watermark.IsZero() || d.r.Opts.Full); err != nil {
			return fmt.Errorf("workflow definitions: %w", err)
		}
	}
	if !read {
		data, err := graphQL[map[string]*gqlDefRepo](ctx, d.r.c, "graphql workflow definitions", defsQuery(1), defsVars([]string{d.r.repo.FullName}, d.after))
		if errors.Is(err, errGraphQLUnavailable) {
			d.off = true
			return nil
		}
		if err != nil {
			return fmt.Errorf("workflow definitions: %w", err)
		}
		repo = data["r0"]
	}
	d.started = true
	if repo == nil || repo.DefaultBranchRef == nil || repo.DefaultBranchRef.Target == nil || repo.DefaultBranchRef.Target.History == nil {
		d.more = false
		return nil
	}
	h := repo.DefaultBranchRef.Target.History
	for _, n := range h.Nodes {
		d.commits = append(d.commits, parseCommit(n))
	}
	d.more, d.after = h.PageInfo.HasNextPage && h.PageInfo.EndCursor != "", h.PageInfo.EndCursor
	return nil
}

// parseCommit parses a commit's workflow files; a truncated or binary file
// is kept as one that cannot tell.
func parseCommit(n gqlDefCommit) defCommit {
	c := defCommit{at: n.CommittedDate, files: map[string]*workflowDef{}}
	if n.File == nil || n.File.Object == nil {
		return c
	}
	for _, e := range n.File.Object.Entries {
		def := &workflowDef{}
		if b := e.Object; b != nil && b.Text != nil && !b.IsTruncated && b.ByteSize <= maxWorkflowBytes {
			*def = parseWorkflow(*b.Text)
		}
		c.files[e.Name] = def
	}
	return c
}
