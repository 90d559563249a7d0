-- Form files (mẫu đơn, tờ khai) attached to a procedure for residents to download.
create table procedure_forms (
	id            {{.ID}},
	ward_id       bigint not null references wards(id),
	code          text not null,
	name          text not null,
	file_key      text not null,
	content_type  text not null,
	size          bigint not null,
	uploaded_by   bigint references users(id) on delete set null,
	uploaded_at   text not null
);
create index procedure_forms_code on procedure_forms(ward_id, code);
