package githubsrc

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/model"
)

func TestGraphQLEndpointFollowsTheRESTBase(t *testing.T) {
	tests := []struct {
		name, base, want string
	}{
		{"github.com serves GraphQL beside REST", "https://api.github.com/", "https://api.github.com/graphql"},
		{"GHES serves /api/graphql beside /api/v3/", "https://ghe.example.com/api/v3/", "https://ghe.example.com/api/graphql"},
		{"a GHES base without its slash is the same", "https://ghe.example.com/api/v3", "https://ghe.example.com/api/graphql"},
		{"a simulator at the root serves /graphql", "http://127.0.0.1:8080/", "http://127.0.0.1:8080/graphql"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := graphQLEndpoint(mustParseBase(tt.base)); got != tt.want {
				t.Fatalf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// gqlCall is one GraphQL request the fake saw.
type gqlCall struct {
	Query     string `json:"query"`
	Variables struct {
		IDs []string `json:"ids"`
	} `json:"variables"`
}

// serveGraphQL makes the fake answer POST /graphql with answer(call, n), n
// counting from 1; it returns the calls seen.
func serveGraphQL(f *fakeGitHub, answer func(call gqlCall, n int, w http.ResponseWriter)) func() []gqlCall {
	var mu sync.Mutex
	var calls []gqlCall
	f.override = func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/graphql" {
			return false
		}
		var call gqlCall
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || json.Unmarshal(body, &call) != nil || r.Header.Get("Authorization") != "Bearer "+testToken {
			http.Error(w, `{"message":"bad GraphQL request"}`, http.StatusBadRequest)
			return true
		}
		mu.Lock()
		calls = append(calls, call)
		n := len(calls)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		answer(call, n, w)
		return true
	}
	return func() []gqlCall {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(calls)
	}
}

// twoPulls serves repo-1 two PRs with node IDs; #6 also has REST reviews.
func twoPulls(f *fakeGitHub) {
	pull := func(n int) obj {
		return obj{"id": 1000 + n, "node_id": fmt.Sprintf("PR_n%d", n), "number": n, "state": "open", "title": "PR",
			"user": obj{"login": "alice", "type": "User"}, "base": obj{"ref": "main"}, "head": obj{"sha": "abc"},
			"created_at": ts(testNow.Add(-time.Hour)), "updated_at": ts(testNow.Add(-time.Duration(n) * time.Minute))}
	}
	f.set("/repositories/101/pulls", []obj{pull(5), pull(6)})
	f.set("/repositories/101/pulls/6/reviews", []obj{{"id": 66, "user": obj{"login": "carol", "type": "User"},
		"state": "COMMENTED", "submitted_at": ts(testNow.Add(-time.Minute))}})
}

func TestGraphQLReviewsAreStoredAsRESTWouldStoreThem(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 1)
	twoPulls(f)
	calls := serveGraphQL(f, func(_ gqlCall, _ int, w http.ResponseWriter) {
		// #6 cannot be resolved: it is read over REST.
		fmt.Fprintf(w, `{"data":{"nodes":[{"number":5,"reviews":{"totalCount":2,"nodes":[
			{"fullDatabaseId":"9007199254740993","author":{"login":"dependabot","__typename":"Bot"},"state":"COMMENTED","submittedAt":%q},
			{"fullDatabaseId":"7","author":null,"state":"APPROVED","submittedAt":%q}]}},null]},
			"errors":[{"type":"NOT_FOUND","path":["nodes",1],"message":"Could not resolve to a node with the global id of 'PR_n6'"}]}`,
			ts(testNow.Add(-2*time.Hour)), ts(testNow.Add(-time.Hour)))
	})
	store := newMemStore()
	if sum, err := collect(t, newTestCollector(t, f, "acme"), store, collectors.RunOptions{}); err != nil || !sum.OK() {
		t.Fatalf("err = %v, summary = %+v", err, sum)
	}
	got := calls()
	if len(got) != 1 || !slices.Equal(got[0].Variables.IDs, []string{"PR_n5", "PR_n6"}) || !strings.Contains(got[0].Query, "nodes(ids:$ids)") {
		t.Fatalf("GraphQL calls = %+v, want one for the page's PRs in order", got)
	}
	byID := map[int64]model.Review{}
	for _, r := range store.all().Reviews {
		byID[r.ForgeID] = r
	}
	want := []model.Review{
		{Source: "gh", RepoForgeID: 101, PRNumber: 5, ForgeID: 9007199254740993, Kind: "review", Author: "dependabot[bot]",
			AuthorIsBot: true, State: "COMMENTED", SubmittedAt: testNow.Add(-2 * time.Hour)},
		{Source: "gh", RepoForgeID: 101, PRNumber: 5, ForgeID: 7, Kind: "review", State: "APPROVED", SubmittedAt: testNow.Add(-time.Hour)},
		{Source: "gh", RepoForgeID: 101, PRNumber: 6, ForgeID: 66, Kind: "review", Author: "carol", State: "COMMENTED",
			SubmittedAt: testNow.Add(-time.Minute)},
	}
	if len(byID) != len(want) {
		t.Fatalf("reviews = %+v", byID)
	}
	for _, w := range want {
		if g := byID[w.ForgeID]; g != w {
			t.Errorf("review %d = %+v, want %+v", w.ForgeID, g, w)
		}
	}
	if f.count("/repositories/101/pulls/5/reviews") != 0 || f.count("/repositories/101/pulls/6/reviews") != 1 {
		t.Errorf("REST reviews: #5 %d, #6 %d requests; want only the unresolved #6",
			f.count("/repositories/101/pulls/5/reviews"), f.count("/repositories/101/pulls/6/reviews"))
	}
}

func TestGraphQLStatusesFoldGitHubsLatestAndSpillOverToREST(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 1)
	dep := func(id int) obj {
		return obj{"id": id, "node_id": fmt.Sprintf("DE_n%d", id), "environment": "production", "ref": "main", "sha": "abc",
			"created_at": ts(testNow.Add(-time.Duration(id) * time.Minute)), "updated_at": ts(testNow.Add(-time.Minute))}
	}
	f.set("/repositories/101/deployments", []obj{dep(1), dep(2)})
	f.set("/repositories/101/deployments/2/statuses", []obj{{"id": 22, "state": "success", "created_at": ts(testNow.Add(-time.Minute))}})
	serveGraphQL(f, func(call gqlCall, _ int, w http.ResponseWriter) {
		if !strings.Contains(call.Query, "... on Deployment") {
			fmt.Fprint(w, `{"data":{"nodes":[null]}}`)
			return
		}
		// Deployment 2 has more statuses than a page: REST reads it.
		many := make([]string, 100)
		for i := range many {
			many[i] = fmt.Sprintf(`{"id":"DES_m%d","state":"SUCCESS","createdAt":%q}`, i, ts(testNow.Add(-time.Hour)))
		}
		fmt.Fprintf(w, `{"data":{"nodes":[
			{"latestStatus":{"state":"IN_PROGRESS","createdAt":%[1]q},"statuses":{"totalCount":2,"nodes":[
				{"id":"DES_a","state":"IN_PROGRESS","createdAt":%[1]q},{"id":"DES_b","state":"QUEUED","createdAt":%[2]q}]}},
			{"latestStatus":{"state":"SUCCESS","createdAt":%[1]q},"statuses":{"totalCount":101,"nodes":[%[3]s]}}]}}`,
			ts(testNow.Add(-2*time.Minute)), ts(testNow.Add(-3*time.Minute)), strings.Join(many, ","))
	})
	store := newMemStore()
	if sum, err := collect(t, newTestCollector(t, f, "acme"), store, collectors.RunOptions{}); err != nil || !sum.OK() {
		t.Fatalf("err = %v, summary = %+v", err, sum)
	}
	got := store.all()
	deps := map[int64]model.Deployment{}
	for _, d := range got.Deployments {
		deps[d.ForgeID] = d
	}
	if d := deps[1]; d.Status != "in_progress" || !d.StatusAt.Equal(testNow.Add(-2*time.Minute)) {
		t.Errorf("deployment 1 = %+v, want GitHub's latest status in REST's spelling", d)
	}
	if d := deps[2]; d.Status != "success" {
		t.Errorf("deployment 2 = %+v", d)
	}
	states := map[int64]string{}
	for _, s := range got.DeploymentStatuses {
		states[s.ForgeID] = fmt.Sprintf("%d:%s", s.DeploymentForgeID, s.State)
	}
	want := map[int64]string{statusKey("DES_a"): "1:in_progress", statusKey("DES_b"): "1:queued", 22: "2:success"}
	if len(states) != len(want) {
		t.Fatalf("statuses = %v, want %v", states, want)
	}
	for id, w := range want {
		if states[id] != w {
			t.Errorf("status %d = %q, want %q", id, states[id], w)
		}
	}
	if f.count("/repositories/101/deployments/1/statuses") != 0 {
		t.Error("deployment 1's statuses were read over REST too")
	}
}

func TestARefusedGraphQLIsAskedOnceAPassAndRESTCollectsEverything(t *testing.T) {
	tests := []struct {
		name   string
		answer func(w http.ResponseWriter)
	}{
		{"no GraphQL endpoint (404)", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprint(w, `{"message":"Not Found"}`)
		}},
		{"a token GraphQL refuses (403)", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message":"Resource not accessible by integration"}`)
		}},
		{"a schema without the fields asked (200 with errors)", func(w http.ResponseWriter) {
			fmt.Fprint(w, `{"errors":[{"path":["query","nodes"],"extensions":{"code":"undefinedField","typeName":"PullRequest","fieldName":"reviews"},`+
				`"message":"Field 'reviews' doesn't exist on type 'PullRequest'"}]}`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeGitHub(t)
			smallOrg(f, 3)
			for i := 1; i <= 3; i++ {
				f.set(fmt.Sprintf("/repositories/10%d/pulls", i), []obj{{"id": 1, "node_id": "PR_x", "number": 5, "state": "open",
					"user": obj{"login": "alice"}, "base": obj{"ref": "main"}, "created_at": ts(testNow), "updated_at": ts(testNow)}})
			}
			calls := serveGraphQL(f, func(_ gqlCall, _ int, w http.ResponseWriter) { tt.answer(w) })
			var logs testkit.LogBuffer
			c := newTestCollector(t, f, "acme")
			c.cfg.Concurrency = 1
			c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
			store := newMemStore()
			for pass := 1; pass <= 2; pass++ {
				if sum, err := collect(t, c, store, collectors.RunOptions{Full: true}); err != nil || !sum.OK() {
					t.Fatalf("pass %d: err = %v, summary = %+v", pass, err, sum)
				}
				if n := len(calls()); n != pass {
					t.Fatalf("after pass %d: %d GraphQL requests, want one a pass", pass, n)
				}
			}
			if n := len(store.all().Reviews); n != 6 {
				t.Errorf("%d reviews stored, want REST's 3 per pass", n)
			}
			if n := strings.Count(logs.String(), "GraphQL unavailable"); n != 2 {
				t.Errorf("the fallback was logged %d times, want once a pass: %s", n, logs.String())
			}
		})
	}
}

func TestAGraphQLRateLimitIsWaitedOutNotFallenBackFrom(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 1)
	twoPulls(f)
	calls := serveGraphQL(f, func(_ gqlCall, n int, w http.ResponseWriter) {
		if n == 1 {
			// GitHub answers a spent GraphQL quota with 200 and RATE_LIMITED.
			w.Header().Set("X-RateLimit-Limit", "5000")
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(time.Second).Unix(), 10))
			w.Header().Set("X-RateLimit-Resource", "graphql")
			fmt.Fprint(w, `{"errors":[{"type":"RATE_LIMITED","message":"API rate limit exceeded for user ID 1."}]}`)
			return
		}
		fmt.Fprint(w, `{"data":{"nodes":[{"number":5,"reviews":{"totalCount":0,"nodes":[]}},{"number":6,"reviews":{"totalCount":0,"nodes":[]}}]}}`)
	})
	var logs testkit.LogBuffer
	c := newTestCollector(t, f, "acme")
	c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	if sum, err := collect(t, c, newMemStore(), collectors.RunOptions{}); err != nil || !sum.OK() {
		t.Fatalf("err = %v, summary = %+v", err, sum)
	}
	if n := len(calls()); n != 2 {
		t.Errorf("%d GraphQL requests, want the limited one and its retry", n)
	}
	if n := f.count("/repositories/101/pulls/6/reviews"); n != 0 {
		t.Errorf("a rate limit fell back to REST (%d requests)", n)
	}
	if !strings.Contains(logs.String(), "rate limit") {
		t.Errorf("the wait was not logged: %s", logs.String())
	}
}

func TestStatusKeysAreStableNegativeAndDistinct(t *testing.T) {
	a, b := statusKey("DES_kwDOABCD1234"), statusKey("DES_kwDOABCD1235")
	if a != statusKey("DES_kwDOABCD1234") || a >= 0 || b >= 0 || a == b {
		t.Fatalf("keys %d, %d", a, b)
	}
}

func TestActorsAreSpelledAsRESTSpellsThem(t *testing.T) {
	tests := []struct {
		name  string
		actor gqlActor
		login string
		bot   bool
	}{
		{"a user keeps its login", gqlActor{Login: "octocat", Typename: "User"}, "octocat", false},
		{"a bot gets REST's [bot] suffix", gqlActor{Login: "dependabot", Typename: "Bot"}, "dependabot[bot]", true},
		{"a bot already suffixed is left alone", gqlActor{Login: "renovate[bot]", Typename: "Bot"}, "renovate[bot]", true},
		{"a [bot] login is a bot whatever its type", gqlActor{Login: "ci[bot]", Typename: "User"}, "ci[bot]", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if login, bot := restLogin(&tt.actor); login != tt.login || bot != tt.bot {
				t.Fatalf("got %q %v", login, bot)
			}
		})
	}
	t.Run("a BigInt is read from a string beyond 2^53", func(t *testing.T) {
		if n, ok := bigInt("9007199254740993"); !ok || n != 9007199254740993 {
			t.Fatalf("got %d %v", n, ok)
		}
		for _, bad := range []any{nil, "", "12x", "-4", 1.5} {
			if _, ok := bigInt(bad); ok {
				t.Errorf("%v read as an id", bad)
			}
		}
	})
}

func TestAGraphQLSecondaryLimitResendsTheWholeQuery(t *testing.T) {
	f := newFakeGitHub(t)
	smallOrg(f, 1)
	twoPulls(f)
	calls := serveGraphQL(f, func(call gqlCall, n int, w http.ResponseWriter) {
		if n == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",`+
				`"documentation_url":"https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits"}`)
			return
		}
		fmt.Fprint(w, `{"data":{"nodes":[{"number":5,"reviews":{"totalCount":0,"nodes":[]}},{"number":6,"reviews":{"totalCount":0,"nodes":[]}}]}}`)
	})
	if sum, err := collect(t, newTestCollector(t, f, "acme"), newMemStore(), collectors.RunOptions{}); err != nil || !sum.OK() {
		t.Fatalf("err = %v, summary = %+v", err, sum)
	}
	got := calls()
	if len(got) != 2 || !slices.Equal(got[1].Variables.IDs, []string{"PR_n5", "PR_n6"}) || got[1].Query != got[0].Query {
		t.Fatalf("calls = %+v, want the same query sent again after the wait", got)
	}
	if n := f.count("/repositories/101/pulls/6/reviews"); n != 0 {
		t.Errorf("the limit fell back to REST (%d requests)", n)
	}
}
