package ui

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"github.com/gofiber/fiber/v2"
	"golang.org/x/oauth2"
)

// oidcClient discovers the provider on first use (so a provider that is down at
// start-up delays sign-in, not the dashboard) and keeps what it learnt.
type oidcClient struct {
	opts        OIDCOptions
	redirectURL string
	http        *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
}

func newOIDCClient(o OIDCOptions, redirectURL string) *oidcClient {
	if len(o.Scopes) == 0 {
		o.Scopes = []string{oidc.ScopeOpenID, "email", "profile"}
	}
	if o.GroupsClaim == "" {
		o.GroupsClaim = "groups"
	}
	hc := o.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	return &oidcClient{opts: o, redirectURL: redirectURL, http: hc}
}

func (oc *oidcClient) ctx(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, oc.http)
}

func (oc *oidcClient) discover(ctx context.Context) (*oidc.Provider, error) {
	oc.mu.Lock()
	defer oc.mu.Unlock()
	if oc.provider != nil {
		return oc.provider, nil
	}
	ctx, cancel := context.WithTimeout(oc.ctx(ctx), 15*time.Second)
	defer cancel()
	p, err := oidc.NewProvider(ctx, oc.opts.Issuer)
	if err != nil {
		return nil, fmt.Errorf("OIDC discovery at %s: %w", oc.opts.Issuer, err)
	}
	oc.provider = p
	return p, nil
}

func (oc *oidcClient) config(p *oidc.Provider) *oauth2.Config {
	scopes := oc.opts.Scopes
	if !containsString(scopes, oidc.ScopeOpenID) {
		scopes = append([]string{oidc.ScopeOpenID}, scopes...)
	}
	return &oauth2.Config{
		ClientID: oc.opts.ClientID, ClientSecret: oc.opts.ClientSecret,
		Endpoint: p.Endpoint(), RedirectURL: oc.redirectURL, Scopes: scopes,
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// localPath keeps a post-sign-in destination on this site: a path, never a
// scheme-relative or absolute URL (no open redirect).
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

// loginPage starts a sign-in: OIDC with state, nonce and a PKCE S256 challenge,
// all kept in a short-lived signed and encrypted cookie; or, behind a trusted
// proxy, a page saying the proxy did not vouch for this request.
func (s *server) loginPage(c *fiber.Ctx) error {
	next := localPath(c.Query("next"))
	if s.oidc == nil {
		if id := s.headerIdentity(c); id != nil {
			return c.Redirect(next, fiber.StatusSeeOther)
		}
		return &httpError{fiber.StatusUnauthorized, "Paved learns who you are from its sign-in proxy, and this request did not come through it. Open the dashboard through the proxy's address."}
	}
	p, err := s.oidc.discover(c.UserContext())
	if err != nil {
		s.log.ErrorContext(c.UserContext(), "sign-in unavailable", "err", err)
		return &httpError{fiber.StatusBadGateway, "Sign-in is unavailable: the identity provider could not be reached. Try again in a minute."}
	}
	ls := loginState{State: randomString(24), Nonce: randomString(24), Verifier: oauth2.GenerateVerifier(), Next: next}
	v, err := s.cookies.login.Encode(loginCookie, ls)
	if err != nil {
		return err
	}
	s.setCookie(c, loginCookie, v, loginMaxAge)
	u := s.oidc.config(p).AuthCodeURL(ls.State, oidc.Nonce(ls.Nonce), oauth2.S256ChallengeOption(ls.Verifier))
	return c.Redirect(u, fiber.StatusSeeOther)
}

// errSignIn is a refused sign-in; its message is safe to show.
type errSignIn struct{ msg string }

func (e errSignIn) Error() string { return e.msg }

// callback completes the code flow: the state must match the login cookie's, the
// code is exchanged with the PKCE verifier, the ID token is verified against the
// provider's keys (signature, issuer, audience, expiry) and its nonce must match.
func (s *server) callback(c *fiber.Ctx) error {
	if s.oidc == nil {
		return notFound("sign-in with OpenID Connect is not configured")
	}
	user, groups, next, err := s.completeSignIn(c)
	s.clearCookie(c, loginCookie)
	if err != nil {
		var se errSignIn
		msg := "sign-in failed"
		if errors.As(err, &se) {
			msg = se.msg
		}
		s.log.WarnContext(c.UserContext(), "sign-in refused", "err", err)
		s.audit(c, AuditEvent{Actor: user, Action: AuditSignIn, Outcome: "refused: " + msg})
		return &httpError{fiber.StatusUnauthorized, "Sign-in failed: " + msg + ". Start again from the dashboard."}
	}
	role := s.auth.roleOf(user, groups)
	if role == "" {
		s.audit(c, AuditEvent{Actor: user, Action: AuditSignIn, Outcome: "refused: no role"})
		return noRole(user)
	}
	now := s.now().Unix()
	sess := &session{ID: randomString(18), User: user, Groups: s.auth.keepGroups(groups), Issued: now, Seen: now}
	if err := s.writeSession(c, sess); err != nil {
		return err
	}
	s.audit(c, AuditEvent{Actor: user, Action: AuditSignIn, Target: role, Outcome: "ok"})
	return c.Redirect(next, fiber.StatusSeeOther)
}

func noRole(user string) error {
	return &httpError{fiber.StatusForbidden, "You are signed in as " + truncate(maxDisplay, user) +
		", but you hold no role in Paved. Ask an admin to add you (or one of your groups) to auth.roles."}
}

func (s *server) completeSignIn(c *fiber.Ctx) (user string, groups []string, next string, err error) {
	var ls loginState
	raw := c.Cookies(loginCookie)
	if raw == "" {
		return "", nil, "", errSignIn{"the sign-in took too long or was started in another browser"}
	}
	if err := s.cookies.login.Decode(loginCookie, raw, &ls); err != nil {
		return "", nil, "", errSignIn{"the sign-in took too long or its cookie was altered"}
	}
	next = ls.Next
	if e := c.Query("error"); e != "" {
		return "", nil, next, errSignIn{"the identity provider answered " + truncate(80, e)}
	}
	if subtle.ConstantTimeCompare([]byte(c.Query("state")), []byte(ls.State)) != 1 {
		return "", nil, next, errSignIn{"the state parameter does not match this browser's sign-in"}
	}
	code := c.Query("code")
	if code == "" {
		return "", nil, next, errSignIn{"the identity provider sent no code"}
	}
	ctx, cancel := context.WithTimeout(s.oidc.ctx(c.UserContext()), 20*time.Second)
	defer cancel()
	p, err := s.oidc.discover(ctx)
	if err != nil {
		return "", nil, next, err
	}
	tok, err := s.oidc.config(p).Exchange(ctx, code, oauth2.VerifierOption(ls.Verifier))
	if err != nil {
		return "", nil, next, errSignIn{"the identity provider refused the code"}
	}
	rawID, ok := tok.Extra("id_token").(string)
	if !ok || rawID == "" {
		return "", nil, next, errSignIn{"the identity provider sent no ID token"}
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: s.oidc.opts.ClientID}).Verify(ctx, rawID)
	if err != nil {
		var expired *oidc.TokenExpiredError
		if errors.As(err, &expired) {
			return "", nil, next, errSignIn{"the ID token has expired"}
		}
		return "", nil, next, fmt.Errorf("%w: %w", errSignIn{"the ID token could not be verified"}, err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(ls.Nonce)) != 1 {
		return "", nil, next, errSignIn{"the ID token's nonce does not match this sign-in"}
	}
	claims := map[string]any{}
	if err := idt.Claims(&claims); err != nil {
		return "", nil, next, errSignIn{"the ID token's claims could not be read"}
	}
	user, _ = claims["email"].(string)
	if user == "" {
		user = idt.Subject
	}
	return user, claimStrings(claims[s.oidc.opts.GroupsClaim]), next, nil
}

// claimStrings reads a groups claim: a list of strings, or one string.
func claimStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// logoutPage shows who is signed in, with the sign-out button (a POST carrying
// the CSRF token).
func (s *server) logoutPage(c *fiber.Ctx) error {
	id := identityOf(c)
	page := accountPage{layout: s.layoutFor("Your session", ""), Identity: id}
	return s.render(c, "account", &page)
}

// logout ends the session (the CSRF token was checked by the access middleware).
func (s *server) logout(c *fiber.Ctx) error {
	id := identityOf(c)
	s.clearCookie(c, sessionCookie)
	if id != nil {
		s.audit(c, AuditEvent{Actor: id.User, Action: AuditSignOut, Outcome: "ok"})
	}
	page := accountPage{layout: s.layoutFor("Signed out", ""), SignedOut: true}
	return s.render(c, "account", &page)
}

type accountPage struct {
	layout
	Identity  *identity
	SignedOut bool
}

// redirectURL is where the provider sends people back.
func redirectURL(publicURL string) string {
	u, err := url.Parse(publicURL)
	if err != nil || u.Host == "" {
		return ""
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/auth/callback"
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}
