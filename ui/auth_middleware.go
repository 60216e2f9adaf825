package ui

import (
	"net"
	"net/netip"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
)

const identityKey = "paved.identity"

// identityOf is who the request comes from; nil without access control.
func identityOf(c *fiber.Ctx) *identity {
	id, _ := c.Locals(identityKey).(*identity)
	return id
}

// hostGuard refuses requests whose Host is not one the dashboard answers to, so
// a page on a rebound DNS name cannot read it (DNS rebinding).
func (s *server) hostGuard(c *fiber.Ctx) error {
	host := strings.ToLower(c.Hostname())
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
	if s.hosts[host] {
		return c.Next()
	}
	if s.anyIPHost {
		if _, err := netip.ParseAddr(host); err == nil {
			return c.Next()
		}
	}
	c.Status(fiber.StatusMisdirectedRequest)
	c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
	return c.SendString("421 Misdirected Request: this server does not answer to that host name\n")
}

// apiPath reports the paths that take bearer tokens and answer 401 in JSON.
func apiPath(p string) bool {
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/export/") || p == "/metrics"
}

// openPath reports the paths served to anyone.
func openPath(p string) bool {
	return p == "/healthz" || strings.HasPrefix(p, "/static/") || p == "/login" || p == "/auth/callback" || p == "/favicon.ico"
}

// authenticate decides who a request comes from and whether they may have it:
// a bearer token (API paths only), the session cookie, or a trusted proxy's
// headers. Pages send strangers to /login, the API answers 401 in JSON, someone
// signed in with no role gets 403, and every state-changing request needs the
// session's CSRF token.
func (s *server) authenticate(c *fiber.Ctx) error {
	path := c.Path()
	if openPath(path) {
		return c.Next()
	}
	id, err := s.identify(c)
	if err != nil {
		return err
	}
	if id == nil {
		if apiPath(path) {
			return &httpError{fiber.StatusUnauthorized, "sign in, or send an API token as Authorization: Bearer TOKEN"}
		}
		if c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead {
			return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
		}
		return &httpError{fiber.StatusUnauthorized, "sign in first"}
	}
	if id.Role == "" {
		return noRole(id.User)
	}
	c.Locals(identityKey, id)
	if m := c.Method(); m != fiber.MethodGet && m != fiber.MethodHead && m != fiber.MethodOptions && id.Via != viaToken {
		tok := c.FormValue("csrf")
		if tok == "" {
			tok = c.Get("X-CSRF-Token")
		}
		if !s.cookies.checkCSRF(id.csrfSubject, tok) {
			return &httpError{fiber.StatusForbidden, "this form has expired or came from another site (CSRF token missing or wrong); reload the page and try again"}
		}
	}
	if strings.HasPrefix(path, "/admin/") && id.Role != RoleAdmin {
		return &httpError{fiber.StatusForbidden, "only admins may open " + path}
	}
	return c.Next()
}

// How an identity was established.
const (
	viaSession = "session"
	viaToken   = "token"
	viaHeader  = "header"
)

func (s *server) identify(c *fiber.Ctx) (*identity, error) {
	if h := c.Get(fiber.HeaderAuthorization); h != "" && apiPath(c.Path()) {
		return s.tokenIdentity(c, h)
	}
	sess, err := s.readSession(c)
	if err != nil {
		s.clearCookie(c, sessionCookie)
	}
	if sess != nil {
		id := &identity{User: sess.User, Groups: sess.Groups, Via: viaSession, csrfSubject: "s:" + sess.ID}
		id.Role = s.auth.roleOf(id.User, id.Groups)
		id.CSRF = s.cookies.csrfToken(id.csrfSubject)
		return id, nil
	}
	return s.headerIdentity(c), nil
}

// tokenIdentity checks an API token; a wrong, revoked or expired one is a 401
// at once, whatever cookie comes with it.
func (s *server) tokenIdentity(c *fiber.Ctx, header string) (*identity, error) {
	scheme, tok, ok := strings.Cut(header, " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return nil, &httpError{fiber.StatusUnauthorized, "the Authorization header must be Bearer TOKEN"}
	}
	if s.auth.Tokens == nil {
		return nil, &httpError{fiber.StatusUnauthorized, "API tokens are not accepted by this server"}
	}
	ti, err := s.auth.Tokens.CheckAPIToken(c.UserContext(), tok)
	if err != nil {
		return nil, &httpError{fiber.StatusUnauthorized, "the API token is unknown, revoked or expired"}
	}
	role := ti.Role
	if roleRank(role) == 0 {
		role = RoleViewer
	}
	return &identity{User: "token:" + ti.Name, Role: role, Via: viaToken}, nil
}

// headerIdentity believes the proxy's headers only when the TCP peer is one of
// the trusted proxies; from anyone else they are ignored.
func (s *server) headerIdentity(c *fiber.Ctx) *identity {
	th := s.auth.TrustedHeader
	if th == nil {
		return nil
	}
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		return nil
	}
	peer = peer.Unmap()
	trusted := false
	for _, p := range th.TrustedProxies {
		if p.Contains(peer) {
			trusted = true
			break
		}
	}
	if !trusted {
		return nil
	}
	user := strings.TrimSpace(c.Get(th.User))
	if user == "" {
		return nil
	}
	var groups []string
	if th.Groups != "" {
		for _, g := range strings.Split(c.Get(th.Groups), ",") {
			if g = strings.TrimSpace(g); g != "" {
				groups = append(groups, g)
			}
		}
	}
	id := &identity{User: user, Groups: s.auth.keepGroups(groups), Via: viaHeader, csrfSubject: "h:" + user}
	id.Role = s.auth.roleOf(user, groups)
	id.CSRF = s.cookies.csrfToken(id.csrfSubject)
	return id
}

// audit records an event, filling in the time and the client's address; a
// failing audit log is logged, not fatal to the request.
func (s *server) audit(c *fiber.Ctx, ev AuditEvent) {
	if s.auth == nil || s.auth.Audit == nil {
		return
	}
	ev.At = s.now().UTC()
	ev.Remote = c.Context().RemoteIP().String()
	if err := s.auth.Audit.Record(c.UserContext(), ev); err != nil {
		s.log.ErrorContext(c.UserContext(), "audit log write failed", "action", ev.Action, "err", err)
	}
}

// auditExport records every export (CSV) download.
func (s *server) auditExport(c *fiber.Ctx) error {
	err := c.Next()
	if id := identityOf(c); id != nil {
		outcome := "ok"
		if err != nil || c.Response().StatusCode() >= 400 {
			outcome = "failed"
		}
		s.audit(c, AuditEvent{Actor: id.User, Action: AuditExport, Target: c.Path(), Outcome: outcome})
	}
	return err
}
