-- Monthly aggregates of activities, kept current in the same transaction as
-- each record, so dashboards read a few rows instead of scanning activities.
create table activity_monthly (
	ward_id        bigint not null references wards(id),
	month          text not null,
	unit_id        bigint not null,
	place_unit_id  bigint not null,
	channel_code   text not null,
	activities     integer not null,
	quantity       bigint not null,
	people         bigint not null,
	cost           bigint not null,
	primary key (ward_id, month, unit_id, place_unit_id, channel_code)
);
