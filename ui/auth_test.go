package ui

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/paved-dev/paved/db"
)

// fakeTokens is an in-memory TokenChecker: plaintext → identity.
type fakeTokens map[string]TokenIdentity

func (f fakeTokens) CheckAPIToken(_ context.Context, plaintext string) (TokenIdentity, error) {
	if ti, ok := f[plaintext]; ok {
		return ti, nil
	}
	return TokenIdentity{}, errors.New("unknown token")
}

// fakeAudit is an in-memory AuditLog.
type fakeAudit struct {
	mu     sync.Mutex
	events []AuditEvent
}

func (f *fakeAudit) Record(_ context.Context, ev AuditEvent) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, ev)
	return nil
}

func (f *fakeAudit) Recent(_ context.Context, limit int) ([]AuditEvent, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := slices.Clone(f.events)
	slices.Reverse(out)
	return out[:min(limit, len(out))], nil
}

func (f *fakeAudit) find(action, outcomePrefix string) *AuditEvent {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.events {
		if f.events[i].Action == action && strings.HasPrefix(f.events[i].Outcome, outcomePrefix) {
			return &f.events[i]
		}
	}
	return nil
}

const testSessionKey = "0123456789abcdef0123456789abcdef-test-key"

// authServer serves the app with access control on a loopback listener; mutate
// adjusts the options (PublicURL is the listener's address).
type authServer struct {
	base  string
	audit *fakeAudit
}

func startAuthServer(t *testing.T, d *db.DB, mutate func(o *Options)) *authServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	audit := &fakeAudit{}
	opts := Options{
		PublicURL:    base + "/",
		AllowedHosts: []string{"127.0.0.1", "localhost"},
		Auth: &AuthOptions{
			SessionKey: []byte(testSessionKey),
			Roles:      Roles{Admin: []string{"group:platform-admins"}, Security: []string{"group:appsec"}, Viewer: []string{"group:engineering"}},
			Teams:      map[string][]string{"payments": {"group:payments-eng"}, "checkout": {"group:checkout-eng", "user:lead@example.com"}},
			Tokens:     fakeTokens{"tok-viewer": {Name: "ci", Role: RoleViewer}, "tok-security": {Name: "sec-bot", Role: RoleSecurity}},
			Audit:      audit,
		},
	}
	if mutate != nil {
		mutate(&opts)
	}
	app := appFor(t, d, opts)
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.Shutdown() })
	return &authServer{base: base, audit: audit}
}

// browserClient keeps cookies and does not follow redirects, so each hop can be
// checked.
func browserClient(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type hop struct {
	status   int
	location string
	body     string
	header   http.Header
}

func do(t *testing.T, c *http.Client, method, u string, body url.Values, hdr map[string]string) hop {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = strings.NewReader(body.Encode())
	}
	req, err := http.NewRequest(method, u, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	loc := resp.Header.Get("Location")
	if loc != "" && strings.HasPrefix(loc, "/") {
		base, _ := url.Parse(u)
		loc = base.Scheme + "://" + base.Host + loc
	}
	return hop{status: resp.StatusCode, location: loc, body: string(b), header: resp.Header}
}

// follow walks redirects from u and returns every hop, the last one not a redirect.
func follow(t *testing.T, c *http.Client, u string) []hop {
	t.Helper()
	var hops []hop
	for range 10 {
		h := do(t, c, "GET", u, nil, nil)
		hops = append(hops, h)
		if h.status < 300 || h.status >= 400 {
			return hops
		}
		u = h.location
	}
	t.Fatalf("more than 10 redirects from %s", u)
	return nil
}

// walkToCallback follows redirects from base+path until the provider sends the
// browser back to /auth/callback, and returns that URL without requesting it.
func walkToCallback(t *testing.T, c *http.Client, base, path string) string {
	t.Helper()
	u := base + path
	for range 10 {
		h := do(t, c, "GET", u, nil, nil)
		if h.status < 300 || h.status >= 400 {
			t.Fatalf("GET %s: %d before reaching the callback: %.300s", u, h.status, h.body)
		}
		if strings.HasPrefix(h.location, base+"/auth/callback") {
			return h.location
		}
		u = h.location
	}
	t.Fatal("no callback reached")
	return ""
}

func testOPAuth(op *testOP) func(o *Options) {
	return func(o *Options) {
		o.Auth.OIDC = &OIDCOptions{Issuer: op.srv.URL, ClientID: op.clientID, ClientSecret: "s3cret",
			Scopes: []string{"openid", "email", "groups"}}
	}
}

// TestAuthOIDCNegativeCases: each bad callback is refused with 401, sets no
// session, and is audited as a refused sign-in.
func TestAuthOIDCNegativeCases(t *testing.T) {
	op := newTestOP(t)
	srv := startAuthServer(t, smallDB(t), testOPAuth(op))
	op.set(func(op *testOP) { op.groups = []string{"engineering"} })

	refused := func(t *testing.T, c *http.Client, cb, want string) {
		t.Helper()
		h := do(t, c, "GET", cb, nil, nil)
		if h.status != http.StatusUnauthorized || !strings.Contains(h.body, want) {
			t.Fatalf("callback: status %d, want 401 saying %q; body %.400s", h.status, want, h.body)
		}
		if h := do(t, c, "GET", srv.base+"/teams", nil, nil); h.status != http.StatusSeeOther {
			t.Fatalf("after a refused sign-in /teams answered %d, want a redirect to /login (no session)", h.status)
		}
	}

	t.Run("a good sign-in works (control)", func(t *testing.T) {
		c := browserClient(t)
		hops := follow(t, c, srv.base+"/teams")
		if last := hops[len(hops)-1]; last.status != 200 || !strings.Contains(last.body, "<h1") {
			t.Fatalf("sign-in through the test provider: last hop %d", last.status)
		}
	})
	t.Run("a tampered state is refused", func(t *testing.T) {
		c := browserClient(t)
		cb := walkToCallback(t, c, srv.base, "/teams")
		u, _ := url.Parse(cb)
		q := u.Query()
		q.Set("state", q.Get("state")+"x")
		u.RawQuery = q.Encode()
		refused(t, c, u.String(), "state parameter does not match")
	})
	t.Run("a callback without the login cookie is refused", func(t *testing.T) {
		cb := walkToCallback(t, browserClient(t), srv.base, "/teams")
		refused(t, browserClient(t), cb, "another browser")
	})
	t.Run("a wrong nonce is refused", func(t *testing.T) {
		op.set(func(op *testOP) { op.mint = func(c *idClaims) { c.Nonce = "not-the-nonce" } })
		defer op.set(func(op *testOP) { op.mint = nil })
		c := browserClient(t)
		refused(t, c, walkToCallback(t, c, srv.base, "/teams"), "nonce does not match")
	})
	t.Run("an expired ID token is refused", func(t *testing.T) {
		op.set(func(op *testOP) {
			op.mint = func(c *idClaims) {
				c.IssuedAt = jwtDate(time.Now().Add(-2 * time.Hour))
				c.Expiry = jwtDate(time.Now().Add(-time.Hour))
			}
		})
		defer op.set(func(op *testOP) { op.mint = nil })
		c := browserClient(t)
		refused(t, c, walkToCallback(t, c, srv.base, "/teams"), "ID token has expired")
	})
	t.Run("an ID token signed by another key is refused", func(t *testing.T) {
		op.set(func(op *testOP) { op.signer = op.otherKey })
		defer op.set(func(op *testOP) { op.signer = nil })
		c := browserClient(t)
		refused(t, c, walkToCallback(t, c, srv.base, "/teams"), "could not be verified")
	})
	t.Run("an ID token for another client is refused", func(t *testing.T) {
		op.set(func(op *testOP) { op.mint = func(c *idClaims) { c.Audience = []string{"someone-else"} } })
		defer op.set(func(op *testOP) { op.mint = nil })
		c := browserClient(t)
		refused(t, c, walkToCallback(t, c, srv.base, "/teams"), "could not be verified")
	})
	t.Run("an ID token from another issuer is refused", func(t *testing.T) {
		op.set(func(op *testOP) { op.mint = func(c *idClaims) { c.Issuer = "https://evil.example" } })
		defer op.set(func(op *testOP) { op.mint = nil })
		c := browserClient(t)
		refused(t, c, walkToCallback(t, c, srv.base, "/teams"), "could not be verified")
	})
	t.Run("a user in no role gets 403 and no session", func(t *testing.T) {
		op.set(func(op *testOP) { op.groups = []string{"marketing"}; op.user = "nobody@example.com" })
		defer op.set(func(op *testOP) { op.groups = []string{"engineering"}; op.user = "op.user@example.com" })
		c := browserClient(t)
		h := do(t, c, "GET", walkToCallback(t, c, srv.base, "/teams"), nil, nil)
		if h.status != http.StatusForbidden || !strings.Contains(h.body, "no role") {
			t.Fatalf("no-role user: status %d, want 403 saying no role; %.300s", h.status, h.body)
		}
		if h := do(t, c, "GET", srv.base+"/teams", nil, nil); h.status != http.StatusSeeOther {
			t.Fatalf("a no-role user got a session: /teams answered %d", h.status)
		}
		if srv.audit.find(AuditSignIn, "refused: no role") == nil {
			t.Error("the refused sign-in was not audited")
		}
	})
	if srv.audit.find(AuditSignIn, "ok") == nil || srv.audit.find(AuditSignIn, "refused: the state") == nil {
		t.Errorf("sign-ins not audited: %+v", srv.audit.events)
	}
}

// TestAuthCookiesAndSessionLifecycle: session and login cookies are HttpOnly and
// SameSite=Lax, Secure exactly when url is https; logout is a POST that needs the
// CSRF token; a tampered cookie is no session; idle and absolute expiry end it.
func TestAuthCookiesAndSessionLifecycle(t *testing.T) {
	op := newTestOP(t)
	op.set(func(op *testOP) { op.groups = []string{"engineering"} })
	var now struct {
		sync.Mutex
		t time.Time
	}
	now.t = seedNow
	clock := func() time.Time { now.Lock(); defer now.Unlock(); return now.t }
	advance := func(d time.Duration) { now.Lock(); now.t = now.t.Add(d); now.Unlock() }

	for _, secure := range []bool{false, true} {
		name := "http url"
		if secure {
			name = "https url"
		}
		t.Run(name, func(t *testing.T) {
			srv := startAuthServer(t, smallDB(t), func(o *Options) {
				testOPAuth(op)(o)
				o.Now = clock
				if secure {
					// The test talks plain HTTP; only the url says https. The
					// redirect URL stays reachable.
					o.PublicURL = strings.Replace(o.PublicURL, "http://", "https://", 1)
				}
			})
			c := browserClient(t)
			h := do(t, c, "GET", srv.base+"/login", nil, nil)
			checkCookie(t, h.header, loginCookie, secure)
			if secure {
				if hsts := h.header.Get("Strict-Transport-Security"); hsts == "" {
					t.Error("no HSTS with an https url")
				}
				return // the plain-HTTP jar would not send Secure cookies back
			}
			if hsts := h.header.Get("Strict-Transport-Security"); hsts != "" {
				t.Errorf("HSTS on an http url: %q", hsts)
			}
			u, _ := url.Parse(h.location)
			h = do(t, c, "GET", h.location, nil, nil) // the provider
			_ = u
			h = do(t, c, "GET", h.location, nil, nil) // the callback
			if h.status != http.StatusSeeOther {
				t.Fatalf("callback: %d %.300s", h.status, h.body)
			}
			checkCookie(t, h.header, sessionCookie, false)

			page := do(t, c, "GET", srv.base+"/logout", nil, nil)
			if page.status != 200 || !strings.Contains(page.body, "op.user@example.com") {
				t.Fatalf("/logout page: %d", page.status)
			}
			// A POST without the CSRF token is refused and the session lives on.
			if h := do(t, c, "POST", srv.base+"/logout", url.Values{}, nil); h.status != http.StatusForbidden {
				t.Fatalf("logout without CSRF: %d, want 403", h.status)
			}
			if h := do(t, c, "POST", srv.base+"/logout", url.Values{"csrf": {"forged"}}, nil); h.status != http.StatusForbidden {
				t.Fatalf("logout with a forged CSRF token: %d, want 403", h.status)
			}
			if h := do(t, c, "GET", srv.base+"/teams", nil, nil); h.status != 200 {
				t.Fatalf("session ended by a refused logout: %d", h.status)
			}
			csrf := between(page.body, `name="csrf" value="`, `"`)
			if h := do(t, c, "POST", srv.base+"/logout", url.Values{"csrf": {csrf}}, nil); h.status != 200 || !strings.Contains(h.body, "Signed out") {
				t.Fatalf("logout with CSRF: %d", h.status)
			}
			if h := do(t, c, "GET", srv.base+"/teams", nil, nil); h.status != http.StatusSeeOther {
				t.Fatalf("after logout /teams answered %d, want a redirect to /login", h.status)
			}

			// Idle expiry.
			c = browserClient(t)
			follow(t, c, srv.base+"/teams")
			advance(defaultSessionIdle - time.Minute)
			if h := do(t, c, "GET", srv.base+"/teams", nil, nil); h.status != 200 {
				t.Fatalf("session ended before its idle expiry: %d", h.status)
			}
			advance(defaultSessionIdle - time.Minute) // refreshed by the last request
			if h := do(t, c, "GET", srv.base+"/teams", nil, nil); h.status != 200 {
				t.Fatalf("a used session ended: %d", h.status)
			}
			advance(defaultSessionIdle + time.Minute)
			if h := do(t, c, "GET", srv.base+"/teams", nil, nil); h.status != http.StatusSeeOther {
				t.Fatalf("an idle session lived on: %d", h.status)
			}
			// Absolute expiry, however busy the session.
			c = browserClient(t)
			follow(t, c, srv.base+"/teams")
			for range int(defaultSessionMax/(defaultSessionIdle-time.Hour)) + 1 {
				advance(defaultSessionIdle - time.Hour)
				do(t, c, "GET", srv.base+"/teams", nil, nil)
			}
			if h := do(t, c, "GET", srv.base+"/teams", nil, nil); h.status != http.StatusSeeOther {
				t.Fatalf("a session lived past its absolute expiry: %d", h.status)
			}
			// A tampered session cookie is no session.
			c = browserClient(t)
			follow(t, c, srv.base+"/teams")
			su, _ := url.Parse(srv.base)
			for _, ck := range c.Jar.Cookies(su) {
				if ck.Name == sessionCookie {
					ck.Value = ck.Value[:len(ck.Value)-2] + "AA"
					c.Jar.SetCookies(su, []*http.Cookie{ck})
				}
			}
			if h := do(t, c, "GET", srv.base+"/teams", nil, nil); h.status != http.StatusSeeOther {
				t.Fatalf("a tampered session cookie was accepted: %d", h.status)
			}
		})
	}
}

func checkCookie(t *testing.T, h http.Header, name string, secure bool) {
	t.Helper()
	for _, line := range h.Values("Set-Cookie") {
		if !strings.HasPrefix(line, name+"=") {
			continue
		}
		l := strings.ToLower(line)
		if !strings.Contains(l, "httponly") || !strings.Contains(l, "samesite=lax") {
			t.Errorf("cookie %s lacks HttpOnly or SameSite=Lax: %s", name, line)
		}
		if strings.Contains(l, "; secure") != secure {
			t.Errorf("cookie %s: Secure is %v, want %v: %s", name, !secure, secure, line)
		}
		return
	}
	t.Errorf("no %s cookie set; Set-Cookie: %v", name, h.Values("Set-Cookie"))
}

func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}

// TestAuthAPITokensAndStrangers: the API, exports and /metrics take a bearer
// token or a session and otherwise answer 401 in JSON; /healthz stays open; pages
// send strangers to /login; /admin/audit is for admins only; exports are audited.
func TestAuthAPITokensAndStrangers(t *testing.T) {
	srv := startAuthServer(t, smallDB(t), func(o *Options) {
		o.Auth.TrustedHeader = &TrustedHeaderOptions{User: "X-Forwarded-Email", Groups: "X-Forwarded-Groups",
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	})
	c := browserClient(t)
	for _, p := range []string{"/api/v1/org", "/api/v1/teams", "/api/v1/teams/payments", "/export/teams.csv", "/metrics"} {
		h := do(t, c, "GET", srv.base+p, nil, nil)
		if h.status != http.StatusUnauthorized || !strings.HasPrefix(h.header.Get("Content-Type"), "application/json") || !strings.Contains(h.body, `"error"`) {
			t.Errorf("%s without credentials: %d %s %.200s, want 401 JSON with error", p, h.status, h.header.Get("Content-Type"), h.body)
		}
		for _, bad := range []string{"Bearer nope", "Basic dXNlcjpwYXNz", "Bearer "} {
			if h := do(t, c, "GET", srv.base+p, nil, map[string]string{"Authorization": bad}); h.status != http.StatusUnauthorized {
				t.Errorf("%s with %q: %d, want 401", p, bad, h.status)
			}
		}
		if h := do(t, c, "GET", srv.base+p, nil, map[string]string{"Authorization": "Bearer tok-viewer"}); h.status != 200 {
			t.Errorf("%s with a good token: %d %.200s", p, h.status, h.body)
		}
	}
	if h := do(t, c, "GET", srv.base+"/healthz", nil, nil); h.status != 200 {
		t.Errorf("/healthz: %d, want 200 without credentials", h.status)
	}
	if h := do(t, c, "GET", srv.base+"/teams/payments?x=1", nil, nil); h.status != http.StatusSeeOther || !strings.HasSuffix(h.location, "/login?next=%2Fteams%2Fpayments%3Fx%3D1") {
		t.Errorf("page without a session: %d → %q, want 303 to /login?next=…", h.status, h.location)
	}
	// A token is not a page credential.
	if h := do(t, c, "GET", srv.base+"/teams", nil, map[string]string{"Authorization": "Bearer tok-viewer"}); h.status != http.StatusSeeOther {
		t.Errorf("page with a bearer token: %d, want the sign-in redirect", h.status)
	}
	if srv.audit.find(AuditExport, "ok") == nil {
		t.Error("an export was not audited")
	}

	// Trusted headers from a trusted peer (the test runs on 127.0.0.1).
	hdr := func(user, groups string) map[string]string {
		return map[string]string{"X-Forwarded-Email": user, "X-Forwarded-Groups": groups}
	}
	if h := do(t, c, "GET", srv.base+"/teams", nil, hdr("dev@example.com", "engineering")); h.status != 200 {
		t.Errorf("trusted header viewer: %d", h.status)
	}
	if h := do(t, c, "GET", srv.base+"/teams", nil, hdr("out@example.com", "marketing")); h.status != http.StatusForbidden {
		t.Errorf("trusted header user in no role: %d, want 403", h.status)
	}
	if h := do(t, c, "GET", srv.base+"/admin/audit", nil, hdr("dev@example.com", "engineering")); h.status != http.StatusForbidden {
		t.Errorf("/admin/audit for a viewer: %d, want 403", h.status)
	}
	h := do(t, c, "GET", srv.base+"/admin/audit", nil, hdr("root@example.com", "platform-admins, engineering"))
	if h.status != 200 || !strings.Contains(h.body, "export") || !strings.Contains(h.body, "token:ci") {
		t.Errorf("/admin/audit for an admin: %d; lists the export by token:ci? %.300s", h.status, h.body)
	}
	if srv.audit.find(AuditAdminView, "ok") == nil {
		t.Error("the admin page view was not audited")
	}
	// A POST from a header-authenticated browser still needs the CSRF token.
	if h := do(t, c, "POST", srv.base+"/logout", url.Values{}, hdr("dev@example.com", "engineering")); h.status != http.StatusForbidden {
		t.Errorf("POST without CSRF under header auth: %d, want 403", h.status)
	}
}

// TestAuthTrustedHeaderIgnoredFromUntrustedPeers: the same headers from a peer
// outside trusted_proxies are ignored (not signed in).
func TestAuthTrustedHeaderIgnoredFromUntrustedPeers(t *testing.T) {
	srv := startAuthServer(t, smallDB(t), func(o *Options) {
		o.Auth.TrustedHeader = &TrustedHeaderOptions{User: "X-Forwarded-Email", Groups: "X-Forwarded-Groups",
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.9.8.0/24")}}
	})
	c := browserClient(t)
	hdr := map[string]string{"X-Forwarded-Email": "root@example.com", "X-Forwarded-Groups": "platform-admins"}
	if h := do(t, c, "GET", srv.base+"/teams", nil, hdr); h.status != http.StatusSeeOther {
		t.Errorf("forged header from an untrusted peer, page: %d, want the sign-in redirect", h.status)
	}
	if h := do(t, c, "GET", srv.base+"/api/v1/org", nil, hdr); h.status != http.StatusUnauthorized {
		t.Errorf("forged header from an untrusted peer, API: %d, want 401", h.status)
	}
	if h := do(t, c, "GET", srv.base+"/login", nil, hdr); h.status != http.StatusUnauthorized {
		t.Errorf("/login from an untrusted peer: %d, want 401", h.status)
	}
}

// TestAuthForeignHostIsRefused: a Host the dashboard does not answer to gets 421,
// with or without auth; the configured names are served.
func TestAuthForeignHostIsRefused(t *testing.T) {
	app := appFor(t, smallDB(t), Options{AllowedHosts: []string{"127.0.0.1", "localhost", "paved.example.com"}})
	for host, want := range map[string]int{
		"paved.example.com":      200,
		"paved.example.com:8080": 200,
		"localhost:8080":         200,
		"127.0.0.1":              200,
		"attacker.example":       421,
		"attacker.example:8080":  421,
		"paved.example.com.evil": 421,
		"10.0.0.1":               421,
	} {
		req, _ := http.NewRequest("GET", "http://x/healthz", nil)
		req.Host = host
		resp, err := app.Test(req, -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, resp.StatusCode, want)
		}
	}
}

func jwtDate(t time.Time) *jwt.NumericDate { return jwt.NewNumericDate(t) }
