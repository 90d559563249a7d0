-- Posters, banners and panels (pano, áp phích, băng rôn…): the inventory,
-- each item's QR short code and photos, and its readers' scans counted by
-- day (a number only: no address, no device).

create table posters (
	id           {{.ID}},
	ward_id      bigint not null references wards(id),
	code         text not null,
	kind         text not null,
	message      text not null,
	themes       text not null default '',
	size         text not null default '',
	address      text not null default '',
	khu_pho_id   bigint references units(id) on delete set null,
	place_kind   text not null,
	quantity     integer not null default 1,
	cost         bigint not null default 0,
	put_up_on    text not null,
	take_down_on text not null,
	unit_id      bigint references units(id) on delete set null,
	target       text not null,
	target_ref   text not null default '',
	status       text not null,
	taken_down_on text not null default '',
	activity_id  bigint not null default 0,
	created_by   bigint references users(id) on delete set null,
	created_at   text not null,
	updated_at   text not null,
	unique (ward_id, code)
);
create index posters_ward on posters(ward_id, status, take_down_on);

create table poster_photos (
	id           {{.ID}},
	poster_id    bigint not null references posters(id) on delete cascade,
	file_key     text not null,
	content_type text not null,
	size         bigint not null,
	created_at   text not null
);
create index poster_photos_poster on poster_photos(poster_id);

create table poster_scans (
	poster_id bigint not null references posters(id) on delete cascade,
	day       text not null,
	scans     integer not null default 0,
	primary key (poster_id, day)
);
