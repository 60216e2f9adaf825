package ui

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestHostileDataIsEscaped renders every page over forge data full of markup and
// checks that none of it became markup: no event-handler attribute, no script
// but ours, no javascript: link, and chart JSON that still parses.
func TestHostileDataIsEscaped(t *testing.T) {
	app, _ := smallApp(t)
	pages := []string{
		"/", "/teams", "/teams?sort=score&dir=desc",
		"/teams?compare=obrien-core,payments,unassigned," + url.QueryEscape(hostileScript),
		"/teams/payments", "/teams/obrien-core", "/teams/unassigned",
		repoURL("gh", "acme/"+hostileScript), repoURL("gh", "acme/payments-"+hostileImg),
		"/sync", "/digest",
		"/teams/" + url.PathEscape(hostileScript), repoURL("gh", hostileImg),
	}
	for _, p := range pages {
		t.Run("page "+p+" shows hostile data only as text", func(t *testing.T) {
			r := get(t, app, p)
			if r.status != 200 && r.status != 404 {
				t.Fatalf("status %d: %.300s", r.status, r.body)
			}
			if !strings.Contains(r.body, "</html>") {
				t.Fatalf("page did not render to the end")
			}
			if len(r.body) > 1<<20 {
				t.Errorf("page is %d bytes", len(r.body))
			}
			for _, raw := range []string{"<script>alert", "<img", "onerror=alert(1)>"} {
				if strings.Contains(r.body, raw) {
					t.Errorf("raw %q in page", raw)
				}
			}
			if strings.Contains(r.body, strings.Repeat("build-and-test-", 25)) {
				t.Error("a 10 kB name is shown in full")
			}
			if strings.Contains(r.body, fakeToken) {
				t.Error("page shows a token")
			}
			for _, problem := range markupProblems(r.body) {
				t.Error(problem)
			}
		})
	}
	t.Run("the hostile repo, PR title and rule text are shown escaped", func(t *testing.T) {
		body := get(t, app, repoURL("gh", "acme/"+hostileScript)).body
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Error("escaped repo name or PR title missing")
		}
		team := get(t, app, "/teams/payments").body
		if !strings.Contains(team, "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;") {
			t.Error("escaped rule text missing from the team's overdue findings")
		}
		if strings.Contains(team, `href="javascript:`) {
			t.Error("a javascript: finding link is linked")
		}
	})
	for _, p := range []string{"/api/v1/teams", "/api/v1/sync", "/api/v1/teams/unassigned"} {
		t.Run("JSON "+p+" escapes markup", func(t *testing.T) {
			r := get(t, app, p)
			if strings.Contains(r.body, "<script") || strings.Contains(r.body, fakeToken) {
				t.Errorf("raw markup or a token in %s", p)
			}
		})
	}
}

// markupProblems walks the tags of a page and reports anything forge data could
// have injected.
func markupProblems(body string) []string {
	var out []string
	for i := 0; i < len(body); i++ {
		if body[i] != '<' {
			continue
		}
		if strings.HasPrefix(body[i:], "<!--") {
			end := strings.Index(body[i:], "-->")
			if end < 0 {
				return append(out, "unclosed comment")
			}
			i += end
			continue
		}
		j := i + 1
		if j < len(body) && body[j] == '/' {
			j++
		}
		start := j
		for j < len(body) && (isAlnum(body[j])) {
			j++
		}
		name := strings.ToLower(body[start:j])
		if name == "" {
			continue
		}
		attrs, end := parseAttrs(body, j)
		if end < 0 {
			return append(out, "unclosed tag <"+name)
		}
		for k, v := range attrs {
			if strings.HasPrefix(k, "on") {
				out = append(out, "event handler attribute "+k+" on <"+name+">")
			}
			if (k == "href" || k == "src" || k == "action") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "javascript:") {
				out = append(out, "javascript: URL in "+k)
			}
		}
		sandbox, sandboxed := attrs["sandbox"]
		sandboxed = sandboxed && !strings.Contains(sandbox, "allow-scripts")
		switch {
		case name == "iframe" && (body[start-1] == '/' || attrs["src"] == "/digest/email" && sandboxed):
			// the digest page frames its own script-free email preview
		case name == "img", name == "iframe", name == "object", name == "embed", name == "style", name == "base", name == "frame":
			out = append(out, "unexpected <"+name+"> tag")
		case name == "script":
			if body[start-1] == '/' {
				break
			}
			close := strings.Index(body[end:], "</script")
			if close < 0 {
				return append(out, "unclosed script")
			}
			content := body[end+1 : end+close]
			switch {
			case strings.HasPrefix(attrs["src"], "/static/") && strings.TrimSpace(content) == "":
			case attrs["type"] == "application/json":
				if !json.Valid([]byte(content)) {
					out = append(out, "chart JSON does not parse: "+content[:min(len(content), 200)])
				}
			default:
				out = append(out, "inline script: "+content[:min(len(content), 200)])
			}
			i = end + close
			continue
		}
		i = end
	}
	return out
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// parseAttrs reads a tag's attributes from i; end is the index of its '>'.
func parseAttrs(s string, i int) (map[string]string, int) {
	attrs := map[string]string{}
	for i < len(s) {
		for i < len(s) && strings.ContainsRune(" \t\n\r\f/", rune(s[i])) {
			i++
		}
		if i >= len(s) {
			break
		}
		if s[i] == '>' {
			return attrs, i
		}
		start := i
		for i < len(s) && !strings.ContainsRune(" \t\n\r\f/>=", rune(s[i])) {
			i++
		}
		name := strings.ToLower(s[start:i])
		val := ""
		if i < len(s) && s[i] == '=' {
			i++
			switch {
			case i < len(s) && (s[i] == '"' || s[i] == '\''):
				q := s[i]
				end := strings.IndexByte(s[i+1:], q)
				if end < 0 {
					return nil, -1
				}
				val = s[i+1 : i+1+end]
				i += end + 2
			default:
				start := i
				for i < len(s) && !strings.ContainsRune(" \t\n\r\f>", rune(s[i])) {
					i++
				}
				val = s[start:i]
			}
		}
		attrs[name] = val
	}
	return nil, -1
}

func TestMarkupProblemsCatchesInjection(t *testing.T) {
	for _, tc := range []struct {
		name, html string
		bad        bool
	}{
		{"escaped text is fine", `<p title="&lt;img onerror=x&gt;">&lt;script&gt;</p>`, false},
		{"an event handler is caught", `<p><img src=x onerror=alert(1)></p>`, true},
		{"an inline script is caught", `<script>alert(1)</script>`, true},
		{"a javascript link is caught", `<a href="javascript:alert(1)">x</a>`, true},
		{"broken chart JSON is caught", `<script type="application/json" id="c">{"a":</script><script>1</script>`, true},
		{"our scripts are fine", `<script src="/static/app.js" defer></script><script type="application/json">{"a":1}</script>`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := markupProblems(tc.html); (len(got) > 0) != tc.bad {
				t.Errorf("problems = %v", got)
			}
		})
	}
}
