package collectors

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestParseForgeURLRefusesCredentialsWithoutRepeatingThem(t *testing.T) {
	const secret = "s3cretVALUE"
	for name, raw := range map[string]string{
		"user-info":                  "https://x-token:" + secret + "@ghe.example.com/api/v3/",
		"a user alone":               "https://" + secret + "@ghe.example.com/",
		"a token parameter":          "https://ghe.example.com/api/v3/?access_token=" + secret,
		"upper-case PRIVATE-TOKEN":   "https://gitlab.example.com/api/v4/?PRIVATE-TOKEN=" + secret,
		"a signature":                "https://gitlab.example.com/api/v4/?X-Amz-Signature=" + secret,
		"a key":                      "https://gitlab.example.com/api/v4/?Key=" + secret,
		"any query":                  "https://gitlab.example.com/api/v4/?" + secret,
		"a fragment":                 "https://gitlab.example.com/api/v4/#" + secret,
		"a GitHub token in the path": "https://ghe.example.com/ghp_" + secret + "/api/v3/",
		"a GitLab token in the host": "https://glpat-" + secret + ".example.com/",
		"an unparseable URL":         "https://user:" + secret + "@ghe.example.com:port/",
		"a bad escape":               "https://ghe.example.com/%zz" + secret,
		"a control character":        "https://ghe.example.com/\x00" + secret,
		"not http":                   "ftp://ghe.example.com/" + secret,
		"relative":                   "ghe.example.com/" + secret,
	} {
		_, err := ParseForgeURL(raw, false)
		if err == nil {
			t.Errorf("%s: %q accepted", name, raw)
			continue
		}
		if strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "ghe.example.com") && name != "not http" {
			t.Errorf("%s: error %q repeats the value", name, err)
		}
	}
}

func TestParseForgeURLAllowsHTTPOnlyToLoopbackUnlessTold(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://ghe.example.com/api/v3/":   true,
		"http://127.0.0.1:8080/api/v3/":     true,
		"http://127.0.0.2:8080/":            true,
		"http://[::1]:8080/":                true,
		"http://localhost:8080/":            true,
		"http://LOCALHOST/":                 true,
		"http://ghe.example.com/api/v3/":    false,
		"http://10.0.0.1/":                  false,
		"http://localhost.evil.example/":    false,
		"http://127.0.0.1.nip.io/":          false,
		"http://0.0.0.0:8080/":              false,
		"http://gitlab.example.com/api/v4/": false,
	} {
		_, err := ParseForgeURL(raw, false)
		if ok != (err == nil) {
			t.Errorf("%s: err %v, want ok %v", raw, err, ok)
		}
		if !ok && (!errors.Is(err, ErrInsecureHTTP) || !strings.Contains(err.Error(), "allow_insecure_http")) {
			t.Errorf("%s: error %v does not name allow_insecure_http", raw, err)
		}
		if _, err := ParseForgeURL(raw, true); err != nil {
			t.Errorf("%s with allow_insecure_http: %v", raw, err)
		}
	}
}

func TestForgeLinkKeepsOnlyTheWebHost(t *testing.T) {
	web := WebOrigin(mustURL(t, "https://api.github.com/"))
	for raw, want := range map[string]string{
		"https://github.com/acme/app":                     "https://github.com/acme/app",
		"https://github.com:443/acme/app":                 "https://github.com:443/acme/app",
		"https://GitHub.com/acme/app":                     "https://GitHub.com/acme/app",
		" https://github.com/acme/app ":                   "https://github.com/acme/app",
		"https://api.github.com/repos/acme/app":           "",
		"https://github.com.evil.example/acme/app":        "",
		"https://evil.example/acme/app":                   "",
		"http://github.com/acme/app":                      "",
		"https://github.com:8443/acme/app":                "",
		"https://github.com@evil.example/":                "",
		"https://user:pw@github.com/acme/app":             "",
		"javascript:alert(1)":                             "",
		"data:text/html,<script>alert(1)</script>":        "",
		"//github.com/acme/app":                           "",
		"/acme/app":                                       "",
		"https://github.com/acme/\u202eppa":               "",
		"https://github.com/acme/app\r\nX: y":             "",
		"https://github.com/" + strings.Repeat("a", 2000): "",
		"": "",
	} {
		if got := ForgeLink(raw, web); got != want {
			t.Errorf("ForgeLink(%q) = %q, want %q", raw, got, want)
		}
	}
	loop := WebOrigin(mustURL(t, "http://127.0.0.1:4567/api/v4/"))
	if got := ForgeLink("http://127.0.0.1:4567/acme/app", loop); got != "http://127.0.0.1:4567/acme/app" {
		t.Errorf("a simulator's own link was dropped: %q", got)
	}
	if got := ForgeLink("http://127.0.0.1:4568/acme/app", loop); got != "" {
		t.Errorf("another port's link was kept: %q", got)
	}
}

// get fetches u and closes the body, returning the error.
func get(c *http.Client, u string) error {
	resp, err := c.Get(u)
	if err == nil {
		resp.Body.Close()
	}
	return err
}

// TestRedirectPolicyAndHostGuard: a plain http.Client with the policy and the
// guard follows a same-host redirect, refuses one to another port, and the
// guard alone refuses a request addressed elsewhere before it is sent.
func TestRedirectPolicyAndHostGuard(t *testing.T) {
	var otherHits int
	other := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { otherHits++ }))
	defer other.Close()
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/same":
			http.Redirect(w, r, "/target", http.StatusFound)
		case "/away":
			http.Redirect(w, r, other.URL+"/target", http.StatusFound)
		case "/target":
			_, _ = io.WriteString(w, "ok")
		}
	}))
	defer src.Close()
	base := mustURL(t, src.URL+"/")
	client := &http.Client{
		Transport:     GuardHost("gh", base, http.DefaultTransport),
		CheckRedirect: SameHostRedirects("gh", base),
	}
	resp, err := client.Get(src.URL + "/same")
	if err != nil {
		t.Fatalf("same-host redirect: %v", err)
	}
	resp.Body.Close()

	err = get(client, src.URL+"/away")
	fh, ok := AsForeignHost(err)
	if !ok || !fh.Redirect || fh.Source != "gh" || fh.Host != mustURL(t, other.URL).Host {
		t.Fatalf("redirect away: err %v, want a ForeignHostError naming the other host", err)
	}
	if !strings.Contains(fh.Error(), `source "gh": the forge redirected to `+fh.Host+", another host; not followed") {
		t.Errorf("message %q", fh.Error())
	}

	noPolicy := &http.Client{Transport: GuardHost("gh", base, http.DefaultTransport)}
	err = get(noPolicy, other.URL+"/direct")
	if fh, ok := AsForeignHost(err); !ok || fh.Redirect {
		t.Fatalf("direct request elsewhere: err %v", err)
	}
	err = get(noPolicy, src.URL+"/away") // net/http follows; the guard refuses
	if _, ok := AsForeignHost(err); !ok {
		t.Fatalf("redirect without the policy: err %v", err)
	}
	if otherHits != 0 {
		t.Errorf("the other host got %d requests", otherHits)
	}
}
