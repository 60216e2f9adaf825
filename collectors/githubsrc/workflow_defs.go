package githubsrc

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// Scan categories from workflow definitions.
//
// A run's jobs are those of its workflow file (the run's `path`) as it stood
// when the run was created: the default branch's latest commit touching
// .github/workflows at or before the run's created_at. One GraphQL query reads
// a page of that history with every commit's workflow files, so a repo's
// definitions cost one request where job lists cost one per sampled run. They
// are read when a pass first meets a run that its name does not decide, so a
// pass with no new runs (all 304) sends none; older pages are read only when a
// run is older than every commit read so far.
//
// The approximation: a pull request's runs use the workflow files of its
// branch, which usually match the default branch's at the time. Where the
// definitions cannot tell (workflow_parse.go), or GraphQL is unavailable, the
// run's workflow falls back to job sampling (jobsample.go).

// maxDefCommits bounds the history read per repo and pass.
const maxDefCommits = 500

const workflowsPath = ".github/workflows"

// definitionsQuery reads 20 commits a page: their files make the answer
// large, and a repo's history rarely has more in a year.
const definitionsQuery = `query($owner: String!, $name: String!, $after: String) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef {
      target {
        ... on Commit {
          history(path: ".github/workflows", first: 20, after: $after) {
            nodes {
              committedDate
              file(path: ".github/workflows") {
                object { ... on Tree { entries { name object { ... on Blob { byteSize isTruncated text } } } } }
              }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
      }
    }
  }
}`

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

type gqlDefinitions struct {
	Repository *struct {
		DefaultBranchRef *struct {
			Target *struct {
				History *struct {
					Nodes    []gqlDefCommit `json:"nodes"`
					PageInfo struct {
						HasNextPage bool   `json:"hasNextPage"`
						EndCursor   string `json:"endCursor"`
					} `json:"pageInfo"`
				} `json:"history"`
			} `json:"target"`
		} `json:"defaultBranchRef"`
	} `json:"repository"`
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
	return &definitions{r: r, paths: map[int64]string{}, cats: map[defKey]defAnswer{}}
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
	if a, seen := d.cats[k]; seen {
		return a.cats, a.ok, nil
	}
	var a defAnswer
	if def := d.commits[i].files[file]; def != nil {
		a.cats, a.ok = def.categories(d.r.c.Catalogue, k.event)
	}
	d.cats[k] = a
	return a.cats, a.ok, nil
}

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

func (d *definitions) readPage(ctx context.Context) error {
	owner, name, _ := strings.Cut(d.r.repo.FullName, "/")
	vars := map[string]any{"owner": owner, "name": name, "after": nil}
	if d.after != "" {
		vars["after"] = d.after
	}
	data, err := graphQL[gqlDefinitions](ctx, d.r.c, "graphql workflow definitions", definitionsQuery, vars)
	if errors.Is(err, errGraphQLUnavailable) {
		d.off = true
		return nil
	}
	if err != nil {
		return fmt.Errorf("workflow definitions: %w", err)
	}
	d.started = true
	var hist = data.Repository
	if hist == nil || hist.DefaultBranchRef == nil || hist.DefaultBranchRef.Target == nil || hist.DefaultBranchRef.Target.History == nil {
		d.more = false
		return nil
	}
	h := hist.DefaultBranchRef.Target.History
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
