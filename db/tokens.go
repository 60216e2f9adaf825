package db

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// TokenPrefix starts every API token, so that a leaked one is recognisable (and
// secret scanners can be taught its shape).
const TokenPrefix = "paved_"

// tokenBytes is the entropy of an API token: 32 bytes from crypto/rand.
const tokenBytes = 32

// maxTokenLen bounds what CheckAPIToken hashes: a real token is far shorter.
const maxTokenLen = 256

// TokenRoles are the roles an API token may carry, least to most.
var TokenRoles = []string{"viewer", "security", "admin"}

// API token states, as APIToken.State reports them.
const (
	TokenActive  = "active"
	TokenRevoked = "revoked"
	TokenExpired = "expired"
)

// ErrTokenNameTaken is returned by CreateAPIToken when a token that is not revoked
// already has the name.
var ErrTokenNameTaken = errors.New("name already taken")

var tokenNameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ValidTokenName says whether name may name an API token: 1 to 64 letters, digits,
// '.', '_' or '-', starting with a letter or digit, and not with TokenPrefix (a name
// must never look like a token).
func ValidTokenName(name string) bool {
	return tokenNameRe.MatchString(name) && !strings.HasPrefix(name, TokenPrefix)
}

// ValidTokenRole says whether role is one of TokenRoles.
func ValidTokenRole(role string) bool { return slices.Contains(TokenRoles, role) }

// APIToken describes a stored API token. It never holds the token nor its hash.
type APIToken struct {
	Name      string
	Role      string
	CreatedAt time.Time
	// ExpiresAt is the instant from which the token is refused; zero: never.
	ExpiresAt time.Time
	// LastUsedAt is when CheckAPIToken last accepted it, to within a minute; zero:
	// never used.
	LastUsedAt time.Time
	RevokedAt  time.Time // zero: not revoked
}

// State is TokenActive, TokenRevoked or TokenExpired at now.
func (t APIToken) State(now time.Time) string {
	switch {
	case !t.RevokedAt.IsZero():
		return TokenRevoked
	case !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt):
		return TokenExpired
	}
	return TokenActive
}

// hashToken is what is stored of a token. A fast hash is right here: the token holds
// 256 random bits, so there is nothing to guess that a slow hash would protect.
func hashToken(plaintext string) []byte {
	sum := sha256.Sum256([]byte(plaintext))
	return sum[:]
}

// newToken returns a fresh token: TokenPrefix and 32 random bytes, base64url.
func newToken() (string, error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b), nil
}

// CreateAPIToken stores a new API token called name with role, refused from
// expiresAt on (the zero time: never), and returns it. The token itself is returned
// only here: the database keeps its SHA-256. A name held by a token that is not
// revoked (expired or not) is ErrTokenNameTaken. The creation is recorded in the
// audit log, in the same transaction, by the actor WithAuditActor put in ctx (by
// default "cli" and the OS user).
func (d *DB) CreateAPIToken(ctx context.Context, name, role string, expiresAt time.Time) (string, error) {
	switch {
	case !ValidTokenName(name):
		return "", fmt.Errorf("create API token: name %q must be 1 to 64 letters, digits, '.', '_' or '-', not starting with %q", cleanAuditText(name, maxAuditField), TokenPrefix)
	case !ValidTokenRole(role):
		return "", fmt.Errorf("create API token %q: role %q must be one of %s", name, cleanAuditText(role, maxAuditField), strings.Join(TokenRoles, ", "))
	}
	now := d.Now()
	if !expiresAt.IsZero() && !expiresAt.After(now) {
		return "", fmt.Errorf("create API token %q: it would expire at %s, which is not after now", name, expiresAt.UTC().Format(time.RFC3339))
	}
	plaintext, err := newToken()
	if err != nil {
		return "", fmt.Errorf("create API token %q: %w", name, err)
	}
	err = d.write(ctx, func(tx *sql.Tx) error {
		var expires nullUnix
		err := tx.QueryRowContext(ctx,
			`SELECT expires_at FROM api_tokens WHERE name = ? AND revoked_at IS NULL`, name).Scan(&expires)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		case expires.Valid && !now.Before(expires.Time()):
			return fmt.Errorf("%w by an expired token: revoke it first", ErrTokenNameTaken)
		default:
			return fmt.Errorf("%w: revoke that token first or choose another name", ErrTokenNameTaken)
		}
		if _, err := tx.ExecContext(ctx, `
INSERT INTO api_tokens (name, role, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			name, role, hashToken(plaintext), unixOrNil(now), unixOrNil(expiresAt)); err != nil {
			return err
		}
		expiry := "never expires"
		if !expiresAt.IsZero() {
			expiry = "expires " + expiresAt.UTC().Format(time.RFC3339)
		}
		return recordAudit(ctx, tx, auditFromContext(ctx, now, ActionTokenCreate,
			fmt.Sprintf("%s (role %s, %s)", name, role, expiry)))
	})
	if err != nil {
		return "", fmt.Errorf("create API token %q: %w", name, err)
	}
	return plaintext, nil
}

const tokenColumns = `name, role, created_at, expires_at, last_used_at, revoked_at`

func scanToken(sc rowScanner, extra ...any) (APIToken, error) {
	var t APIToken
	var created, expires, used, revoked nullUnix
	if err := sc.Scan(append([]any{&t.Name, &t.Role, &created, &expires, &used, &revoked}, extra...)...); err != nil {
		return APIToken{}, err
	}
	t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt = created.Time(), expires.Time(), used.Time(), revoked.Time()
	return t, nil
}

// APITokens lists every API token, revoked and expired ones included, oldest first.
func (d *DB) APITokens(ctx context.Context) ([]APIToken, error) {
	var out []APIToken
	err := d.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = allRows(ctx, tx, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY created_at, id`, nil,
			func(row rowScanner) (APIToken, error) { return scanToken(row) })
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	return out, nil
}

// RevokeAPIToken revokes the token called name that is not revoked yet (expired or
// not); ErrNotFound when there is none. From then on CheckAPIToken refuses it. The
// revocation is recorded in the audit log like a creation.
func (d *DB) RevokeAPIToken(ctx context.Context, name string) error {
	now := d.Now()
	err := d.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL`, unixOrNil(now), name)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("no token by that name that is not revoked: %w", ErrNotFound)
		}
		return recordAudit(ctx, tx, auditFromContext(ctx, now, ActionTokenRevoke, name))
	})
	if err != nil {
		return fmt.Errorf("revoke API token %q: %w", cleanAuditText(name, maxAuditField), err)
	}
	return nil
}

// CheckAPIToken returns the token whose plaintext this is, if it is neither revoked
// nor expired at d.Now(); otherwise an error wrapping ErrNotFound. It records the use
// in last_used_at, at most once a minute per token, so that a busy client does not
// cost a write per request.
func (d *DB) CheckAPIToken(ctx context.Context, plaintext string) (APIToken, error) {
	if !strings.HasPrefix(plaintext, TokenPrefix) || len(plaintext) > maxTokenLen {
		return APIToken{}, fmt.Errorf("API token: not a Paved token: %w", ErrNotFound)
	}
	want := hashToken(plaintext)
	var id int64
	var stored []byte
	t, err := scanToken(d.reader.QueryRowContext(ctx,
		`SELECT `+tokenColumns+`, id, hash FROM api_tokens WHERE hash = ?`, want), &id, &stored)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return APIToken{}, fmt.Errorf("API token: unknown: %w", ErrNotFound)
	case err != nil:
		return APIToken{}, fmt.Errorf("API token: %w", err)
	}
	// The lookup was by hash already; compare once more in constant time so that no
	// path accepts a token on anything but the full hash.
	if subtle.ConstantTimeCompare(stored, want) != 1 {
		return APIToken{}, fmt.Errorf("API token: unknown: %w", ErrNotFound)
	}
	now := d.Now()
	if s := t.State(now); s != TokenActive {
		return APIToken{}, fmt.Errorf("API token %q: %s: %w", t.Name, s, ErrNotFound)
	}
	if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) >= time.Minute {
		err := d.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `
UPDATE api_tokens SET last_used_at = ?
WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)`,
				unixOrNil(now), id, unixOrNil(now.Add(-time.Minute)))
			return err
		})
		if err != nil {
			return APIToken{}, fmt.Errorf("API token %q: record use: %w", t.Name, err)
		}
		t.LastUsedAt = now
	}
	return t, nil
}
