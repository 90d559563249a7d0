-- The ward's catalogue of administrative procedures. The structured record
-- (steps, channels, documents, legal basis, results) is kept as JSON; the
-- columns beside it are what lists and filters need.

create table procedures (
	id            {{.ID}},
	ward_id       bigint not null references wards(id),
	code          text not null,
	name          text not null,
	field         text not null default '',
	hcmc_listed   integer not null default 0,
	popularity    integer not null default 0,
	data          text not null,
	updated_at    text not null,
	unique (ward_id, code)
);
create index procedures_field on procedures(ward_id, field);

create table life_events (
	id        {{.ID}},
	ward_id   bigint not null references wards(id),
	slug      text not null,
	name      text not null,
	summary   text not null default '',
	position  integer not null default 0,
	unique (ward_id, slug)
);

create table life_event_procedures (
	life_event_id  bigint not null references life_events(id) on delete cascade,
	code           text not null,
	position       integer not null default 0,
	primary key (life_event_id, code)
);
