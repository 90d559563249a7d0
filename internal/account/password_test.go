package account

import (
	"strings"
	"testing"
)

func TestPasswordHashing(t *testing.T) {
	h, err := HashPassword("mật khẩu đủ dài")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash = %q", h)
	}
	h2, _ := HashPassword("mật khẩu đủ dài")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"mật khẩu đủ dài": true, "mật khẩu đủ dàI": false, "": false} {
		if ok, err := CheckPassword(h, pw); err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v", pw, ok, err)
		}
	}
	for _, bad := range []string{"", "$2a$10$abc", "$argon2id$v=19$m=9999999,t=3,p=2$c2FsdA$a2V5", "$argon2id$v=19$m=65536,t=3,p=2$!!$!!"} {
		if _, err := CheckPassword(bad, "x"); err == nil {
			t.Errorf("CheckPassword accepted malformed hash %q", bad)
		}
	}
}

func TestValidatePassword(t *testing.T) {
	if ValidatePassword("ngắn") == "" || ValidatePassword("đủ mười ký tự") != "" {
		t.Error("length rule wrong")
	}
	if len(RandomPassword()) != 16 || RandomPassword() == RandomPassword() {
		t.Error("random password")
	}
}
