package digest

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/textproto"
	"strconv"
	"time"

	"github.com/wneessen/go-mail"
)

// EmailSender delivers the digest by SMTP.
type EmailSender struct {
	Addr     string // host:port
	TLS      string // starttls (the default), tls (implicit TLS), or none (a local relay)
	From     string
	To       []string
	Username string // optional; with Password, authenticates with the best mechanism the server offers
	Password string
	// TLSConfig replaces the system's TLS settings, e.g. to trust a private CA.
	// Its ServerName defaults to the host of Addr.
	TLSConfig *tls.Config
	Timeout   time.Duration    // for connecting and each command; 30 s when zero
	Now       func() time.Time // the Date header's clock; the library's (time.Now) when nil
}

// Send renders the digest and sends it as one message to every recipient.
func (s EmailSender) Send(ctx context.Context, d *Digest) error {
	msg, err := s.message(d)
	if err != nil {
		return err
	}
	client, err := s.client()
	if err != nil {
		return err
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("email via %s: %w", s.Addr, err)
	}
	return nil
}

func (s EmailSender) client() (*mail.Client, error) {
	host, portText, err := net.SplitHostPort(s.Addr)
	if err != nil {
		return nil, fmt.Errorf("email: smtp address %q: %w", s.Addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("email: smtp address %q: bad port", s.Addr)
	}
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(timeout)}
	switch s.TLS {
	case "", "starttls":
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		return nil, fmt.Errorf("email: tls must be starttls, tls or none, got %q", s.TLS)
	}
	if s.TLSConfig != nil {
		cfg := s.TLSConfig.Clone()
		if cfg.ServerName == "" {
			cfg.ServerName = host
		}
		opts = append(opts, mail.WithTLSConfig(cfg))
	}
	if s.Username != "" || s.Password != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(s.Username), mail.WithPassword(s.Password))
	}
	c, err := mail.NewClient(host, opts...)
	if err != nil {
		return nil, fmt.Errorf("email: %w", err)
	}
	return c, nil
}

// message builds the email: multipart/alternative of the plain text and, as the
// richer alternative, a multipart/related part holding the HTML and the PNG charts
// it refers to by Content-ID. Mail clients that show the text never see the
// images as attachments.
func (s EmailSender) message(d *Digest) (*mail.Msg, error) {
	html, images, err := RenderHTML(d)
	if err != nil {
		return nil, err
	}
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := m.From(s.From); err != nil {
		return nil, fmt.Errorf("email: from: %w", err)
	}
	if len(s.To) == 0 {
		return nil, errors.New("email: no recipient")
	}
	if err := m.To(s.To...); err != nil {
		return nil, fmt.Errorf("email: to: %w", err)
	}
	m.Subject(d.Title())
	if s.Now != nil {
		m.SetDateWithValue(s.Now())
	}
	m.SetMessageID()
	m.SetUserAgent("Paved")
	// RFC 3834: automatic mail, so vacation responders stay quiet.
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBodyString(mail.TypeTextPlain, RenderText(d))

	// go-mail nests embedded files around the alternative part; the related part
	// is written here instead, so that it sits inside the alternative one.
	boundary := multipart.NewWriter(io.Discard).Boundary()
	m.AddAlternativeWriter(mail.ContentType(`multipart/related; type="text/html"; boundary="`+boundary+`"`),
		func(w io.Writer) (int64, error) {
			cw := &countingWriter{w: w}
			err := writeRelated(cw, boundary, html, images)
			return cw.n, err
		}, mail.WithPartEncoding(mail.NoEncoding))
	return m, nil
}

// writeRelated writes the HTML and its images as the body of a multipart/related
// part, all in 7-bit lines: quoted-printable HTML, base64 PNGs.
func writeRelated(w io.Writer, boundary, html string, images []Image) error {
	mw := multipart.NewWriter(w)
	if err := mw.SetBoundary(boundary); err != nil {
		return err
	}
	part, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/html; charset=UTF-8"},
		"Content-Transfer-Encoding": {"quoted-printable"},
	})
	if err != nil {
		return err
	}
	qp := quotedprintable.NewWriter(part)
	if _, err := io.WriteString(qp, html); err != nil {
		return err
	}
	if err := qp.Close(); err != nil {
		return err
	}
	for _, img := range images {
		part, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {`image/png; name="` + img.Filename + `"`},
			"Content-Transfer-Encoding": {"base64"},
			"Content-Id":                {"<" + img.ContentID + ">"},
			"Content-Disposition":       {`inline; filename="` + img.Filename + `"`},
		})
		if err != nil {
			return err
		}
		if err := writeBase64Lines(part, img.Data); err != nil {
			return err
		}
	}
	return mw.Close()
}

// writeBase64Lines writes data in base64 lines of 76 characters, as MIME asks.
func writeBase64Lines(w io.Writer, data []byte) error {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 0 {
		n := min(76, len(enc))
		if _, err := io.WriteString(w, enc[:n]+"\r\n"); err != nil {
			return err
		}
		enc = enc[n:]
	}
	return nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// WriteMessage writes the email Send would send, headers and all (an .eml file),
// without connecting anywhere.
func (s EmailSender) WriteMessage(w io.Writer, d *Digest) error {
	msg, err := s.message(d)
	if err != nil {
		return err
	}
	if _, err := msg.WriteTo(w); err != nil {
		return fmt.Errorf("email: write message: %w", err)
	}
	return nil
}
