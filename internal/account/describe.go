package account

import "github.com/cchc-vn/cchc/internal/audit"

func init() {
	audit.Describe("user",
		audit.Field{Key: "username", Label: "Tên đăng nhập"},
		audit.Field{Key: "full_name", Label: "Họ và tên"},
		audit.Field{Key: "role", Label: "Vai trò", Name: func(s string) string { return RoleName(Role(s)) }},
		audit.Field{Key: "disabled", Label: "Khóa tài khoản"})
}
