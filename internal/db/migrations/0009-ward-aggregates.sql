-- Per-ward and per-khu-phố monthly totals: the city view compares every
-- ward in one read of small tables, however many activities there are.
create table activity_ward_monthly (
	ward_id     bigint not null references wards(id),
	month       text not null,
	activities  integer not null,
	quantity    bigint not null,
	people      bigint not null,
	cost        bigint not null,
	primary key (ward_id, month)
);
insert into activity_ward_monthly (ward_id, month, activities, quantity, people, cost)
	select ward_id, month, sum(activities), sum(quantity), sum(people), sum(cost) from activity_monthly group by ward_id, month;

create table activity_place_monthly (
	ward_id        bigint not null references wards(id),
	month          text not null,
	place_unit_id  bigint not null,
	activities     integer not null,
	primary key (ward_id, month, place_unit_id)
);
insert into activity_place_monthly (ward_id, month, place_unit_id, activities)
	select ward_id, month, place_unit_id, sum(activities) from activity_monthly where place_unit_id <> 0 group by ward_id, month, place_unit_id;
