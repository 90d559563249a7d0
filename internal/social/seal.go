package social

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
)

// Sealer encrypts page tokens at rest with AES-256-GCM, under a key
// derived from the deployment's secret (CCHC_SECRET_KEY), so a copy of the
// database alone does not hand out the ward's pages. Without a secret,
// tokens are stored as typed and the settings page says so.
type Sealer struct {
	aead cipher.AEAD
}

// NewSealer derives the key from secret; an empty secret gives a sealer
// that stores tokens unencrypted.
func NewSealer(secret string) *Sealer {
	if secret == "" {
		return &Sealer{}
	}
	key := sha256.Sum256([]byte("cchc social tokens\x00" + secret))
	block, _ := aes.NewCipher(key[:])
	aead, _ := cipher.NewGCM(block)
	return &Sealer{aead: aead}
}

// Encrypts reports whether tokens are encrypted at rest.
func (s *Sealer) Encrypts() bool { return s != nil && s.aead != nil }

const sealedPrefix = "v1:"

func (s *Sealer) seal(token string) string {
	if !s.Encrypts() {
		return token
	}
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce)
	return sealedPrefix + base64.RawStdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, []byte(token), nil))
}

// ErrNoSecret is returned for a sealed token when the secret is not set.
var ErrNoSecret = errors.New("the page token is encrypted: set CCHC_SECRET_KEY to the deployment's secret")

func (s *Sealer) open(stored string) (string, error) {
	rest, sealed := strings.CutPrefix(stored, sealedPrefix)
	if !sealed {
		return stored, nil
	}
	if !s.Encrypts() {
		return "", ErrNoSecret
	}
	b, err := base64.RawStdEncoding.DecodeString(rest)
	if err != nil || len(b) < s.aead.NonceSize() {
		return "", errors.New("the stored page token is damaged; enter it again")
	}
	plain, err := s.aead.Open(nil, b[:s.aead.NonceSize()], b[s.aead.NonceSize():], nil)
	if err != nil {
		return "", errors.New("the page token was encrypted with another CCHC_SECRET_KEY; enter it again")
	}
	return string(plain), nil
}
