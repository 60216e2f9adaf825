package model

import "context"

// RepoLister is an optional Store capability: a store that can list the repos
// it holds for a source lets a collector skip re-reading an unchanged org-wide
// repo list (the forge answered 304) and walk the stored list instead. A store
// without it makes the collector fetch the list whole every pass.
type RepoLister interface {
	// SourceRepos returns every stored repo of source, ordered by full name.
	SourceRepos(ctx context.Context, source string) ([]Repo, error)
}
