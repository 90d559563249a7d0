-- Every change to a procedure is a version: drafts by editors, published by
-- a reviewer, each with its effective date and the decision behind it.
-- procedures.data always holds the published version.

create table procedure_versions (
	id              {{.ID}},
	ward_id         bigint not null references wards(id),
	code            text not null,
	version         integer not null,
	status          text not null,
	data            text not null,
	effective_on    text not null default '',
	decision        text not null default '',
	change_summary  text not null default '',
	changed_fields  text not null default '',
	created_by      bigint references users(id) on delete set null,
	created_at      text not null,
	published_by    bigint references users(id) on delete set null,
	published_at    text not null default '',
	review_note     text not null default ''
);
create index procedure_versions_code on procedure_versions(ward_id, code, version);
create index procedure_versions_status on procedure_versions(ward_id, status, published_at);

-- "Was this page helpful?" and scans of the QR codes on posters and counters.
create table procedure_counters (
	ward_id      bigint not null references wards(id),
	code         text not null,
	helpful      integer not null default 0,
	not_helpful  integer not null default 0,
	qr_scans     integer not null default 0,
	primary key (ward_id, code)
);
