package collectors

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/paved-dev/paved/internal/sanitize"
)

// maxRedirects is how many same-host redirects one request follows (net/http's
// own default).
const maxRedirects = 10

// ForeignHostError is a request a collector would have sent to a host other
// than its source's base_url: a redirect to another host, or any other request
// addressed elsewhere. It is never sent, so the token never leaves for that
// host, and the resource that asked fails: nothing of the answer is stored.
type ForeignHostError struct {
	Source   string // the source's name
	Host     string // the other host (host:port), cleaned for display
	Redirect bool   // the forge redirected there
}

func (e *ForeignHostError) Error() string {
	if e.Redirect {
		return fmt.Sprintf("source %q: the forge redirected to %s, another host; not followed", e.Source, e.Host)
	}
	return fmt.Sprintf("source %q: a request to %s, another host, was not sent", e.Source, e.Host)
}

// AsForeignHost returns the ForeignHostError err wraps, if any.
func AsForeignHost(err error) (*ForeignHostError, bool) {
	var fh *ForeignHostError
	ok := errors.As(err, &fh)
	return fh, ok
}

// SameOrigin reports whether a and b have the same scheme, host and port
// (an absent port being the scheme's default).
func SameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && sameHostPort(a, b)
}

func sameHostPort(a, b *url.URL) bool {
	return strings.EqualFold(a.Hostname(), b.Hostname()) && effectivePort(a) == effectivePort(b)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

func foreignHost(source string, u *url.URL, redirect bool) *ForeignHostError {
	return &ForeignHostError{Source: source, Host: sanitize.Line(u.Host, sanitize.MaxName), Redirect: redirect}
}

// SameHostRedirects is an http.Client CheckRedirect for a source whose API is
// at base: a redirect to the same scheme, host and port is followed (up to 10
// of them); one anywhere else is refused with a ForeignHostError, so neither
// the Authorization header (which go-github sets again on every request its
// transport sends) nor the Private-Token header (which net/http copies to any
// host) leaves for it.
func SameHostRedirects(source string, base *url.URL) func(req *http.Request, via []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if !SameOrigin(req.URL, base) {
			return foreignHost(source, req.URL, true)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("source %q: stopped after %d redirects", source, maxRedirects)
		}
		return nil
	}
}

// GuardHost is a transport that sends only requests to base's scheme, host and
// port, and fails any other with a ForeignHostError before it is sent. It sits
// under the clients' own redirect handling and authentication, so a request a
// client builds from an absolute URL the forge sent, or a redirect it follows
// by hand, cannot take the token elsewhere either.
func GuardHost(source string, base *url.URL, next http.RoundTripper) http.RoundTripper {
	return hostGuard{source: source, base: base, next: next}
}

type hostGuard struct {
	source string
	base   *url.URL
	next   http.RoundTripper
}

func (g hostGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	if !SameOrigin(req.URL, g.base) {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, foreignHost(g.source, req.URL, req.Response != nil)
	}
	return g.next.RoundTrip(req)
}

// WebOrigin is the scheme and host of the web pages of the forge whose API is
// at apiBase: github.com for api.github.com (and NAME.ghe.com for
// api.NAME.ghe.com); the API's own host otherwise (GitHub Enterprise Server
// serves /api/v3/ on its web host, GitLab /api/v4/, simulators everything).
func WebOrigin(apiBase *url.URL) *url.URL {
	host := strings.ToLower(apiBase.Host)
	hostname := strings.ToLower(apiBase.Hostname())
	if hostname == "api.github.com" || strings.HasPrefix(hostname, "api.") && strings.HasSuffix(hostname, ".ghe.com") {
		host = strings.TrimPrefix(host, "api.")
	}
	return &url.URL{Scheme: strings.ToLower(apiBase.Scheme), Host: host}
}

// ForgeLink keeps a link the forge sent (html_url, web_url) only when it
// points at the source's own web host, web (see WebOrigin): an http(s) URL on
// that host and port, without user-info. Anything else is dropped (""), so
// "open on the forge" never leads elsewhere. A link that cleaning would change
// (control characters, longer than sanitize.MaxLine) is dropped too: cut or
// cleaned, it would not lead where it says.
func ForgeLink(raw string, web *url.URL) string {
	s := strings.TrimSpace(raw)
	if s == "" || web == nil || sanitize.Line(s, sanitize.MaxLine) != s {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil || u.Opaque != "" || u.Host == "" {
		return ""
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return ""
	}
	if !SameOrigin(u, web) {
		return ""
	}
	return s
}
