package digest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"github.com/paved-dev/paved/internal/testkit"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// smtpServer is a real SMTP server on loopback that keeps what it receives.
type smtpServer struct {
	Addr  string
	Certs *x509.CertPool // trusts the server's self-signed certificate

	user, pass string
	mu         sync.Mutex
	msgs       []received
	reject     error // when set, every DATA is refused with it
}

type received struct {
	from   string
	to     []string
	data   []byte
	tls    bool
	authed bool
}

type smtpMode struct {
	implicitTLS bool // TLS from the first byte, else STARTTLS is offered
	noTLS       bool // no TLS at all
	user, pass  string
}

func startSMTP(t *testing.T, mode smtpMode) *smtpServer {
	t.Helper()
	srv := &smtpServer{user: mode.user, pass: mode.pass}
	s := smtp.NewServer(srv)
	s.Domain = "localhost"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	s.MaxMessageBytes = 4 << 20
	s.ErrorLog = discardLogger{}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if !mode.noTLS {
		cfg, pool := selfSigned(t)
		srv.Certs = pool
		s.TLSConfig = cfg
		if mode.implicitTLS {
			l = tls.NewListener(l, cfg)
		}
	}
	srv.Addr = l.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Serve(l)
	}()
	t.Cleanup(func() {
		// go-smtp's Close misses a listener Serve has not registered yet (a test
		// that never connects can end first): close it here too.
		_ = s.Close()
		_ = l.Close()
		<-done
	})
	return srv
}

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

func (s *smtpServer) setReject(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reject = err
}

func (s *smtpServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &smtpSession{srv: s, conn: c}, nil
}

type smtpSession struct {
	srv    *smtpServer
	conn   *smtp.Conn
	from   string
	to     []string
	authed bool
}

func (s *smtpSession) AuthMechanisms() []string {
	if s.srv.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *smtpSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.srv.user || pass != s.srv.pass {
			return errors.New("invalid credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.srv.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.to = append(s.to, to)
	return nil
}

func (s *smtpSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if s.srv.reject != nil {
		return s.srv.reject
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.srv.msgs = append(s.srv.msgs, received{from: s.from, to: s.to, data: data, tls: isTLS, authed: s.authed})
	return nil
}

func (s *smtpSession) Reset()        { s.from, s.to = "", nil }
func (s *smtpSession) Logout() error { return nil }

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

// selfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func selfSigned(t *testing.T) (*tls.Config, *x509.CertPool) {
	c := testkit.SelfSigned(t)
	return c.Server, c.Pool
}
