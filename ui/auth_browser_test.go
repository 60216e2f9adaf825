package ui

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/oauth2-proxy/mockoidc"
)

// startMockOIDC runs oauth2-proxy's mockoidc, a real OpenID provider (discovery,
// JWKS, authorization code with PKCE, single-use codes), on loopback.
func startMockOIDC(t *testing.T) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return m
}

func mockOIDCAuth(m *mockoidc.MockOIDC) func(o *Options) {
	return func(o *Options) {
		cfg := m.Config()
		o.Auth.OIDC = &OIDCOptions{Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			Scopes: []string{"openid", "email", "profile", "groups"}}
	}
}

// TestAuthOIDCReplayedCodeFails: a callback replayed with its code, whether with
// the same login cookie or a fresh sign-in's state, is refused: the provider
// accepts a code once.
func TestAuthOIDCReplayedCodeFails(t *testing.T) {
	m := startMockOIDC(t)
	srv := startAuthServer(t, smallDB(t), mockOIDCAuth(m))
	m.QueueUser(&mockoidc.MockUser{Subject: "u1", Email: "dev@example.com", Groups: []string{"engineering"}})

	c := browserClient(t)
	cb := walkToCallback(t, c, srv.base, "/teams")
	su, _ := url.Parse(srv.base)
	loginCookies := c.Jar.Cookies(su)
	if h := do(t, c, "GET", cb, nil, nil); h.status != http.StatusSeeOther || !strings.HasSuffix(h.location, "/teams") {
		t.Fatalf("first use of the code: %d → %q; %.300s", h.status, h.location, h.body)
	}

	// The very same request again, login cookie and all (an attacker who copied it).
	thief := browserClient(t)
	thief.Jar.SetCookies(su, loginCookies)
	if h := do(t, thief, "GET", cb, nil, nil); h.status != http.StatusUnauthorized || !strings.Contains(h.body, "refused the code") {
		t.Fatalf("replayed callback: %d, want 401 (code refused); %.300s", h.status, h.body)
	}
	// The old code with a fresh sign-in's own state.
	fresh := browserClient(t)
	cb2 := walkToCallback(t, fresh, srv.base, "/teams")
	u2, _ := url.Parse(cb2)
	u1, _ := url.Parse(cb)
	q := u2.Query()
	q.Set("code", u1.Query().Get("code"))
	u2.RawQuery = q.Encode()
	if h := do(t, fresh, "GET", u2.String(), nil, nil); h.status != http.StatusUnauthorized {
		t.Fatalf("old code under a fresh state: %d, want 401", h.status)
	}
}

// TestAuthOIDCBrowserSignIn signs in through headless Chromium against mockoidc:
// a visit to a page is redirected to /login, on to the provider, back to
// /auth/callback and to the page asked for, which shows with an HttpOnly,
// SameSite=Lax session cookie; signing out through the form ends the session.
func TestAuthOIDCBrowserSignIn(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser tests need Chromium at %s: %v", chromiumPath, err)
	}
	if testing.Short() {
		t.Skip("browser tests skipped in -short mode")
	}
	m := startMockOIDC(t)
	srv := startAuthServer(t, smallDB(t), mockOIDCAuth(m))
	m.QueueUser(&mockoidc.MockUser{Subject: "u2", Email: "lead@example.com", Groups: []string{"engineering"}})

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()))
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(allocCtx)
	defer cancelTab()

	if err := chromedp.Do(tab,
		chromedp.Navigate(srv.base+"/teams/payments"),
		chromedp.WaitVisible(chromedp.CSS(`h1`)),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	title, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`h1`)))
	if err != nil {
		t.Fatal(err)
	}
	where, err := chromedp.Run(tab, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if where != srv.base+"/teams/payments" {
		t.Errorf("after sign-in the browser is at %s, want %s/teams/payments", where, srv.base)
	}
	if !strings.Contains(title, "Payments") {
		t.Errorf("page not shown after sign-in: title %q at %s", title, where)
	}
	cookies := browserCookies(t, tab, srv.base)
	var sess *network.Cookie
	for _, ck := range cookies {
		if ck.Name == sessionCookie {
			sess = ck
		}
		if ck.Name == loginCookie {
			t.Errorf("the login cookie outlived the callback")
		}
	}
	if sess == nil {
		t.Fatalf("no session cookie in the browser: %v", cookies)
	}
	if !sess.HTTPOnly || sess.SameSite != network.CookieSameSiteLax || sess.Secure {
		t.Errorf("session cookie: HttpOnly %v, SameSite %s, Secure %v; want true, Lax, false (http url)", sess.HTTPOnly, sess.SameSite, sess.Secure)
	}
	if srv.audit.find(AuditSignIn, "ok") == nil {
		t.Error("the sign-in was not audited")
	}

	// Sign out through the page's form (a POST with the CSRF token).
	if err := chromedp.Do(tab,
		chromedp.Navigate(srv.base+"/logout"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/logout"] button`)),
	); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	if _, err := chromedp.Run(tab, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)))); err != nil {
		t.Fatalf("submit the sign-out form: %v", err)
	}
	body, err := chromedp.Run(tab, chromedp.Poll[string](`(() => { const m = document.querySelector('main'); return m && m.innerText.includes('Signed out') ? m.innerText : null; })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("sign-out page: %v", err)
	}
	if !strings.Contains(body, "Signed out") {
		t.Errorf("sign-out page says %q", body)
	}
	for _, ck := range browserCookies(t, tab, srv.base) {
		if ck.Name == sessionCookie && ck.Value != "" {
			t.Errorf("the session cookie survived sign-out")
		}
	}
}

func browserCookies(t *testing.T, tab context.Context, base string) []*network.Cookie {
	t.Helper()
	res, err := chromedp.Call(tab, network.GetCookies, network.GetCookiesParams{URLs: []string{base}})
	if err != nil {
		t.Fatalf("read the browser's cookies: %v", err)
	}
	return res.Cookies
}

// TestAuditPageInTheBrowser: an admin signed in through the provider sees
// /admin/audit at a laptop's and a phone's width without sideways scrolling or
// console errors; its screenshots are saved with the other pages'.
func TestAuditPageInTheBrowser(t *testing.T) {
	browser := startBrowser(t)
	m := startMockOIDC(t)
	srv := startAuthServer(t, smallDB(t), mockOIDCAuth(m))
	m.QueueUser(&mockoidc.MockUser{Subject: "u3", Email: "admin@example.com", Groups: []string{"platform-admins"}})

	// Sign in once; the browser's other tabs share the session cookie.
	if err := chromedp.Do(browser,
		chromedp.Navigate(srv.base+"/admin/audit"),
		chromedp.WaitVisible(chromedp.CSS(`#audit-title`)),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	v := pageVisit{browser: browser, base: srv.base, shots: screenshotsDir(t)}
	for _, vp := range viewports {
		t.Run(vp.name+" px", func(t *testing.T) {
			v.open(t, vp, "audit", "/admin/audit", func(ctx context.Context) error {
				rows, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('main tbody tr').length`))
				if err != nil {
					return err
				}
				if rows == 0 {
					return fmt.Errorf("the audit log lists no event, not even the sign-in")
				}
				return nil
			})
		})
	}
}
