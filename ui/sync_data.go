package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/paved-dev/paved/model"
)

// syncJSON is GET /api/v1/sync: per source, then per repo ("" for source-wide
// resources such as the repo list), the state of each synced resource.
//
//	{"as_of": "...", "sources": [{"name", "kind", "last_success", "last_error",
//	  "last_error_at", "items", "failing", "identity",
//	  "quota": {"remaining", "limit", "reset", "unlimited"},
//	  "history": {"complete", "reaches_back_to", "scored_from", "repos_pending"},
//	  "repos": [{"repo", "resources": [{"resource", "last_success", "last_error",
//	  "last_error_at", "items"}], "history": {...}}]}]}
//
// Times are RFC 3339 UTC or null; items are cumulative counts of stored records;
// a source's last_success is its newest, and "failing" counts resources whose
// last error is newer than their last success. "identity" says whom the
// collector acts as; "quota" is what the forge's last answer said, with
// "unlimited": true (and zeros) when it sent no rate-limit headers;
// "history" how far back the lists are read (historyJSON). History cursors
// are not listed among a repo's resources; their items count in the
// source's.
type syncJSON struct {
	AsOf    time.Time        `json:"as_of"`
	Sources []syncSourceJSON `json:"sources"`
}

type syncSourceJSON struct {
	Name        string     `json:"name"`
	Kind        string     `json:"kind"`
	LastSuccess *time.Time `json:"last_success"`
	LastError   string     `json:"last_error"`
	LastErrorAt *time.Time `json:"last_error_at"`
	Items       int64      `json:"items"`
	Failing     int        `json:"failing"`
	Identity    string     `json:"identity,omitempty"`
	Quota       *quotaJSON `json:"quota,omitempty"`
	// History says how far back the source's lists are read (sync_history.go).
	History *historyJSON   `json:"history"`
	Repos   []syncRepoJSON `json:"repos"`
}

type quotaJSON struct {
	Remaining int        `json:"remaining"`
	Limit     int        `json:"limit"`
	Reset     *time.Time `json:"reset"`
	Unlimited bool       `json:"unlimited,omitempty"`
}

type syncRepoJSON struct {
	Repo      string             `json:"repo"`
	Resources []syncResourceJSON `json:"resources"`
	History   *historyJSON       `json:"history,omitempty"`
}

type syncResourceJSON struct {
	Resource    string     `json:"resource"`
	LastSuccess *time.Time `json:"last_success"`
	LastError   string     `json:"last_error"`
	LastErrorAt *time.Time `json:"last_error_at"`
	Items       int64      `json:"items"`
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// failing reports whether the cursor's newest outcome is an error.
func failing(c model.Cursor) bool {
	return c.LastError != "" && !c.LastErrorAt.IsZero() && c.LastErrorAt.After(c.LastSuccess)
}

// syncStatus gathers the sync state of every source: the stored state as of
// the latest commit, and each source's quota as its collector last saw it.
func (s *server) syncStatus(ctx context.Context) (syncJSON, error) {
	stored, err := live(ctx, s.cache, "sync", func() ([]syncSourceJSON, error) { return s.storedSync(ctx) })
	if err != nil {
		return syncJSON{}, err
	}
	var quota map[string]QuotaInfo
	if s.quota != nil {
		quota = s.quota()
	}
	// stored is shared between requests: the quota goes into a copy.
	out := syncJSON{AsOf: s.now().UTC(), Sources: slices.Clone(stored)}
	for i := range out.Sources {
		q := quota[out.Sources[i].Name]
		out.Sources[i].Identity = q.Identity
		if q.seen() {
			out.Sources[i].Quota = &quotaJSON{Remaining: q.Remaining, Limit: q.Limit, Reset: timeOrNil(q.Reset), Unlimited: q.Unlimited}
		}
	}
	return out, nil
}

// storedSync is every source's sync state as stored, without quotas.
func (s *server) storedSync(ctx context.Context) ([]syncSourceJSON, error) {
	cursors, err := s.db.SyncStatus(ctx)
	if err != nil {
		return nil, err
	}
	kinds, err := s.db.SourceKinds(ctx)
	if err != nil {
		return nil, err
	}
	out := syncJSON{Sources: []syncSourceJSON{}}
	index := map[string]int{}
	source := func(name string) *syncSourceJSON {
		i, ok := index[name]
		if !ok {
			i = len(out.Sources)
			index[name] = i
			out.Sources = append(out.Sources, syncSourceJSON{Name: name, Kind: kinds[name], Repos: []syncRepoJSON{}})
		}
		return &out.Sources[i]
	}
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		source(n)
	}
	// Cursors come ordered by source, repo and resource. A team's own cursor
	// ("team:SLUG") is source-wide state: it is shown with the source's lists.
	repoIndex := map[[2]string]int{}
	histories := map[[2]string]*historyTally{}
	for _, c := range cursors {
		src := source(c.Source)
		if _, ok := model.HistoryOf(c.Resource); ok {
			key := [2]string{c.Source, c.Repo}
			if histories[key] == nil {
				histories[key] = &historyTally{}
			}
			histories[key].add(c)
			src.Items += c.Items
			continue
		}
		repo, resource := c.Repo, c.Resource
		if slug, ok := strings.CutPrefix(repo, "team:"); ok {
			repo, resource = "", resource+" ("+slug+")"
		}
		i, ok := repoIndex[[2]string{c.Source, repo}]
		if !ok {
			i = len(src.Repos)
			repoIndex[[2]string{c.Source, repo}] = i
			src.Repos = append(src.Repos, syncRepoJSON{Repo: repo})
		}
		r := &src.Repos[i]
		r.Resources = append(r.Resources, syncResourceJSON{
			Resource: resource, LastSuccess: timeOrNil(c.LastSuccess),
			LastError: c.LastError, LastErrorAt: timeOrNil(c.LastErrorAt), Items: c.Items,
		})
		src.Items += c.Items
		if c.LastSuccess.After(derefTime(src.LastSuccess)) {
			src.LastSuccess = timeOrNil(c.LastSuccess)
		}
		if c.LastError != "" && c.LastErrorAt.After(derefTime(src.LastErrorAt)) {
			src.LastError, src.LastErrorAt = c.LastError, timeOrNil(c.LastErrorAt)
		}
		if failing(c) {
			src.Failing++
		}
	}
	for i := range out.Sources {
		src := &out.Sources[i]
		var tally *historyTally
		for j := range src.Repos {
			h := histories[[2]string{src.Name, src.Repos[j].Repo}]
			if h == nil {
				continue
			}
			if tally == nil {
				tally = &historyTally{}
			}
			tally.join(*h)
			src.Repos[j].History = h.json()
		}
		if tally != nil {
			src.History = tally.json()
		}
	}
	return out.Sources, nil
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}
