package githubsrc

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/model"
)

// memStore is an in-memory model.Store that keeps every applied batch.
type memStore struct {
	mu      sync.Mutex
	batches []model.Batch
	cursors map[[3]string]model.Cursor
	errs    []string
	// fail, when set, may refuse a batch (nothing of it is kept).
	fail func(b model.Batch) error
}

func newMemStore() *memStore { return &memStore{cursors: map[[3]string]model.Cursor{}} }

func (s *memStore) Apply(_ context.Context, b model.Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		if err := s.fail(b); err != nil {
			return err
		}
	}
	s.batches = append(s.batches, b)
	for _, c := range b.Cursors {
		s.cursors[[3]string{c.Source, c.Repo, c.Resource}] = c
	}
	return nil
}

func (s *memStore) Cursor(_ context.Context, source, repo, resource string) (model.Cursor, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.cursors[[3]string{source, repo, resource}]; ok {
		return c, nil
	}
	return model.Cursor{Source: source, Repo: repo, Resource: resource}, nil
}

// RunSamples reads the samples from the merged runs and jobs as the database does:
// per group, the newest run with its jobs fetched.
func (s *memStore) RunSamples(_ context.Context, source string, repoForgeID int64) ([]model.RunSample, error) {
	all := s.all()
	byGroup := map[string]model.RunSample{}
	for _, r := range all.Runs {
		if r.Source != source || r.RepoForgeID != repoForgeID || !r.JobsFetched || r.SampleGroup == "" ||
			byGroup[r.SampleGroup].RunForgeID > r.ForgeID {
			continue
		}
		smp := model.RunSample{Group: r.SampleGroup, RunForgeID: r.ForgeID, Complete: r.Status == "completed", Attempt: r.Attempt}
		for _, j := range all.Jobs {
			if j.RepoForgeID == repoForgeID && j.RunForgeID == r.ForgeID {
				smp.Categories = model.MergeCategories(smp.Categories, j.ScanCategories)
			}
		}
		byGroup[r.SampleGroup] = smp
	}
	var out []model.RunSample
	for _, smp := range byGroup {
		out = append(out, smp)
	}
	return out, nil
}

func (s *memStore) RecordError(_ context.Context, source, repo, resource, msg string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, fmt.Sprintf("%s|%s|%s|%s", source, repo, resource, msg))
	k := [3]string{source, repo, resource}
	c, ok := s.cursors[k]
	if !ok {
		c = model.Cursor{Source: source, Repo: repo, Resource: resource}
	}
	c.LastError, c.LastErrorAt = msg, at
	s.cursors[k] = c
	return nil
}

// all merges every applied batch, latest write of a key winning, like an upsert.
func (s *memStore) all() model.Batch {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out model.Batch
	runs := map[int64]int{}
	jobs := map[int64]int{}
	findings := map[string]int{}
	for _, b := range s.batches {
		out.Repos = append(out.Repos, b.Repos...)
		out.Teams = append(out.Teams, b.Teams...)
		out.Runs = upsert(out.Runs, runs, b.Runs, func(r model.PipelineRun) int64 { return r.ForgeID })
		out.Jobs = upsert(out.Jobs, jobs, b.Jobs, func(j model.Job) int64 { return j.ForgeID })
		out.Findings = upsert(out.Findings, findings, b.Findings, func(f model.Finding) string {
			return fmt.Sprintf("%d/%s/%s", f.RepoForgeID, f.Kind, f.ForgeID)
		})
		out.Analyses = append(out.Analyses, b.Analyses...)
		out.PullRequests = append(out.PullRequests, b.PullRequests...)
		out.Reviews = append(out.Reviews, b.Reviews...)
		out.Deployments = append(out.Deployments, b.Deployments...)
		out.DeploymentStatuses = append(out.DeploymentStatuses, b.DeploymentStatuses...)
		out.Observations = append(out.Observations, b.Observations...)
	}
	return out
}

// upsert adds items to out; an item whose key at already indexes in out
// replaces the one there.
func upsert[T any, K comparable](out []T, at map[K]int, items []T, key func(T) K) []T {
	for _, it := range items {
		k := key(it)
		if i, ok := at[k]; ok {
			out[i] = it
			continue
		}
		at[k] = len(out)
		out = append(out, it)
	}
	return out
}

func (s *memStore) cursor(repo, resource string) model.Cursor {
	c, _ := s.Cursor(context.Background(), "gh", repo, resource)
	return c
}

// fakeGitHub serves canned JSON pages by path, with page-number Link headers
// and body-hash ETags honoured through If-None-Match, and counts requests.
type fakeGitHub struct {
	t   *testing.T
	srv *httptest.Server

	mu    sync.Mutex
	pages map[string][]string // path → page bodies, page 1 first
	// override, when it returns true, has answered the request itself.
	override func(w http.ResponseWriter, r *http.Request) bool
	hits     map[string]int
	statuses map[int]int
	tokens   map[string]bool
}

func newFakeGitHub(t *testing.T) *fakeGitHub {
	f := &fakeGitHub{t: t, pages: map[string][]string{}, hits: map[string]int{}, statuses: map[int]int{}, tokens: map[string]bool{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// set serves value (marshalled) as the single page of path.
func (f *fakeGitHub) set(path string, value any) {
	b, err := json.Marshal(value)
	if err != nil {
		f.t.Fatal(err)
	}
	f.setRaw(path, string(b))
}

func (f *fakeGitHub) setRaw(path string, pages ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pages[path] = pages
}

func (f *fakeGitHub) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *fakeGitHub) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.hits[r.URL.Path]++
	f.tokens[r.Header.Get("Authorization")] = true
	override := f.override
	pages, ok := f.pages[r.URL.Path]
	f.mu.Unlock()
	status := 0
	defer func() {
		f.mu.Lock()
		f.statuses[status]++
		f.mu.Unlock()
	}()
	if override != nil && override(w, r) {
		status = -1
		return
	}
	if !ok {
		status = http.StatusNotFound
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
		return
	}
	page := 1
	if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 0 {
		page = p
	}
	if page > len(pages) {
		status = http.StatusOK
		fmt.Fprint(w, "[]")
		return
	}
	body := pages[page-1]
	sum := sha256.Sum256([]byte(body))
	etag := `W/"` + hex.EncodeToString(sum[:8]) + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/json")
	if page < len(pages) {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(page+1))
		next := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path, RawQuery: q.Encode()}
		w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next"`, next.String()))
	}
	if r.Header.Get("If-None-Match") == etag {
		status = http.StatusNotModified
		w.WriteHeader(http.StatusNotModified)
		return
	}
	status = http.StatusOK
	fmt.Fprint(w, body)
}

const testToken = "ghp_TESTTOKEN0123456789abcdefABCDEF"

func newTestCollector(t *testing.T, f *fakeGitHub, org string) *Collector {
	t.Helper()
	c, err := New(collectors.SourceConfig{Name: "gh", Kind: "github", BaseURL: f.srv.URL + "/", Token: testToken,
		Org: org, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	c.Logger = discardLogger()
	return c
}
