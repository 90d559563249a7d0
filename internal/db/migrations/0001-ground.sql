-- The ground: wards (tenants), units, accounts, sessions, rate limits,
-- audit log and the plan as data. Expanded per engine by db.Migrate.

create table wards (
	id             {{.ID}},
	code           text not null unique,
	name           text not null,
	full_name      text not null,
	province_code  text not null,
	province_name  text not null,
	host           text unique,
	address        text not null default '',
	phone          text not null default '',
	email          text not null default '',
	office_hours   text not null default '',
	created_at     text not null
);

create table units (
	id          {{.ID}},
	ward_id     bigint not null references wards(id),
	code        text not null,
	name        text not null,
	short_name  text not null,
	kind        text not null,
	head_title  text not null default '',
	position    integer not null default 0,
	created_at  text not null,
	unique (ward_id, code)
);
create index units_ward on units(ward_id, kind, position);

create table users (
	id                    {{.ID}},
	ward_id               bigint not null references wards(id),
	username              text not null,
	full_name             text not null,
	email                 text not null default '',
	role                  text not null,
	unit_id               bigint references units(id),
	password_hash         text not null,
	failed_logins         integer not null default 0,
	locked_until          text not null default '',
	disabled              {{.Bool}} not null default 0,
	created_at            text not null,
	updated_at            text not null,
	unique (ward_id, username)
);

create table sessions (
	token_hash    text primary key,
	user_id       bigint not null references users(id) on delete cascade,
	created_at    text not null,
	expires_at    text not null,
	last_seen_at  text not null,
	ip            text not null default '',
	user_agent    text not null default ''
);
create index sessions_user on sessions(user_id);
create index sessions_expiry on sessions(expires_at);

-- Fixed-window counters shared by every process serving the database.
create table rate_limits (
	bucket      text not null,
	slot        text not null,
	hits        integer not null,
	expires_at  text not null,
	primary key (bucket, slot)
);
create index rate_limits_expiry on rate_limits(expires_at);

create table audit_log (
	id          {{.ID}},
	ward_id     bigint not null references wards(id),
	user_id     bigint references users(id) on delete set null,
	username    text not null,
	at          text not null,
	action      text not null,
	entity      text not null,
	entity_id   bigint,
	summary     text not null default '',
	before_json text not null default '',
	after_json  text not null default '',
	ip          text not null default ''
);
create index audit_ward_at on audit_log(ward_id, at);
create index audit_entity on audit_log(entity, entity_id);

create table plans (
	id              {{.ID}},
	ward_id         bigint not null references wards(id),
	number          text not null,
	issuer          text not null,
	parent_issuer   text not null default '',
	place           text not null,
	issued_on       text not null,
	title           text not null,
	period_label    text not null,
	period_start    text not null,
	period_end      text not null,
	basis           text not null default '',
	preamble        text not null default '',
	purposes        text not null default '',
	requirements    text not null default '',
	audiences       text not null default '',
	funding         text not null default '',
	closing         text not null default '',
	signer_title    text not null default '',
	signer_name     text not null default '',
	recipients      text not null default '',
	lead_unit_id    bigint references units(id),
	status          text not null,
	copied_from_id  bigint references plans(id),
	created_at      text not null,
	updated_at      text not null,
	unique (ward_id, number)
);

create table plan_themes (
	id         {{.ID}},
	plan_id    bigint not null references plans(id) on delete cascade,
	parent_id  bigint references plan_themes(id) on delete cascade,
	position   integer not null,
	code       text not null,
	title      text not null,
	body       text not null default ''
);
create index plan_themes_plan on plan_themes(plan_id, position);

create table plan_channels (
	id        {{.ID}},
	plan_id   bigint not null references plans(id) on delete cascade,
	position  integer not null,
	code      text not null,
	name      text not null,
	body      text not null default '',
	unique (plan_id, code)
);

-- A section of part III: one "Giao …" or "Đề nghị …" paragraph.
create table plan_sections (
	id        {{.ID}},
	plan_id   bigint not null references plans(id) on delete cascade,
	position  integer not null,
	heading   text not null,
	mode      text not null
);
create index plan_sections_plan on plan_sections(plan_id, position);

create table plan_tasks (
	id          {{.ID}},
	plan_id     bigint not null references plans(id) on delete cascade,
	section_id  bigint not null references plan_sections(id) on delete cascade,
	position    integer not null,
	body        text not null,
	recurrence  text not null,
	due_on      text not null default ''
);
create index plan_tasks_section on plan_tasks(section_id, position);

create table task_assignments (
	id                 {{.ID}},
	task_id            bigint not null references plan_tasks(id) on delete cascade,
	unit_id            bigint not null references units(id),
	role               text not null,
	status             text not null default 'not_started',
	status_note        text not null default '',
	status_updated_at  text not null default '',
	status_updated_by  bigint references users(id) on delete set null,
	unique (task_id, unit_id)
);
create index task_assignments_unit on task_assignments(unit_id);

create table assignment_events (
	id             {{.ID}},
	assignment_id  bigint not null references task_assignments(id) on delete cascade,
	user_id        bigint references users(id) on delete set null,
	at             text not null,
	kind           text not null,
	from_status    text not null default '',
	to_status      text not null default '',
	body           text not null default ''
);
create index assignment_events_assignment on assignment_events(assignment_id, at);
