package ui

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/securecookie"
)

// Cookie names.
const (
	sessionCookie = "paved_session"
	loginCookie   = "paved_login" // state, nonce and PKCE verifier of one sign-in, for 10 minutes
	loginMaxAge   = 10 * time.Minute
)

// Session lifetimes by default.
const (
	defaultSessionIdle = 12 * time.Hour
	defaultSessionMax  = 7 * 24 * time.Hour
	// sessionRefresh is how stale the last-seen instant may get before the cookie
	// is written again: idle expiry is exact to within this.
	sessionRefresh = 5 * time.Minute
)

// session is what the session cookie carries, signed (HMAC-SHA256) and encrypted
// (AES-256-CTR) by securecookie: the server keeps no state, so sessions survive
// restarts and work across replicas that share the key.
type session struct {
	ID     string   `json:"i"` // random; the CSRF token is derived from it
	User   string   `json:"u"`
	Groups []string `json:"g,omitempty"`
	Issued int64    `json:"t"` // sign-in, unix seconds
	Seen   int64    `json:"s"` // last request, unix seconds
}

// loginState is what the login cookie carries between /login and /auth/callback.
type loginState struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"` // PKCE code verifier
	Next     string `json:"x"`
}

// cookieCodec signs and encrypts cookies with keys derived from the session key.
type cookieCodec struct {
	session, login *securecookie.SecureCookie
	csrfKey        []byte
}

func newCookieCodec(secret []byte, maxAge time.Duration) (*cookieCodec, error) {
	derive := func(label string, n int) ([]byte, error) {
		return hkdf.Key(sha256.New, secret, nil, "paved "+label, n)
	}
	hashKey, err := derive("cookie hmac", 64)
	if err != nil {
		return nil, err
	}
	blockKey, err := derive("cookie aes", 32)
	if err != nil {
		return nil, err
	}
	csrfKey, err := derive("csrf", 32)
	if err != nil {
		return nil, err
	}
	mk := func(age time.Duration) *securecookie.SecureCookie {
		sc := securecookie.New(hashKey, blockKey)
		sc.SetSerializer(securecookie.JSONEncoder{})
		sc.MaxAge(int(age / time.Second))
		return sc
	}
	return &cookieCodec{session: mk(maxAge), login: mk(loginMaxAge), csrfKey: csrfKey}, nil
}

// csrfToken is the token a session's forms carry: an HMAC of the session ID, so
// it needs no storage and a cross-site page cannot know it.
func (cc *cookieCodec) csrfToken(sessionID string) string {
	m := hmac.New(sha256.New, cc.csrfKey)
	m.Write([]byte(sessionID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (cc *cookieCodec) checkCSRF(sessionID, token string) bool {
	want := cc.csrfToken(sessionID)
	return token != "" && subtle.ConstantTimeCompare([]byte(want), []byte(token)) == 1
}

func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return base64.RawURLEncoding.EncodeToString(b)
}

// setCookie writes an HttpOnly, SameSite=Lax cookie, Secure when the dashboard's
// url is https.
func (s *server) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	ck := &fiber.Cookie{
		Name: name, Value: value, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.secure(), MaxAge: int(maxAge / time.Second),
	}
	if maxAge < 0 {
		ck.MaxAge = -1
		ck.Expires = time.Unix(1, 0)
	}
	c.Cookie(ck)
}

func (s *server) clearCookie(c *fiber.Ctx, name string) { s.setCookie(c, name, "", -1) }

var errSessionExpired = errors.New("session expired")

// readSession decodes the session cookie and checks its idle and absolute expiry.
func (s *server) readSession(c *fiber.Ctx) (*session, error) {
	raw := c.Cookies(sessionCookie)
	if raw == "" {
		return nil, nil
	}
	var sess session
	if err := s.cookies.session.Decode(sessionCookie, raw, &sess); err != nil {
		return nil, err
	}
	now := s.now()
	if now.Sub(time.Unix(sess.Issued, 0)) > s.auth.SessionMax || now.Sub(time.Unix(sess.Seen, 0)) > s.auth.SessionIdle {
		return nil, errSessionExpired
	}
	if now.Sub(time.Unix(sess.Seen, 0)) > sessionRefresh {
		sess.Seen = now.Unix()
		if err := s.writeSession(c, &sess); err != nil {
			return nil, err
		}
	}
	return &sess, nil
}

func (s *server) writeSession(c *fiber.Ctx, sess *session) error {
	v, err := s.cookies.session.Encode(sessionCookie, sess)
	if err != nil {
		return err
	}
	left := s.auth.SessionMax - s.now().Sub(time.Unix(sess.Issued, 0))
	s.setCookie(c, sessionCookie, v, left)
	return nil
}
