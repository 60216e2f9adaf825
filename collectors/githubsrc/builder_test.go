package githubsrc

import (
	"fmt"
	"io"
	"log/slog"
	"time"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// testNow is the data clock of the hand-built orgs below.
var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339) }

type obj = map[string]any

// repoPath is where the collector asks for the resources of the repo with
// that id (the hand-built orgs give repo-i the id 100+i).
func repoPath(id int64) string { return fmt.Sprintf("/repositories/%d", id) }

func repoObj(id int64, owner, name string) obj {
	return obj{
		"id": id, "name": name, "full_name": owner + "/" + name, "owner": obj{"login": owner, "type": "Organization"},
		"default_branch": "main", "archived": false, "fork": false,
		"html_url":   "https://github.example/" + owner + "/" + name,
		"created_at": ts(testNow.AddDate(-2, 0, 0)), "updated_at": ts(testNow.AddDate(0, 0, -1)),
	}
}

func runObj(id, workflowID int64, name, event string, created time.Time, status string) obj {
	o := obj{
		"id": id, "name": name, "workflow_id": workflowID, "event": event, "status": status,
		"head_branch": "main", "head_sha": fmt.Sprintf("%040x", id), "run_attempt": 1,
		"created_at": ts(created), "updated_at": ts(created.Add(5 * time.Minute)), "run_started_at": ts(created),
		"pull_requests": []obj{},
	}
	if status == "completed" {
		o["conclusion"] = "success"
	}
	return o
}

func runsPage(runs ...obj) obj { return obj{"total_count": len(runs), "workflow_runs": runs} }

func jobObj(id, runID int64, name string, steps ...string) obj {
	var ss []obj
	for i, s := range steps {
		ss = append(ss, obj{"name": s, "number": i + 1, "status": "completed", "conclusion": "success"})
	}
	return obj{"id": id, "run_id": runID, "name": name, "status": "completed", "conclusion": "success",
		"started_at": ts(testNow.Add(-time.Hour)), "completed_at": ts(testNow.Add(-50 * time.Minute)), "steps": ss}
}

func jobsPage(jobs ...obj) obj { return obj{"total_count": len(jobs), "jobs": jobs} }

// smallOrg serves org "acme" with n repos, each with two runs of one "CI"
// workflow, a code-scanning alert, an analysis, a Dependabot alert, a
// secret-scanning alert, a merged PR with one review and a deployment with a
// success status. Repo i has id 100+i and is named repo-i.
func smallOrg(f *fakeGitHub, n int) {
	var repos []obj
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("repo-%d", i)
		id := int64(100 + i)
		repos = append(repos, repoObj(id, "acme", name))
		base := repoPath(id)
		r1, r2 := id*1000+1, id*1000+2
		f.set(base+"/actions/runs", runsPage(
			runObj(r2, 7, "CI", "push", testNow.Add(-2*time.Hour), "completed"),
			runObj(r1, 7, "CI", "push", testNow.Add(-3*time.Hour), "completed"),
		))
		f.set(fmt.Sprintf("%s/actions/runs/%d/jobs", base, r2), jobsPage(
			jobObj(r2*10+1, r2, "build", "Checkout", "Run gosec"),
			jobObj(r2*10+2, r2, "test", "Checkout", "go test"),
		))
		f.set(base+"/code-scanning/alerts", []obj{{
			"number": 1, "state": "open", "created_at": ts(testNow.AddDate(0, 0, -3)), "updated_at": ts(testNow.AddDate(0, 0, -3)),
			"rule":                 obj{"id": "go/sql-injection", "severity": "error", "security_severity_level": "high", "description": "SQL injection"},
			"tool":                 obj{"name": "CodeQL"},
			"most_recent_instance": obj{"location": obj{"path": "db/query.go", "start_line": 12}},
		}})
		f.set(base+"/code-scanning/analyses", []obj{{"id": id*10 + 1, "ref": "refs/heads/main", "tool": obj{"name": "CodeQL"},
			"created_at": ts(testNow.AddDate(0, 0, -3))}})
		f.set(base+"/dependabot/alerts", []obj{{
			"number": 1, "state": "fixed", "created_at": ts(testNow.AddDate(0, 0, -20)), "updated_at": ts(testNow.AddDate(0, 0, -10)),
			"fixed_at":          ts(testNow.AddDate(0, 0, -10)),
			"security_advisory": obj{"ghsa_id": "GHSA-xxxx-yyyy-zzzz", "severity": "moderate", "summary": "Prototype pollution"},
			"dependency":        obj{"package": obj{"ecosystem": "npm", "name": "lodash"}, "manifest_path": "package-lock.json"},
		}})
		f.set(base+"/secret-scanning/alerts", []obj{{
			"number": 1, "state": "open", "secret_type": "github_personal_access_token",
			"secret_type_display_name": "GitHub Personal Access Token", "secret": "ghp_SIMULATEDLEAK" + name,
			"created_at": ts(testNow.AddDate(0, 0, -5)), "updated_at": ts(testNow.AddDate(0, 0, -5)),
			"first_location_detected": obj{"path": "config/prod.env", "start_line": 3},
			"resolved_at":             nil, "resolution": nil, // GitHub sends null for unset fields
		}})
		f.set(base+"/pulls", []obj{{
			"id": id*10 + 5, "number": 5, "state": "closed", "title": "Add feature", "user": obj{"login": "alice", "type": "User"},
			"base": obj{"ref": "main"}, "head": obj{"sha": "abc"}, "created_at": ts(testNow.AddDate(0, 0, -2)),
			"updated_at": ts(testNow.AddDate(0, 0, -1)), "merged_at": ts(testNow.AddDate(0, 0, -1)), "closed_at": ts(testNow.AddDate(0, 0, -1)),
		}})
		f.set(base+"/pulls/5/reviews", []obj{{"id": id*10 + 6, "user": obj{"login": "bob", "type": "User"}, "state": "APPROVED",
			"submitted_at": ts(testNow.AddDate(0, 0, -1).Add(-time.Hour))}})
		f.set(base+"/deployments", []obj{{"id": id*10 + 7, "environment": "production", "ref": "main", "sha": "abc",
			"created_at": ts(testNow.AddDate(0, 0, -1)), "updated_at": ts(testNow.AddDate(0, 0, -1))}})
		f.set(fmt.Sprintf("%s/deployments/%d/statuses", base, id*10+7), []obj{{"id": id*10 + 8, "state": "success",
			"created_at": ts(testNow.AddDate(0, 0, -1).Add(time.Minute))}})
	}
	f.set("/orgs/acme/repos", repos)
	f.set("/orgs/acme/teams", []obj{{"id": 9, "slug": "core", "name": "Core"}})
	f.set("/orgs/acme/teams/core/repos", repos[:1])
}
