package githubsrc

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/sanitize"
)

// A GitHub App's JWT: iat 60 s in the past against clock drift, as GitHub's
// "Generating a JSON Web Token (JWT) for a GitHub App" recommends; exp 9
// minutes ahead, under GitHub's 10-minute ceiling with a minute to spare for
// a server clock behind ours.
const (
	jwtBackdate = 60 * time.Second
	jwtLifetime = 9 * time.Minute
	// renewMargin is how long before expiry an installation token is
	// replaced; a quarter of its lifetime when that is shorter.
	renewMargin = 5 * time.Minute
	// maxAppAnswer bounds what is read of an app endpoint's answer.
	maxAppAnswer = 1 << 20
)

// appAuth is the transport that authenticates every request as the app's
// installation: it mints an installation token (installation.go's
// endpoints, with a JWT) when it has none or the one it has is near expiry,
// one mint at a time, and on a 401 renews once and retries. Tokens, the JWT
// and the key stay in memory and in the Authorization header of requests to
// the source's own host (the client's redirect rule and host guard).
type appAuth struct {
	app    collectors.GitHubApp
	source string
	org    string
	base   *url.URL
	// hc sends the app's own requests: no credentials of its own, the same
	// host guard, meter and same-host redirect rule as the API client.
	hc   *http.Client
	next http.RoundTripper
	now  func() time.Time

	mu           sync.Mutex
	installation int64
	token        string
	renewAt      time.Time
}

// appAuthError is a failure to authenticate as the app: source-wide.
type appAuthError struct{ msg string }

func (e *appAuthError) Error() string { return e.msg }

func (a *appAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := a.current(req.Context(), "")
	if err != nil {
		return nil, err
	}
	resp, err := a.next.RoundTrip(withToken(req, tok))
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	if req.Body != nil && req.GetBody == nil {
		return resp, nil // cannot be sent again
	}
	fresh, err := a.current(req.Context(), tok)
	if err != nil {
		return resp, nil // the 401 tells the caller more than the failed renewal
	}
	retry := withToken(req, fresh)
	if req.GetBody != nil {
		if retry.Body, err = req.GetBody(); err != nil {
			return resp, nil
		}
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAppAnswer))
	resp.Body.Close()
	return a.next.RoundTrip(retry)
}

func withToken(req *http.Request, tok string) *http.Request {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "token "+tok)
	return r
}

// current returns a token valid for a while yet. stale, when set, is a token
// the forge refused: it is replaced unless another request already did.
func (a *appAuth) current(ctx context.Context, stale string) (string, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	if a.token != "" && a.token != stale && now.Before(a.renewAt) {
		return a.token, nil
	}
	if err := a.mint(ctx, now); err != nil {
		return "", err
	}
	return a.token, nil
}

// mint finds the installation when it is not known yet and mints a token.
func (a *appAuth) mint(ctx context.Context, now time.Time) error {
	signed, err := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.RegisteredClaims{
		Issuer:    strconv.FormatInt(a.app.ID, 10),
		IssuedAt:  jwt.NewNumericDate(now.Add(-jwtBackdate)),
		ExpiresAt: jwt.NewNumericDate(now.Add(jwtLifetime)),
	}).SignedString(a.app.Key)
	if err != nil {
		return a.fail("signing the JWT", 0, err.Error())
	}
	if a.installation == 0 {
		var inst struct {
			ID int64 `json:"id"`
		}
		if err := a.send(ctx, http.MethodGet, "orgs/"+url.PathEscape(a.org)+"/installation", signed, http.StatusOK, &inst); err != nil {
			return err
		}
		if inst.ID <= 0 {
			return a.fail("looking up the installation on "+a.org, 0, "no installation id in the answer")
		}
		a.installation = inst.ID
	}
	var tok struct {
		Token     string    `json:"token"`
		ExpiresAt time.Time `json:"expires_at"`
	}
	path := "app/installations/" + strconv.FormatInt(a.installation, 10) + "/access_tokens"
	if err := a.send(ctx, http.MethodPost, path, signed, http.StatusCreated, &tok); err != nil {
		return err
	}
	if tok.Token == "" || !tok.ExpiresAt.After(now) {
		return a.fail("minting an installation token", 0, "the answer has no token, or one already expired")
	}
	a.token = tok.Token
	a.renewAt = tok.ExpiresAt.Add(-min(renewMargin, tok.ExpiresAt.Sub(now)/4))
	return nil
}

// send makes one app request with the JWT and decodes a want answer into v.
func (a *appAuth) send(ctx context.Context, method, path, signed string, want int, v any) error {
	what := "minting an installation token"
	if method == http.MethodGet {
		what = "looking up the installation on " + a.org
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base.ResolveReference(&url.URL{Path: path}).String(), nil)
	if err != nil {
		return a.fail(what, 0, err.Error())
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("Authorization", "Bearer "+signed)
	req.Header.Set("User-Agent", "paved")
	resp, err := a.hc.Do(req)
	if err != nil {
		if fh, ok := collectors.AsForeignHost(err); ok {
			return fh
		}
		return fmt.Errorf("source %q: %s: %w", a.source, what, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAppAnswer))
	if err != nil {
		return fmt.Errorf("source %q: %s: %w", a.source, what, err)
	}
	if resp.StatusCode != want {
		var e struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(body, &e)
		return a.fail(what, resp.StatusCode, e.Message)
	}
	if err := json.Unmarshal(body, v); err != nil {
		return a.fail(what, 0, "malformed JSON: "+err.Error())
	}
	return nil
}

func (a *appAuth) fail(what string, status int, detail string) error {
	detail = sanitize.Line(detail, sanitize.MaxLine)
	if status != 0 {
		detail = strings.TrimSpace(fmt.Sprintf("%d %s", status, detail))
	}
	return &appAuthError{msg: fmt.Sprintf("source %q: GitHub App %d: %s failed (%s)", a.source, a.app.ID, what, detail)}
}

// Installation is the app installation the collector acts as, 0 until known.
func (a *appAuth) Installation() int64 {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.installation
}

// live is the token in use, for redaction; "" when none.
func (a *appAuth) live() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.token
}

// Identity says whom the collector acts as, for the sync page: "GitHub App
// 123456, installation 7890123", or "" with a token (the caller knows where
// that came from).
func (c *Collector) Identity() string {
	if c.app == nil {
		return ""
	}
	inst := "installation not looked up yet"
	if id := c.app.Installation(); id != 0 {
		inst = "installation " + strconv.FormatInt(id, 10)
	}
	return fmt.Sprintf("GitHub App %d, %s", c.app.app.ID, inst)
}
