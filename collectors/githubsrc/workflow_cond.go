package githubsrc

import "strings"

// eventCondition evaluates a job's `if:` for a run triggered by event. It
// knows github.event_name, string literals, true and false, ==, !=, !, &&,
// || and parentheses (docs.github.com: expressions; string comparisons ignore
// case); ok is false for anything else, such as a status function or another
// context, whose outcome the definition cannot tell.
func eventCondition(expr, event string) (result, ok bool) {
	p := &condParser{toks: condTokens(expr), event: event}
	if p.toks == nil {
		return false, false
	}
	v, ok := p.or()
	if !ok || p.i != len(p.toks) {
		return false, false
	}
	return truthy(v), true
}

// condValue is a string or a boolean.
type condValue struct {
	s      string
	b      bool
	isBool bool
}

func truthy(v condValue) bool {
	if v.isBool {
		return v.b
	}
	return v.s != ""
}

type condParser struct {
	toks  []string
	i     int
	event string
}

func (p *condParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *condParser) or() (condValue, bool) {
	return p.binary("||", p.and, func(a, b condValue) condValue {
		if truthy(a) {
			return a
		}
		return b
	})
}

func (p *condParser) and() (condValue, bool) {
	return p.binary("&&", p.equality, func(a, b condValue) condValue {
		if !truthy(a) {
			return a
		}
		return b
	})
}

func (p *condParser) binary(op string, next func() (condValue, bool), apply func(a, b condValue) condValue) (condValue, bool) {
	left, ok := next()
	for ok && p.peek() == op {
		p.i++
		var right condValue
		right, ok = next()
		left = apply(left, right)
	}
	return left, ok
}

func (p *condParser) equality() (condValue, bool) {
	left, ok := p.unary()
	for ok && (p.peek() == "==" || p.peek() == "!=") {
		op := p.toks[p.i]
		p.i++
		var right condValue
		right, ok = p.unary()
		if left.isBool != right.isBool {
			return condValue{}, false // GitHub coerces to numbers; not needed here
		}
		same := left.b == right.b && strings.EqualFold(left.s, right.s)
		left = condValue{b: same == (op == "=="), isBool: true}
	}
	return left, ok
}

func (p *condParser) unary() (condValue, bool) {
	switch tok := p.peek(); {
	case tok == "!":
		p.i++
		v, ok := p.unary()
		return condValue{b: !truthy(v), isBool: true}, ok
	case tok == "(":
		p.i++
		v, ok := p.or()
		if !ok || p.peek() != ")" {
			return condValue{}, false
		}
		p.i++
		return v, true
	case strings.HasPrefix(tok, "'"):
		p.i++
		return condValue{s: strings.ReplaceAll(tok[1:len(tok)-1], "''", "'")}, true
	case tok == "true" || tok == "false":
		p.i++
		return condValue{b: tok == "true", isBool: true}, true
	case strings.EqualFold(tok, "github.event_name"):
		p.i++
		return condValue{s: p.event}, true
	}
	return condValue{}, false
}

// condTokens splits an expression; nil when it holds a character the
// evaluator does not know.
func condTokens(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'':
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j++
						continue
					}
					break
				}
			}
			if j >= len(s) {
				return nil
			}
			out = append(out, s[i:j+1])
			i = j + 1
		case strings.HasPrefix(s[i:], "==") || strings.HasPrefix(s[i:], "!=") || strings.HasPrefix(s[i:], "&&") || strings.HasPrefix(s[i:], "||"):
			out = append(out, s[i:i+2])
			i += 2
		case c == '!' || c == '(' || c == ')':
			out = append(out, s[i:i+1])
			i++
		case isIdentByte(c):
			j := i
			for j < len(s) && (isIdentByte(s[j]) || s[j] == '.') {
				j++
			}
			out = append(out, s[i:j])
			i = j
		default:
			return nil
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
