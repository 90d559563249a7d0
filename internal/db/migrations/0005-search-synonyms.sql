-- A ward's own search synonyms: what residents say → the words the catalogue uses.
create table search_synonyms (
	id           {{.ID}},
	ward_id      bigint not null references wards(id),
	phrase       text not null,
	replacement  text not null,
	created_at   text not null,
	unique (ward_id, phrase)
);
