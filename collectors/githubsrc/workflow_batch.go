package githubsrc

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// Definitions for several repos in one query.
//
// The pass's repos, in its order, are cut into groups of defsBatch before
// any is walked. On a repo's first walk of its runs, the query that reads its
// definitions also reads the first page of those of the rest of its group
// (GraphQL aliases, one per repo), so a first sync costs one definitions
// request per group with a repo that asks. Those pages wait in the pass's
// prefetch until their repo asks; a repo whose page could not be read in the
// batch reads it alone. The groups are fixed so that which repos share a
// query, and how many queries a pass sends, do not depend on which of the
// concurrent walks asks first. Later passes read one repo at a time, and only
// repos with new runs do.

// defsBatch is how many repos one definitions query reads: 20 commits each
// with their files keeps an answer to a few hundred kilobytes.
const defsBatch = 10

// defsFields are what a definitions query reads of a repository.
const defsFields = `fragment defs on Repository {
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
}`

// gqlDefRepo is one repository's answer to defsFields.
type gqlDefRepo struct {
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
}

// defsQuery asks for n repositories, aliased r0… with variables $o0, $n0….
func defsQuery(n int) string {
	var vars, fields strings.Builder
	vars.WriteString("$after: String")
	for i := range n {
		fmt.Fprintf(&vars, ", $o%d: String!, $n%d: String!", i, i)
		fmt.Fprintf(&fields, "  r%d: repository(owner: $o%d, name: $n%d) { ...defs }\n", i, i, i)
	}
	return "query(" + vars.String() + ") {\n" + fields.String() + "}\n" + defsFields
}

// defsVars are a query's variables for repos (full names) from cursor after.
func defsVars(repos []string, after string) map[string]any {
	vars := map[string]any{"after": nil}
	if after != "" {
		vars["after"] = after
	}
	for i, full := range repos {
		owner, name, _ := strings.Cut(full, "/")
		vars[fmt.Sprintf("o%d", i)], vars[fmt.Sprintf("n%d", i)] = owner, name
	}
	return vars
}

// defsPrefetch holds the first pages read for repos that have not asked yet,
// and each repo's definitions as far as the pass has read them: the first
// phase's walk and every deepening round of a repo share one history, read once.
type defsPrefetch struct {
	mu      sync.Mutex
	order   []repoRef
	pos     map[int64]int
	entries map[int64]*defsEntry
	repos   map[int64]*definitions
}

type defsEntry struct {
	done  chan struct{}
	repo  *gqlDefRepo
	read  bool // the batch's query answered
	taken bool // its repo has asked for it: a second ask reads alone
}

// reset starts a pass over repos, in the order they will be walked.
func (p *defsPrefetch) reset(repos []repoRef) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.order, p.pos, p.entries = repos, make(map[int64]int, len(repos)), map[int64]*defsEntry{}
	p.repos = make(map[int64]*definitions, len(repos))
	for i, r := range repos {
		p.pos[r.ID] = i
	}
}

// definitionsFor is r's repo's definitions for this pass: those an earlier walk
// of the pass read (a repo's walks run one after another), else new ones.
func (p *defsPrefetch) definitionsFor(r *repoRun) *definitions {
	p.mu.Lock()
	defer p.mu.Unlock()
	if d, ok := p.repos[r.repo.ID]; ok {
		d.r = r
		return d
	}
	d := newDefinitions(r)
	if p.repos != nil {
		p.repos[r.repo.ID] = d
	}
	return d
}

// firstPage is the repo's first page of definitions from a batch (nil for a
// repository without one). A repo that no batch has claimed yet claims its group
// when mayClaim says so; read is false when no batch read its page (or it
// was taken already), and the repo reads it alone. A claimed page is taken
// even when mayClaim is false: the batch has paid for it.
func (p *defsPrefetch) firstPage(ctx context.Context, r *repoRun, mayClaim bool) (repo *gqlDefRepo, read bool, err error) {
	p.mu.Lock()
	e, claimed := p.entries[r.repo.ID]
	if (!claimed && !mayClaim) || (claimed && e.taken) {
		p.mu.Unlock()
		return nil, false, nil
	}
	var batch []repoRef
	var entries []*defsEntry
	if !claimed {
		batch, entries = p.claim(r.repo)
		e = p.entries[r.repo.ID]
	}
	e.taken = true
	p.mu.Unlock()
	if !claimed {
		p.read(ctx, r, batch, entries)
	}
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	p.mu.Lock()
	repo, read, e.repo = e.repo, e.read, nil
	p.mu.Unlock()
	return repo, read, nil
}

// claim enters repo's group, or repo alone when it is not of the pass's
// order, under the lock: no repo of a group is entered before it.
func (p *defsPrefetch) claim(repo repoRef) ([]repoRef, []*defsEntry) {
	batch := []repoRef{repo}
	if i, listed := p.pos[repo.ID]; listed {
		start := i - i%defsBatch
		batch = p.order[start:min(start+defsBatch, len(p.order))]
	}
	entries := make([]*defsEntry, len(batch))
	for i, b := range batch {
		entries[i] = &defsEntry{done: make(chan struct{})}
		p.entries[b.ID] = entries[i]
	}
	return batch, entries
}

// read runs one query for batch and hands each repo its answer. A failed
// query leaves them all to read alone.
func (p *defsPrefetch) read(ctx context.Context, r *repoRun, batch []repoRef, entries []*defsEntry) {
	names := make([]string, len(batch))
	for i, b := range batch {
		names[i] = b.FullName
	}
	data, err := graphQL[map[string]*gqlDefRepo](ctx, r.c, "graphql workflow definitions", defsQuery(len(batch)), defsVars(names, ""))
	for i, e := range entries {
		if err == nil {
			e.repo, e.read = data[fmt.Sprintf("r%d", i)], true
		}
		close(e.done)
	}
}
